/** The part of Monaco's TypeScript worker class (shipped without types) that the editor tests use. */
declare module 'monaco-editor/languages/features/typescript/tsWorker.js' {
  interface Diagnostic {
    start?: number;
    messageText: string | { messageText: string };
  }
  export class TypeScriptWorker {
    constructor(
      context: { getMirrorModels(): { uri: { toString(): string; path: string }; version: number; getValue(): string }[] },
      createData: { compilerOptions: object; extraLibs: Record<string, { content: string; version: number }> },
    );
    getSyntacticDiagnostics(fileName: string): Promise<Diagnostic[]>;
    getSemanticDiagnostics(fileName: string): Promise<Diagnostic[]>;
  }
}
