/** Whether the dist/ folder at `dist` was built from what is checked out (see bundle-current.js). */
export function bundleIsCurrent(dist: URL, opts?: { sources?: boolean }): boolean;
