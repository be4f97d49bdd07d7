#!/usr/bin/env node
// The CLI is compiled from src/ to lib/ by `npm install` (the package's prepare script).
import { existsSync } from 'node:fs';

const main = new URL('../lib/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('golem-ts: lib/ is missing; run `npm install` (or `npm run prepare`) in the golem-ts checkout first');
  process.exit(1);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv);
