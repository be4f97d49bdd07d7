/** The Node.js floor: package.json's engines.node, checked by the CLI before it loads anything else. */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floorOf, nodeVersionProblem } from '../../bin/node-version.js';
import { repoRoot } from './run-cli.ts';

const engines = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
const [floorMajor] = floorOf(engines);

describe('the Node.js floor', () => {
  it('reads >=MAJOR[.MINOR[.PATCH]] and refuses any other range', () => {
    expect(floorOf('>=24')).toEqual([24, 0, 0]);
    expect(floorOf('>= 24.3')).toEqual([24, 3, 0]);
    expect(floorOf('>=24.3.1')).toEqual([24, 3, 1]);
    expect(() => floorOf('^24 || ^26')).toThrow(/engines.node must read/);
  });

  it('names what it needs, and the running version, in one line when the version is below', () => {
    expect(nodeVersionProblem('v20.20.2', '>=24')).toBe('golem-ts needs Node.js 24 or newer; this is v20.20.2');
    expect(nodeVersionProblem('v22.23.0', '>=24')).toBe('golem-ts needs Node.js 24 or newer; this is v22.23.0');
    expect(nodeVersionProblem('v24.2.9', '>=24.3')).toBe('golem-ts needs Node.js 24.3 or newer; this is v24.2.9');
    expect(nodeVersionProblem('v24.3.0', '>=24.3.1')).toBe('golem-ts needs Node.js 24.3.1 or newer; this is v24.3.0');
  });

  it('accepts the floor itself and anything newer', () => {
    for (const v of ['v24.0.0', 'v24.22.3', 'v26.12.1', 'v100.0.0']) expect(nodeVersionProblem(v, '>=24')).toBeUndefined();
    expect(nodeVersionProblem('v24.3.0', '>=24.3')).toBeUndefined();
    expect(nodeVersionProblem('v25.0.0', '>=24.3.1')).toBeUndefined();
  });

  it('is the one the running Node meets (tests run on a supported line)', () => {
    expect(nodeVersionProblem(process.version, engines)).toBeUndefined();
  });

  it('is what the package and every template declare and build against: their engines, their @types/node major', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'templates/manifest.json'), 'utf8')) as { templates: { path: string }[] };
    for (const dir of ['.', ...manifest.templates.map((t) => join('templates', t.path))]) {
      const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as { engines?: { node?: string }; devDependencies: Record<string, string> };
      expect(pkg.engines?.node, dir).toBe(engines);
      expect(pkg.devDependencies['@types/node'], dir).toMatch(new RegExp(`^\\^${floorMajor}\\.`));
    }
  });

  it('is the one the README names', () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(`Requirements: Node.js ${floorMajor} or newer`);
  });
});

/** A `node` on PATH older than the floor (the machine's own Node, when CI put the floor line first), if any. */
function olderNodeOnPath(): { path: string; version: string } | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    try {
      accessSync(path, constants.X_OK);
    } catch {
      continue;
    }
    const version = execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    if (nodeVersionProblem(version, engines)) return { path, version };
  }
  return undefined;
}

const older = olderNodeOnPath();

describe.skipIf(!older)(`the CLI on an older Node (${older?.version ?? 'none on PATH'})`, () => {
  it('exits 1 with one line naming the floor and the version, before loading the CLI', async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(older!.path, [join(repoRoot, 'bin/golem-ts.js'), 'build', '--help'], { cwd: repoRoot }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      ),
    );
    expect(r).toEqual({ code: 1, stdout: '', stderr: `golem-ts needs Node.js ${floorMajor} or newer; this is ${older!.version}\n` });
  });
});
