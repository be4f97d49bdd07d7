/**
 * Where the page tests find Debian's chromium (driven by playwright-core). They are skipped only
 * where none is installed, loudly; with GOLEM_TS_REQUIRE_CHROMIUM=1 (CI, set by .ci/run) a
 * missing chromium fails instead (see the first test of dashboard.test.ts).
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
export const chromiumExecutable = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
export const chromiumRequired = process.env.GOLEM_TS_REQUIRE_CHROMIUM === '1';

/** Says loudly that `what` is skipped, when it is. */
export function warnIfNoChromium(what: string): void {
  if (!chromiumExecutable && !chromiumRequired) {
    console.warn(`\n*** SKIPPING ${what}: no chromium at ${CHROMIUM_CANDIDATES.join(', ')} (apt-get install chromium) ***\n`);
  }
}
