/**
 * Each check's code as its author wrote it in checks.ts, read at build time: the `run`
 * method of every check object passed to `defineChecks([...])`, after the top-level
 * declarations it uses (a `hex` helper, a `KEY` constant), so the panel reads on its own.
 * The runtime's `run.toString()` is no use in the page: the build minifies it.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

// Required, not imported: the compiler is 9 MB of CommonJS, and importing it as ESM makes
// Node check its format and scan all of it for named exports first (0.95 s of CPU against 0.4 s).
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

/** One check's code, found in its checks.ts. */
export interface CheckSource {
  name: string;
  hidden: boolean;
  /** The check's `run`, dedented, after the top-level declarations it reads. */
  code: string;
}

/** Removes the indentation every non-blank line shares, except the first line's (already cut at its start). */
function dedent(text: string): string {
  const lines = text.split('\n');
  const rest = lines.slice(1).filter((line) => line.trim() !== '');
  const indent = Math.min(...rest.map((line) => /^ */.exec(line)![0].length));
  if (!Number.isFinite(indent) || indent === 0) return text;
  // The closing brace sets the method's own indentation; its first line was cut at `run`.
  return [lines[0], ...lines.slice(1).map((line) => line.slice(Math.min(indent, /^ */.exec(line)![0].length)))].join('\n');
}

const literalText = (node: TS.Node | undefined): string | undefined =>
  node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

function propertyNamed(object: TS.ObjectLiteralExpression, name: string): TS.ObjectLiteralElementLike | undefined {
  return object.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === name);
}

/** The names a top-level statement declares (functions, consts, types, classes). */
function declaredNames(statement: TS.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) && statement.name) return [statement.name.text];
  return [];
}

function identifiersIn(node: TS.Node, into = new Set<string>()): Set<string> {
  if (ts.isIdentifier(node)) into.add(node.text);
  node.forEachChild((child) => void identifiersIn(child, into));
  return into;
}

/**
 * Every check in a checks.ts, in order. Throws when the file has no `defineChecks([...])` or a
 * check's name is not a plain string, so a change the panel cannot follow fails the build.
 */
export function checkSources(text: string, fileName = 'checks.ts'): CheckSource[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let list: TS.ArrayLiteralExpression | undefined;
  const find = (node: TS.Node): void => {
    if (!list && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineChecks' && node.arguments[0] && ts.isArrayLiteralExpression(node.arguments[0])) list = node.arguments[0];
    else node.forEachChild(find);
  };
  find(file);
  if (!list) throw new Error(`${fileName}: no defineChecks([...]) call`);

  // Top-level helpers (not imports, not the default export), by the names they declare.
  const helpers = file.statements.filter((s) => !ts.isImportDeclaration(s) && !ts.isExportAssignment(s) && declaredNames(s).length > 0);

  return list.elements.map((element, index) => {
    if (!ts.isObjectLiteralExpression(element)) throw new Error(`${fileName}: check ${index + 1} is not an object literal`);
    const nameProperty = propertyNamed(element, 'name');
    const name = nameProperty && ts.isPropertyAssignment(nameProperty) ? literalText(nameProperty.initializer) : undefined;
    if (name === undefined) throw new Error(`${fileName}: check ${index + 1} has no plain string name`);
    const hiddenProperty = propertyNamed(element, 'hidden');
    const hidden = hiddenProperty !== undefined && ts.isPropertyAssignment(hiddenProperty) && hiddenProperty.initializer.kind === ts.SyntaxKind.TrueKeyword;
    const run = propertyNamed(element, 'run');
    if (!run) throw new Error(`${fileName}: check "${name}" has no run`);

    // The helpers it reads, and the helpers those read, in file order.
    const used = new Set<TS.Statement>();
    let names = identifiersIn(run);
    for (let grew = true; grew; ) {
      grew = false;
      for (const helper of helpers) {
        if (used.has(helper) || !declaredNames(helper).some((n) => names.has(n))) continue;
        used.add(helper);
        names = identifiersIn(helper, names);
        grew = true;
      }
    }
    const before = helpers.filter((h) => used.has(h)).map((h) => h.getText(file));
    const code = [...before, ...(before.length ? [''] : []), dedent(run.getText(file))].join('\n');
    return { name, hidden, code };
  });
}
