import { componentWit, transpile } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { build, BuildError, ensureRootPreopen, readEmbeddedWit } from '../../src/build/index.ts';

const example = fileURLToPath(new URL('../../examples/underwriting', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('the underwriting example component', () => {
  const wasm = () => readFileSync(inject('underwritingWasm'));

  it('imports Golem host interfaces and exports golem:underwriting/api, per its own WIT', async () => {
    await ensureRootPreopen();
    const wit = await componentWit(wasm());
    expect(wit).toMatch(/import golem:api\/host@0\.2\.0;/);
    for (const iface of ['types', 'eventual', 'atomic', 'eventual-batch']) {
      expect(wit).toContain(`import wasi:keyvalue/${iface}@0.1.0;`);
    }
    expect(wit).toMatch(/export golem:underwriting\/api;/);
    // Outgoing HTTP is in by default (the host records each request and response): fetch works.
    expect(wit).toContain('import wasi:http/outgoing-handler@0.2.10;');
    // Serving HTTP (fetch-event) is not: a worker is invoked through its exports.
    expect(wit).not.toMatch(/export wasi:http/);
  });

  it('binds create-promise/await-promise and exports exactly use-credit-bureau, submit, await-decision and decision', async () => {
    await ensureRootPreopen();
    const { files } = await transpile(wasm(), { name: 'underwriting', instantiation: 'async', quiet: true });
    const js = new TextDecoder().decode(files['underwriting.js']);
    const hostImports = /const \{([^}]*)\} = imports\['golem:api\/host'\]/.exec(js)?.[1] ?? '';
    expect(hostImports).toMatch(/\bcreatePromise\b/);
    expect(hostImports).toMatch(/\bawaitPromise\b/);

    const api = new TextDecoder().decode(files['interfaces/golem-underwriting-api.d.ts']);
    const functions = [...api.matchAll(/export function (\w+)\(/g)].map((m) => m[1]).sort();
    expect(functions).toEqual(['awaitDecision', 'decision', 'submit', 'useCreditBureau']);
    expect(api).toMatch(/submit\(app: Application\): Submission/);
  });

  it('carries its WIT sources for the host in a custom section', () => {
    const embedded = readEmbeddedWit(wasm());
    expect(embedded?.world).toBe('underwriting');
    expect(embedded?.files['underwriting.wit']).toContain('package golem:underwriting;');
    expect(embedded?.files['deps/golem/golem-host.wit']).toContain('create-promise: func() -> promise-id;');
  });

  it('is served from the content-hash cache when nothing changed', async () => {
    const again = await build(example);
    expect(again.cached).toBe(true);
    expect(again.out).toBe(inject('underwritingWasm'));
  });
});

describe('build errors', () => {
  const failure = async (dir: string): Promise<BuildError> => {
    try {
      await build(dir, { force: true });
    } catch (e) {
      if (e instanceof BuildError) return e;
      throw e;
    }
    throw new Error(`${dir} built, but it should not`);
  };

  it('reports a syntax error as file:line:column, not a bundler stack trace', async () => {
    const err = await failure(fixture('syntax-error'));
    expect(err.code).toBe('BUNDLE_FAILED');
    expect(err.diagnostics).toEqual([expect.stringMatching(/^src\/index\.ts:5:\d+: Expected "\)" but found ";"$/)]);
    expect(err.message).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it('names the missing export', async () => {
    const err = await failure(fixture('missing-export'));
    expect(err.code).toBe('TYPECHECK_FAILED');
    expect(err.diagnostics[0]).toMatch(/^missing export: function 'get' of test:counter\/api is not implemented/);
  });

  it('names a mistyped export', async () => {
    const err = await failure(fixture('wrong-type'));
    expect(err.code).toBe('TYPECHECK_FAILED');
    expect(err.diagnostics[0]).toMatch(/^mistyped export: 'api\.get' does not match its WIT signature/);
    expect(err.message).toMatch(/'string' is not assignable to type 'bigint \| Promise<bigint>'/);
  });

  it('reports a project without WIT clearly', async () => {
    const err = await failure(fixture('syntax-error/src'));
    expect(err.code).toBe('NO_WIT');
  });
});
