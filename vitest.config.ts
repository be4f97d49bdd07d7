import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Absolute path of a file of the guest SDK's in-test fake host (test/guest/fake-host/). */
const fakeHost = (file: string): string =>
  fileURLToPath(new URL(`./test/guest/fake-host/${file}`, import.meta.url));

/**
 * The WIT import modules the guest SDK (src/guest) imports. In a component, componentize-js binds
 * them to the host; under vitest they resolve to the fake host, so src/guest runs unmodified.
 */
const witModuleFakes: Record<string, string> = {
  'golem:api/host@0.2.0': fakeHost('golem-api-host.ts'),
  'golem:rpc/types@0.1.0': fakeHost('golem-rpc-types.ts'),
  'wasi:keyvalue/types@0.1.0': fakeHost('wasi-keyvalue-types.ts'),
  'wasi:keyvalue/eventual@0.1.0': fakeHost('wasi-keyvalue-eventual.ts'),
  'wasi:keyvalue/atomic@0.1.0': fakeHost('wasi-keyvalue-atomic.ts'),
  'wasi:keyvalue/eventual-batch@0.1.0': fakeHost('wasi-keyvalue-eventual-batch.ts'),
  'wasi:keyvalue/wasi-keyvalue-error@0.1.0': fakeHost('wasi-keyvalue-wasi-keyvalue-error.ts'),
};

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default defineConfig({
  // One tsconfig for every transformed file: the templates' own tsconfig.json extends
  // `golem-ts/tsconfig.json`, which resolves in a user's project (node_modules), not in this repo.
  tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
  resolve: {
    // Exact-match aliases: only these specifiers are redirected.
    alias: [
      ...Object.entries(witModuleFakes).map(([specifier, replacement]) => ({
        find: new RegExp(`^${escapeRegExp(specifier)}$`),
        replacement,
      })),
      // Example and template tests import the kit as users do; here it is the source, not lib/.
      { find: /^golem-ts\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'templates/*/test/**/*.test.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // temp-root first: every temporary directory of the run (fixture builds included) lives in
    // one root that the run removes at its end.
    globalSetup: ['test/setup/temp-root.ts', 'test/setup/fixtures.ts'],
  },
});
