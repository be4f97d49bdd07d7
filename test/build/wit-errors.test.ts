/**
 * Build errors point at the author's files: WIT problems read `wit/app.wit:L:C: …` (never the
 * generated copy in .golem-ts/wit), Golem's 2024 `-> ()` is accepted, and a JavaScript entry is
 * checked as JavaScript.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, BuildError } from '../../src/build/index.ts';
import { generateWorldTypes, typecheck } from '../../src/build/typecheck.ts';
import { acceptEmptyResults, assembleWit } from '../../src/build/wit-dir.ts';

const WORLD = `
world app {
    include golem:ts/guest@0.1.0;
    export api;
}
`;

function project(wit: string, entry: { file: string; text: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-wit-errors-'));
  mkdirSync(join(dir, 'wit'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'wit', 'app.wit'), wit);
  writeFileSync(join(dir, entry.file), entry.text);
  return dir;
}

const tsEntry = { file: 'src/index.ts', text: 'export const api = { ping() {}, hello: (name: string) => `hi ${name}` };\n' };

/** The build's type-check step alone (world types, then the export check), without componentize-js. */
async function checkTypes(dir: string, entryFile: string): Promise<void> {
  const witDir = join(dir, '.golem-ts', 'wit');
  assembleWit(join(dir, 'wit'), witDir);
  const { worldFile, worldModule } = await generateWorldTypes(witDir, 'app', join(dir, '.golem-ts', 'types'));
  await typecheck({ entry: join(dir, entryFile), projectDir: dir, workDir: join(dir, '.golem-ts'), worldFile, worldModule });
}

async function failure(dir: string): Promise<BuildError> {
  try {
    await build(dir, { force: true });
  } catch (e) {
    if (e instanceof BuildError) return e;
    throw e;
  }
  throw new Error(`${dir} built, but it should not`);
}

describe('WIT errors', () => {
  it('a syntax error reads wit/<file>:line:col with wit-parser words, never the generated copy', async () => {
    const err = await failure(
      project(`package acme:app;\n\ninterface api {\n    ping: func();\n    hello: func(name: string) -> string\n    bye: func();\n}\n${WORLD}`, tsEntry),
    );
    expect(err.code).toBe('WIT_INVALID');
    expect(err.diagnostics).toEqual([expect.stringMatching(/^wit\/app\.wit:6:5: expected `;`, found `bye` \(wit-parser: expected ';', found an identifier\)$/)]);
    expect(err.message).not.toContain('.golem-ts');
  });

  it('an unknown name points at its first use', async () => {
    const err = await failure(project(`package acme:app;\n\ninterface api {\n    ping: func() -> nope;\n}\n${WORLD}`, tsEntry));
    expect(err.code).toBe('WIT_INVALID');
    expect(err.diagnostics).toEqual(['wit/app.wit:4:21: name `nope` does not exist']);
  });
});

describe('Golem 2024 WIT: `-> ()`', () => {
  it('is blanked to "no results" without moving any position', () => {
    const text = 'a: func() -> ();\nb: func(x: u8) ->( ) ;\nc: func() -> (x: u8);\n';
    const out = acceptEmptyResults(text);
    expect(out).toBe('a: func()      ;\nb: func(x: u8)       ;\nc: func() -> (x: u8);\n');
    expect(out.length).toBe(text.length);
  });

  it('builds the world types and type-checks an entry against it', async () => {
    const dir = project(`package acme:app;\n\ninterface api {\n    ping: func() -> ();\n    hello: func(name: string) -> string;\n}\n${WORLD}`, tsEntry);
    await checkTypes(dir, tsEntry.file);
  });
});

describe('a JavaScript entry', () => {
  const wit = `package acme:app;\n\ninterface api {\n    hello: func(name: string) -> string;\n}\n${WORLD}`;

  it('passes the export check as JavaScript (no TS7016 for a missing declaration file)', async () => {
    const entry = { file: 'src/index.js', text: 'export const api = { hello(name) { return `hi ${name}`; } };\n' };
    const dir = project(wit, entry);
    await checkTypes(dir, entry.file);
  });

  it('may return numbers where the WIT says u64 (as Golem\'s 2024 javascript_example_1 does: jco accepts them), in a world-level record too', async () => {
    const worldLevel = `package acme:app;\n\nworld app {\n    include golem:ts/guest@0.1.0;\n    record hello-record { field1: string, field2: u64 }\n    export hello: func(name: string) -> hello-record;\n    export total: func() -> s64;\n}\n`;
    const entry = { file: 'src/index.js', text: 'export function hello(name) { return { field1: `Hello ${name}`, field2: 42 }; }\nexport const total = () => -2;\n' };
    const dir = project(worldLevel, entry);
    await checkTypes(dir, entry.file);
    // A TypeScript entry keeps the exact WIT types: a number for a u64 is a mistake there.
    const ts = project(worldLevel, { file: 'src/index.ts', text: 'export function hello(name: string) { return { field1: `Hello ${name}`, field2: 42 }; }\nexport const total = () => -2n;\n' });
    const err = await failure(ts);
    expect(err.code).toBe('TYPECHECK_FAILED');
  });

  it('still reports an export whose inferred type contradicts the world', async () => {
    const err = await failure(project(wit, { file: 'src/index.js', text: 'export const api = { hello(name) { return 42; } };\n' }));
    expect(err.code).toBe('TYPECHECK_FAILED');
    expect(err.diagnostics[0]).toMatch(/^mistyped export: 'api\.hello' does not match its WIT signature/);
    expect(err.message).not.toContain('TS7016');
  });
});
