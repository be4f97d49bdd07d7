import { appendFileSync, cpSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { build, type BuildEvent } from '../../src/build/index.ts';

const hostApi = fileURLToPath(new URL('../fixtures/host-api', import.meta.url));

/** A copy of the host-api fixture with its built component and cache record, so edits stay private. */
function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-unchanged-'));
  for (const entry of ['package.json', 'src', 'wit', 'dist', '.golem-ts/build.json']) cpSync(join(hostApi, entry), join(dir, entry), { recursive: true });
  return dir;
}

async function buildWithEvents(dir: string) {
  const events: BuildEvent['type'][] = [];
  const result = await build(dir, { onEvent: (e) => events.push(e.type) });
  return { result, events };
}

describe('an unchanged project', () => {
  it('is recognised from its sources without bundling, and any edit or a touched component falls back to the bundle hash', async () => {
    expect(inject('hostApiWasm')).toContain('host-api');
    const dir = copyOfFixture();

    // The copied record names other paths: the first build bundles, finds the same bundle and records its sources.
    const first = await buildWithEvents(dir);
    expect(first.result.cached).toBe(true);
    expect(first.events).toEqual(['step', 'cache-hit']);

    const second = await buildWithEvents(dir);
    expect(second.result.cached).toBe(true);
    expect(second.events).toEqual(['cache-hit']); // no bundle step
    expect(second.result.size).toBe(first.result.size);

    // A comment changes the source file but not the minified bundle: bundled again, still no componentize.
    appendFileSync(join(dir, 'src/index.ts'), '\n// edited\n');
    expect((await buildWithEvents(dir)).events).toEqual(['step', 'cache-hit']);
    expect((await buildWithEvents(dir)).events).toEqual(['cache-hit']);

    // A component touched (or replaced) since the build is not trusted from the record.
    utimesSync(second.result.out, new Date(), new Date(Date.now() - 60_000));
    expect((await buildWithEvents(dir)).events).toEqual(['step', 'cache-hit']);
  });
});
