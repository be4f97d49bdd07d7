import * as shim from '@bytecodealliance/preview2-shim';
import { transpile } from '@bytecodealliance/jco';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureRootPreopen } from '../../src/build/index.ts';

/**
 * The smallest host that runs a golem-ts component under jco: promises in a map keyed by the
 * oplog index it hands out, key-value in memory, WASI from preview2-shim. No durability: that
 * is the real host's job (src/host); this checks the component and the SDK inside it.
 */
export class MinimalHost {
  nextOplogIdx = 42n;
  readonly promises = new Map<bigint, Uint8Array | undefined>();
  readonly kv = new Map<string, Uint8Array>();
  readonly workerName = 'test-worker';
  readonly templateUuid = { highBits: 0x0123456789abcdefn, lowBits: 0xfedcba9876543210n };

  imports(): Record<string, unknown> {
    const host = this;
    class KvError {
      constructor(readonly message: string) {}
      trace() {
        return this.message;
      }
    }
    class Bucket {
      constructor(readonly name: string) {}
      static openBucket(name: string) {
        return new Bucket(name);
      }
    }
    class OutgoingValue {
      body: Uint8Array = new Uint8Array();
      static newOutgoingValue() {
        return new OutgoingValue();
      }
      outgoingValueWriteBodySync(v: Uint8Array) {
        this.body = v;
      }
    }
    class IncomingValue {
      constructor(readonly body: Uint8Array) {}
      incomingValueConsumeSync() {
        return this.body;
      }
      incomingValueSize() {
        return BigInt(this.body.length);
      }
    }
    const k = (b: Bucket, key: string) => `${b.name}/${key}`;
    const unsupported = (name: string) => () => {
      throw new Error(`${name} is not part of the minimal host`);
    };
    return {
      'golem:api/host': {
        GetWorkers: class {},
        createPromise: () => {
          const idx = host.nextOplogIdx++;
          host.promises.set(idx, undefined);
          return { workerId: { templateId: { uuid: host.templateUuid }, workerName: host.workerName }, oplogIdx: idx };
        },
        awaitPromise: (id: { oplogIdx: bigint }) => {
          const data = host.promises.get(id.oplogIdx);
          if (!data) throw new Error(`promise ${id.oplogIdx} is not completed (the minimal host cannot suspend)`);
          return data;
        },
        getSelfUri: (fn: string) => ({ value: `worker://template/${host.workerName}/${fn}` }),
        ...Object.fromEntries(
          ['completePromise', 'deletePromise', 'getOplogIndex', 'setOplogIndex', 'oplogCommit', 'markBeginOperation', 'markEndOperation', 'getRetryPolicy', 'setRetryPolicy', 'getOplogPersistenceLevel', 'setOplogPersistenceLevel', 'getIdempotenceMode', 'setIdempotenceMode', 'generateIdempotencyKey'].map((n) => [n, unsupported(n)]),
        ),
      },
      // golem:rpc's resources (the example makes no worker-to-worker calls; jco wants them present).
      'golem:rpc/types': { WasmRpc: class {}, FutureInvokeResult: class {} },
      'wasi:keyvalue/types': { Bucket, OutgoingValue, IncomingValue },
      'wasi:keyvalue/wasi-keyvalue-error': { Error: KvError },
      'wasi:keyvalue/eventual': {
        get: (b: Bucket, key: string) => {
          const v = host.kv.get(k(b, key));
          return v && new IncomingValue(v);
        },
        set: (b: Bucket, key: string, v: OutgoingValue) => void host.kv.set(k(b, key), v.body),
        delete: (b: Bucket, key: string) => void host.kv.delete(k(b, key)),
        exists: (b: Bucket, key: string) => host.kv.has(k(b, key)),
      },
      'wasi:keyvalue/atomic': { increment: unsupported('increment'), compareAndSwap: unsupported('compareAndSwap') },
      'wasi:keyvalue/eventual-batch': { getMany: unsupported('getMany'), keys: unsupported('keys'), setMany: unsupported('setMany'), deleteMany: unsupported('deleteMany') },
      'wasi:cli/stderr': shim.cli.stderr,
      'wasi:cli/stdin': shim.cli.stdin,
      'wasi:cli/stdout': shim.cli.stdout,
      'wasi:cli/terminal-input': shim.cli.terminalInput,
      'wasi:cli/terminal-output': shim.cli.terminalOutput,
      'wasi:cli/terminal-stderr': shim.cli.terminalStderr,
      'wasi:cli/terminal-stdin': shim.cli.terminalStdin,
      'wasi:cli/terminal-stdout': shim.cli.terminalStdout,
      'wasi:clocks/monotonic-clock': shim.clocks.monotonicClock,
      'wasi:clocks/wall-clock': shim.clocks.wallClock,
      'wasi:filesystem/preopens': shim.filesystem.preopens,
      'wasi:filesystem/types': shim.filesystem.types,
      // Components are built with HTTP in: preview2-shim's (not durable) wasi:http suffices here.
      'wasi:http/types': shim.http.types,
      'wasi:http/outgoing-handler': shim.http.outgoingHandler,
      'wasi:io/error': shim.io.error,
      'wasi:io/poll': shim.io.poll,
      'wasi:io/streams': shim.io.streams,
      'wasi:random/random': shim.random.random,
    };
  }
}

type Instantiate = (getCoreModule: (f: string) => Promise<WebAssembly.Module>, imports: Record<string, unknown>) => Promise<Record<string, any>>;

/** jco-transpiles a component into a temp dir once and returns its instantiate function. */
export async function loadComponent(wasmPath: string): Promise<(imports: Record<string, unknown>) => Promise<Record<string, any>>> {
  await ensureRootPreopen();
  const { files } = await transpile(readFileSync(wasmPath), { name: 'component', instantiation: 'async', quiet: true, noTypescript: true });
  const dir = mkdtempSync(join(tmpdir(), 'golem-ts-component-'));
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const { instantiate } = (await import(pathToFileURL(join(dir, 'component.js')).href)) as { instantiate: Instantiate };
  const modules = new Map<string, Promise<WebAssembly.Module>>();
  const getCoreModule = (f: string) => {
    if (!modules.has(f)) modules.set(f, WebAssembly.compile(readFileSync(join(dir, f))));
    return modules.get(f) as Promise<WebAssembly.Module>;
  };
  return (imports) => instantiate(getCoreModule, imports);
}
