import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as kit from '../../src/testing/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const section = readme.slice(readme.indexOf('## Testing your component'), readme.indexOf('\n## ', readme.indexOf('## Testing your component') + 1));
const snippets = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/**
 * Runs a README snippet as written, except that its imports come from this checkout and its
 * relative paths are resolved against the repository root, compiled for the floor line (Node 24).
 */
async function run(snippet: string): Promise<void> {
  const body = snippet
    .replace(/^import .*$/gm, '')
    .replace(/host\.template\('([^']+)'\)/g, (_, path: string) => `host.template(${JSON.stringify(root + path)})`);
  const { code } = await transform(`export default async function snippet({ ${Object.keys(kit).join(', ')} }, expect) {\n${body}\n}`, {
    loader: 'ts',
    format: 'cjs',
    target: 'node24',
  });
  const module = { exports: {} as { default: (k: typeof kit, e: typeof expect) => Promise<void> } };
  new Function('module', 'exports', 'require', code)(module, module.exports, () => {
    throw new Error('README snippets import only golem-ts/testing');
  });
  await module.exports.default(kit, expect);
}

describe('README "Testing your component"', () => {
  it('has the snippets this test runs', () => {
    expect(snippets.length).toBe(2);
    expect(snippets.every((s) => s.includes('createTestHost('))).toBe(true);
  });

  it.each(snippets.map((s, i) => [i + 1, s] as const))('snippet %i runs as written', async (_, snippet) => {
    await run(snippet);
  });
});
