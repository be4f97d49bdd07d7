import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const witDir = join(root, 'examples/underwriting/.golem-ts/wit');

/** Runs jco's WIT tooling in a fresh process (preopens are process-global), with or without the fix. */
function generateTypes(withFix: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-preopen-'));
  const script = join(dir, 'probe.mjs');
  writeFileSync(
    script,
    `${withFix ? `import { ensureRootPreopen } from ${JSON.stringify(join(root, 'lib/build/preopens.js'))}; ensureRootPreopen();` : ''}
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
