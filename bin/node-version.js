// The Node.js floor, checked before the CLI imports anything a too-old Node would fail on. Plain
// JavaScript that any Node with ES modules runs; the floor itself lives in package.json (engines.node).

/** [major, minor, patch] of a range `>=24`, `>=24.3` or `>=24.3.1`. */
export function floorOf(range) {
  const m = /^>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(range).trim());
  if (!m) throw new Error(`golem-ts: engines.node must read ">=MAJOR[.MINOR[.PATCH]]", got ${JSON.stringify(range)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** The one line to print when `version` (process.version) is below `range`, else undefined. */
export function nodeVersionProblem(version, range) {
  const floor = floorOf(range);
  const have = String(version).replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < 3; i++) {
    if ((have[i] || 0) > floor[i]) return undefined;
    if ((have[i] || 0) < floor[i]) {
      const needs = floor[2] ? floor.join('.') : floor[1] ? `${floor[0]}.${floor[1]}` : String(floor[0]);
      return `golem-ts needs Node.js ${needs} or newer; this is ${version}`;
    }
  }
  return undefined;
}
