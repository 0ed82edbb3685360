/** The sandboxed child's script: bundled, the bundle's own build-child.mjs (scripts/bundle.ts). */
export const CHILD = new URL('./build-child.ts', import.meta.url);
