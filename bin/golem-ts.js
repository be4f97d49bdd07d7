#!/usr/bin/env node
// The CLI is compiled from src/ to lib/ by `npm install` (the package's prepare script).
// Only node:fs and the version check load before the Node version is known to be supported.
import { existsSync, readFileSync } from 'node:fs';
import { nodeVersionProblem } from './node-version.js';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const problem = nodeVersionProblem(process.version, engines.node);
if (problem) {
  console.error(problem);
  process.exit(1);
}
const main = new URL('../lib/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('golem-ts: lib/ is missing; run `npm install` (or `npm run prepare`) in the golem-ts checkout first');
  process.exit(1);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv);
