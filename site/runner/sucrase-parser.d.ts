/** The part of sucrase's parser (shipped without types at these paths) that the import scan uses. */
declare module 'sucrase/dist/parser/index.js' {
  export interface Token {
    type: number;
    contextualKeyword: number;
    start: number;
    end: number;
  }
  export function parse(input: string, isJSXEnabled: boolean, isTypeScriptEnabled: boolean, isFlowEnabled: boolean): { tokens: Token[] };
}
declare module 'sucrase/dist/parser/tokenizer/types.js' {
  export const TokenType: Record<string, number>;
}
declare module 'sucrase/dist/parser/tokenizer/keywords.js' {
  export const ContextualKeyword: Record<string, number>;
}
