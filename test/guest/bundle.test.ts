/**
 * The guest SDK must bundle for StarlingMonkey: no Node built-ins or globals, and the only
 * runtime imports left in the bundle are the WIT import modules (kept external, bound by
 * componentize-js).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const WIT_MODULES = [
  'golem:api/host@0.2.0',
  'golem:rpc/types@0.1.0',
  'wasi:keyvalue/types@0.1.0',
  'wasi:keyvalue/eventual@0.1.0',
  'wasi:keyvalue/atomic@0.1.0',
  'wasi:keyvalue/eventual-batch@0.1.0',
  'wasi:keyvalue/wasi-keyvalue-error@0.1.0',
];
const guestDir = fileURLToPath(new URL('../../src/guest/', import.meta.url));

describe('guest bundle', () => {
  test('bundles with only the WIT modules as imports and no Node APIs', async () => {
    const result = await build({
      entryPoints: [`${guestDir}index.ts`],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      external: WIT_MODULES,
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    const imports = [...code.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(WIT_MODULES.filter((m) => m !== 'wasi:keyvalue/wasi-keyvalue-error@0.1.0')));
    expect(code).not.toMatch(/\brequire\(|\bBuffer\b|\bprocess\.|from ['"]node:/);
  });

  test('sources import only relative files, WIT modules or types', () => {
    let seen = 0;
    for (const file of readdirSync(guestDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
      const source = readFileSync(`${guestDir}${file}`, 'utf8');
      for (const m of source.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
        const [, , typeOnly, specifier] = m;
        const ok = specifier.startsWith('./') || WIT_MODULES.includes(specifier) || typeOnly !== undefined;
        expect(ok, `${file}: ${m[0]}`).toBe(true);
        seen += 1;
      }
    }
    expect(seen).toBeGreaterThan(10);
  });
});
