import { defineConfig } from 'vitest/config';

// The first invocation of a component instantiates it (jco transpile + compile): seconds, not ms.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
