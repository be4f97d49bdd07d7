/**
 * Test plumbing: a real Executor in a temporary data dir behind the real REST server on
 * 127.0.0.1 with a random port, and a raw HTTP helper that shows exactly what the server sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { GolemClient } from '../../src/client/index.ts';
import { Executor } from '../../src/host/executor.ts';
import type { WorkerStatus } from '../../src/host/types.ts';
import { startServer, type ServerOptions } from '../../src/server/index.ts';
import { parseJson } from '../../src/wit/json.ts';

export interface TestHost {
  url: string;
  executor: Executor;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestHost(opts: Omit<ServerOptions, 'executor'> = {}): Promise<TestHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'golem-ts-server-test-'));
  const executor = await Executor.open({ dataDir });
  await executor.recover();
  const server = await startServer({ executor, port: 0, ...opts });
  return {
    url: server.url,
    executor,
    dataDir,
    async close() {
      await server.close();
      await executor.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits on the worker's event stream (no polling) until it is `wanted`; fails after 20 s naming the status it has. */
export async function waitForStatus(url: string, templateId: string, workerName: string, wanted: WorkerStatus, token?: string): Promise<void> {
  await new GolemClient({ url, token }).waitForStatus(templateId, workerName, wanted, { timeoutMs: 20_000 });
}

/** The underwriting component built by test/setup/fixtures.ts; fails loudly when it is missing. */
export function underwritingWasmPath(): string {
  const path = inject('underwritingWasm');
  if (!path) throw new Error('vitest globalSetup did not provide underwritingWasm (the built examples/underwriting component)');
  return path;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as typed JSON (undefined when empty or not JSON). */
  json: any;
}

export async function http(
  base: string,
  method: string,
  path: string,
  opts: { body?: BodyInit; json?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers = { ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? parseJson(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A small valid-looking multipart body built by hand, to control every byte. */
export function multipartBody(parts: { name: string; filename?: string; type?: string; data: string | Uint8Array }[]): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = '----golemtsboundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    const type = p.type ? `\r\nContent-Type: ${p.type}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(chunks)), contentType: `multipart/form-data; boundary=${boundary}` };
}
