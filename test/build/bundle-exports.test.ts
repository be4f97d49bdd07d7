/**
 * The bundle wraps every export of the entry (so timers it leaves pending settle before its
 * invocation completes): the export names are read from the project's own modules, and from a
 * package too when the entry re-exports its whole namespace.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundle } from '../../src/build/bundle.ts';

function project(entry: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-bundle-exports-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'node_modules', 'greetings'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'greetings', 'package.json'), JSON.stringify({ name: 'greetings', type: 'module', main: 'index.js' }));
  writeFileSync(join(dir, 'node_modules', 'greetings', 'index.js'), 'export const hello = (n) => `hello ${n}`;\nexport function bye(n) { return `bye ${n}`; }\n');
  writeFileSync(join(dir, 'src', 'api.ts'), 'export const api = { ping: () => "pong" };\nexport const version = 1;\n');
  writeFileSync(join(dir, 'src', 'index.ts'), entry);
  return dir;
}

/** The names the bundle exports (its last `export{… as name}` statement). */
function exported(code: string): string[] {
  const list = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(code)?.[1] ?? '';
  return list.split(',').map((s) => s.trim().split(/\s+as\s+/).at(-1)!.replace(/^"|"$/g, '')).filter(Boolean).sort();
}

describe('the bundle exports every export of the entry', () => {
  it('through the project\'s own modules (named and namespace re-exports)', async () => {
    const dir = project("export * from './api.ts';\nexport { hello } from 'greetings';\nexport const own = 2;\n");
    const { code } = await bundle(join(dir, 'src', 'index.ts'), dir);
    expect(exported(code)).toEqual(['api', 'hello', 'own', 'version']);
  });

  it('through a package whose whole namespace the entry re-exports', async () => {
    const dir = project("export * from 'greetings';\nexport const own = 2;\n");
    const { code } = await bundle(join(dir, 'src', 'index.ts'), dir);
    expect(exported(code)).toEqual(['bye', 'hello', 'own']);
  });
});
