import { defineConfig } from 'vitest/config';

// An agent's first call instantiates Golem's 11 MB QuickJS guest (transpile + compile): seconds, not ms.
export default defineConfig({ test: { testTimeout: 180_000, hookTimeout: 180_000 } });
