import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shimCopies } from '../../src/build/preopens.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const witDir = join(root, 'examples/underwriting/.golem-ts/wit');

/** Runs jco's WIT tooling in a fresh process (preopens are process-global), with or without the fix. */
function generateTypes(withFix: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-preopen-'));
  const script = join(dir, 'probe.mjs');
  writeFileSync(
    script,
    `${withFix ? `import { ensureRootPreopen } from ${JSON.stringify(join(root, 'lib/build/preopens.js'))}; await ensureRootPreopen();` : ''}
import { generateGuestTypes } from ${JSON.stringify(join(root, 'node_modules/@bytecodealliance/jco-transpile/dist/index.js'))};
try {
  const files = await generateGuestTypes(${JSON.stringify(witDir)}, { worldName: 'underwriting', outDir: ${JSON.stringify(dir)} + '/' });
  console.log('generated ' + Object.keys(files).length);
} catch (e) {
  console.log('failed: ' + String(e.message ?? e).replace(/\\n/g, ' '));
}
`,
  );
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [script], (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
  );
}

describe('preview2-shim preopens (jco/componentize-js run as WASI components)', () => {
  it('without a root preopen, WIT paths are invisible to jco', async () => {
    expect(await generateTypes(false)).toMatch(/failed: .*No such file or directory \(os error 44\)/);
  });

  it('ensureRootPreopen makes the same call succeed', async () => {
    expect(await generateTypes(true)).toMatch(/^generated \d+$/);
  });
});

describe('preview2-shim preopens with several copies of the shim', () => {
  /**
   * npm nests a second copy when a dependent needs another shim version (jco-std asks for
   * ^0.25, golem-ts for ^0.26): golem-ts/node_modules/… next to a hoisted one.
   */
  function layout(): { root: string; copies: string[] } {
    const top = mkdtempSync(join(tmpdir(), 'golem-ts-shims-'));
    const shim = join(root, 'node_modules/@bytecodealliance/preview2-shim');
    const root2 = join(top, 'node_modules/golem-ts');
    const copies = [join(top, 'node_modules/@bytecodealliance/preview2-shim'), join(root2, 'node_modules/@bytecodealliance/preview2-shim')];
    for (const copy of copies) cpSync(shim, copy, { recursive: true });
    writeFileSync(join(root2, 'package.json'), JSON.stringify({ name: 'golem-ts', type: 'module' }));
    for (const pkg of ['jco-transpile', 'componentize-js']) {
      mkdirSync(join(top, 'node_modules/@bytecodealliance', pkg), { recursive: true });
      writeFileSync(join(top, 'node_modules/@bytecodealliance', pkg, 'package.json'), JSON.stringify({ name: `@bytecodealliance/${pkg}` }));
    }
    return { root: root2, copies: copies.map((c) => join(c, 'dist/nodejs/filesystem.js')) };
  }

  it('finds every copy the toolchain resolves', () => {
    const { root: pkgRoot, copies } = layout();
    expect(shimCopies(pkgRoot).sort()).toEqual(copies.map((c) => realpathSync(c)).sort());
  });

  it('sets the root preopen on each copy (checked in a fresh process)', async () => {
    const { root: pkgRoot, copies } = layout();
    const script = join(pkgRoot, 'probe.mjs');
    writeFileSync(
      script,
      `import { setRootPreopens } from ${JSON.stringify(join(root, 'lib/build/preopens.js'))};
await setRootPreopens(${JSON.stringify(pkgRoot)});
for (const f of ${JSON.stringify(copies)}) {
  const fs = await import(f);
  console.log(fs.preopens.getDirectories().map(([, p]) => p).join(','));
}
`,
    );
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [script], (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
    );
    expect(out.split('\n')).toEqual(['/', '/']);
  });
});
