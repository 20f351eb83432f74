/**
 * The meta string of a fenced code block: ```ts title="server.ts" {2,4-5}
 * `title` names the file shown above the code; `{…}` lists lines to highlight.
 */

/** What a code fence's meta string asks for. */
export interface CodeMeta {
  /** File name or caption shown in the block's header. */
  title?: string;
  /** 1-based line numbers to highlight. */
  highlight: Set<number>;
}

const TITLE = /\btitle=(?:"([^"]*)"|'([^']*)')/;
const RANGES = /\{([^}]*)\}/;

/**
 * Parses `title="server.ts" {2,4-5}`.
 * @throws when a line range is not numbers, not 1-based, or runs backwards, so a typo
 *   in a lesson fails the build instead of silently highlighting nothing.
 */
export function parseCodeMeta(raw: string | undefined): CodeMeta {
  const meta: CodeMeta = { highlight: new Set() };
  if (!raw) return meta;
  const title = TITLE.exec(raw);
  if (title) meta.title = title[1] ?? title[2];
  const rest = raw.replace(TITLE, '');
  const ranges = RANGES.exec(rest);
  if (ranges) {
    for (const part of ranges[1]!.split(',').map((p) => p.trim()).filter(Boolean)) {
      const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
      if (!match) throw new Error(`code block highlight "{${ranges[1]}}": "${part}" is not a line number or a range like 4-5`);
      const from = Number(match[1]);
      const to = match[2] === undefined ? from : Number(match[2]);
      if (from < 1) throw new Error(`code block highlight "{${ranges[1]}}": lines are numbered from 1`);
      if (to < from) throw new Error(`code block highlight "{${ranges[1]}}": range ${part} runs backwards`);
      for (let line = from; line <= to; line++) meta.highlight.add(line);
    }
  }
  return meta;
}
