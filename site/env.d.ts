/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /**
     * The lesson being rendered, set by the lesson page before its content renders,
     * so components inside the MDX (e.g. `<KeyTerms />`) can read its frontmatter.
     */
    lesson?: {
      slug: string;
      terms: import('./content/schema/key-terms.ts').KeyTerm[];
    };
  }
}

/**
 * For `tsc`, which cannot read .astro files: plain .ts modules that re-export Astro
 * components (site/components/mdx/index.ts) type-check against this. `astro check`
 * resolves the real component types.
 */
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
