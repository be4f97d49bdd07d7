/** `golem-ts new` as a user runs it: `node bin/golem-ts.js new …` in an empty directory. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileLib, repoRoot, runCli } from './run-cli.ts';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'templates/manifest.json'), 'utf8')) as {
  templates: { name: string; path: string; witPackage: string }[];
};
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

const tempDir = () => mkdtempSync(join(tmpdir(), 'golem-ts-new-'));
const newIn = (cwd: string, ...args: string[]) => runCli(['new', ...args], {}, cwd);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)).map((f) => `${n}/${f}`) : [n])).sort();
}

beforeAll(() => compileLib());

describe('golem-ts new', () => {
  it('scaffolds a template under a new WIT package name, with golem-ts from a local tarball', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'golem-ts-0.0.0.tgz'), '');
    const r = await newIn(cwd, 'expenses', '--template', 'approval', '--name', 'acme:expense', '--sdk', 'file:golem-ts-0.0.0.tgz');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created expenses from template approval \(WIT package acme:expense, \d+ files\)\n/);
    expect(r.stdout).toContain('next:\n  cd expenses\n  npm install\n  npm run build && npm test\n');

    const dir = join(cwd, 'expenses');
    // Build output and caches of the template in the repo never travel.
    expect(files(dir).filter((f) => /^(dist|\.golem-ts|node_modules)\//.test(f))).toEqual([]);
    expect(files(dir)).toEqual(expect.arrayContaining(['README.md', 'package.json', 'tsconfig.json', 'src/index.ts', 'wit/approval.wit']));
    expect(files(dir).some((f) => f.startsWith('test/') && f.endsWith('.test.ts'))).toBe(true);
    for (const f of files(dir)) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('golem:approval');
    expect(readFileSync(join(dir, 'wit/approval.wit'), 'utf8')).toMatch(/^package acme:expense;/m);
    expect(readFileSync(join(dir, 'test/approval.test.ts'), 'utf8')).toContain("'acme:expense/api/request'");

    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.name).toBe('expenses');
    // Absolute, so the project installs from the same tarball wherever it is moved.
    expect(pkg.dependencies['golem-ts']).toBe(`file:${join(cwd, 'golem-ts-0.0.0.tgz')}`);
    expect(pkg.scripts).toMatchObject({ build: 'golem-ts build', test: 'vitest run' });
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'))).toMatchObject({ extends: 'golem-ts/tsconfig.json' });
  });

  it.each(manifest.templates)('$name: by default keeps the template WIT package and depends on this golem-ts version', async (t) => {
    const cwd = tempDir();
    const r = await newIn(cwd, 'My App', '--template', t.name);
    expect(r.code).toBe(0);
    const dir = join(cwd, 'My App');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: 'my-app', dependencies: { 'golem-ts': version } });
    const source = join(repoRoot, 'templates', t.path);
    const copied = files(dir).filter((f) => f !== 'package.json');
    expect(copied).toEqual(files(source).filter((f) => f !== 'package.json' && !/^(dist|\.golem-ts|golem-temp|node_modules)\//.test(f)));
    for (const f of copied) expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(source, f), 'utf8'));
  });

  it('uses the minimal template when none is given', async () => {
    const cwd = tempDir();
    expect((await newIn(cwd, 'app')).code).toBe(0);
    expect(existsSync(join(cwd, 'app/wit/minimal.wit'))).toBe(true);
  });

  it('refuses a non-empty directory and leaves it alone', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'app'));
    writeFileSync(join(cwd, 'app', 'notes.txt'), 'mine');
    const r = await newIn(cwd, 'app');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/app is not empty; choose a new or empty directory/);
    expect(readdirSync(join(cwd, 'app'))).toEqual(['notes.txt']);
  });

  it.each([
    ['acme', /"acme" is not a WIT package name: expected namespace:package, e.g. "acme:expense"/],
    ['acme:Expense', /the word "Expense" mixes upper and lower case/],
    ['acme:2fa', /every word must start with a letter/],
    ['acme:my--app', /words are separated by single hyphens/],
    ['acme:my_app', /use kebab-case letters and digits only/],
    ['acme:app@1.0.0', /without a version/],
    [':app', /namespace and package must both be given/],
  ])('rejects the WIT package name %s with a clear message', async (name, message) => {
    const cwd = tempDir();
    const r = await newIn(cwd, 'app', '--name', name);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'app'))).toBe(false);
  });

  it('names the templates when one does not exist', async () => {
    const r = await newIn(tempDir(), 'app', '--template', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unknown template "nope"; choose one of: ${manifest.templates.map((t) => t.name).join(', ')}`);
  });

  it('without a directory and without a terminal, says what is missing instead of prompting', async () => {
    const r = await newIn(tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing <dir>: golem-ts new <dir>');
  });

  it('reports a --sdk file: path that does not exist', async () => {
    const cwd = tempDir();
    const r = await newIn(cwd, 'app', '--sdk', 'file:../nowhere.tgz');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--sdk file:../nowhere.tgz: ${join(cwd, '../nowhere.tgz')} does not exist`);
  });
});
