import { describe, expect, it } from 'vitest';
import { missingImports } from '../../src/host/import-check.ts';
import type { WorkerContext } from '../../src/host/imports/context.ts';
import { golemHost } from '../../src/host/imports/golem-host.ts';
import { http } from '../../src/host/imports/http/index.ts';
import { providedImports } from '../../src/host/imports/index.ts';
import { keyValue } from '../../src/host/imports/keyvalue.ts';
import { provide } from '../../src/host/imports/provide.ts';
import { rpcTypes } from '../../src/host/imports/rpc.ts';
import { cli } from '../../src/host/imports/wasi/cli.ts';
import { clocks } from '../../src/host/imports/wasi/clocks.ts';
import { filesystem } from '../../src/host/imports/wasi/filesystem.ts';
import { io } from '../../src/host/imports/wasi/io.ts';
import { MonotonicTime } from '../../src/host/imports/wasi/monotonic.ts';
import { random } from '../../src/host/imports/wasi/random.ts';
import type { ComponentImport } from '../../src/wit/binary/index.ts';

/** A context nothing is called on: building the imports only reads their shape. */
const probe = { templateId: '00000000-0000-0000-0000-000000000000', workerName: '' } as unknown as WorkerContext;

const instanceImport = (name: string, functions: string[]): ComponentImport => ({ name, kind: 'instance', functions, records: new Map(), signature: () => undefined });

describe('the imports the host provides', () => {
  it('are exactly the WASI package modules’ interfaces plus golem:api, golem:rpc and wasi:keyvalue, each from one module', () => {
    const time = new MonotonicTime(probe.clock);
    const wasiIo = io(probe, time);
    const modules = [wasiIo, cli(probe, wasiIo), clocks(probe, time, wasiIo), filesystem(), random(probe), http(probe, wasiIo), keyValue(probe), { 'golem:api/host': golemHost(probe) }, { 'golem:rpc/types': rpcTypes(probe) }];
    const names = modules.flatMap((m) => Object.keys(m));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(providedImports()).sort()).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^[a-z-]+:[a-z-]+\/[a-z-]+$/);
    expect(names.filter((n) => n.startsWith('wasi:io/'))).toEqual(['wasi:io/error', 'wasi:io/poll', 'wasi:io/streams']);
  });

  it('refuse an interface provided twice instead of letting one module replace another', () => {
    expect(() => provide({ 'wasi:io/poll': {} }, { 'wasi:io/poll': {} })).toThrow('the host import wasi:io/poll is provided twice');
  });

  it('are checked function by function, resources included, against what the modules build', () => {
    const provided = providedImports();
    expect(missingImports([instanceImport('wasi:io/poll@0.2.0', ['[method]pollable.block', 'poll'])], provided)).toEqual([]);
    expect(missingImports([instanceImport('wasi:cli/stdout@0.2.3', ['get-stdout'])], provided)).toEqual([]);
    expect(missingImports([instanceImport('wasi:io/poll@0.2.0', ['[method]pollable.block', '[method]pollable.teleport'])], provided)).toEqual(['wasi:io/poll@0.2.0.{[method]pollable.teleport}']);
    expect(missingImports([instanceImport('wasi:sockets/tcp@0.2.0', [])], provided)).toEqual(['wasi:sockets/tcp@0.2.0']);
    // What componentize-js 0.23's fetch imports (wasi:http@0.2.10), resources and statics included.
    const httpTypes = ['[constructor]fields', '[static]fields.from-list', '[method]fields.append', '[method]fields.entries', '[constructor]outgoing-request', '[method]outgoing-request.set-method', '[method]outgoing-request.body', '[method]outgoing-body.write', '[static]outgoing-body.finish', '[method]future-incoming-response.subscribe', '[method]future-incoming-response.get', '[method]incoming-response.status', '[method]incoming-response.consume', '[method]incoming-body.stream', '[static]incoming-body.finish', '[static]response-outparam.set'];
    expect(missingImports([instanceImport('wasi:http/types@0.2.10', httpTypes), instanceImport('wasi:http/outgoing-handler@0.2.10', ['handle'])], provided)).toEqual([]);
  });

  it('need no provider for a type the world defines at world level', () => {
    const worldType: ComponentImport = { name: 'hello-record', kind: 'type', functions: [], records: new Map(), signature: () => undefined };
    expect(missingImports([worldType], providedImports())).toEqual([]);
  });
});
