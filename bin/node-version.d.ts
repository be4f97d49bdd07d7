/** [major, minor, patch] of a range `>=24`, `>=24.3` or `>=24.3.1`. */
export function floorOf(range: string): [number, number, number];
/** The one line to print when `version` (process.version) is below `range`, else undefined. */
export function nodeVersionProblem(version: string, range: string): string | undefined;
