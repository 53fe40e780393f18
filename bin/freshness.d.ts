/** The file, inside dist/, holding the hash of the sources it was built from. */
export const BUILD_STAMP: string;
/** SHA-256 over the path and content of every file dist/ is compiled from. */
export function sourceHash(root: string): string;
/** True when dist/ holds a complete build of the sources as they are now. */
export function distIsFresh(root: string): boolean;
