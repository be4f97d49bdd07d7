/**
 * Bodies over the limit, whatever their size, get 413 `{"error"}` and never a reset: the answer
 * comes as soon as the limit is known (at once when Content-Length says so, else when the count
 * passes it) and the rest of the body is read and thrown away, so a client still sending finishes
 * its write and reads the answer. 300 MiB bodies, beyond even the 256 MiB template limit, sent
 * over a raw socket so every byte and every socket error is seen.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_BYTES } from '../../src/server/index.ts';
import { startTestHost, type TestHost } from './host.ts';

const T = '5c2d0c7e-9f51-4d7c-8a39-0d6f2f0b1a11';
const SIZE = 300 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 0x20);

interface Outcome {
  response: string;
  /** Socket errors seen by the client (EPIPE, ECONNRESET…): none expected. */
  errors: string[];
  sent: number;
}

/**
 * Sends `head`, then `prefix`, `size` filler bytes and `suffix` as the body (chunked when
 * `chunked`), reading whatever comes back meanwhile; resolves when the server closes.
 */
function send(port: number, head: string, body: { prefix?: string; suffix?: string; chunked: boolean }): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const out: Outcome = { response: '', errors: [], sent: 0 };
    const frame = (b: Buffer) => (body.chunked ? [Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')] : [b]);
    const write = (b: Buffer) => frame(b).map((part) => socket.write(part)).every(Boolean);
    socket.on('data', (d) => (out.response += d.toString('latin1')));
    socket.on('error', (e) => out.errors.push((e as NodeJS.ErrnoException).code ?? e.message));
    socket.on('close', () => resolve(out));
    socket.write(head);
    if (body.prefix) write(Buffer.from(body.prefix));
    const pump = () => {
      while (out.sent < SIZE) {
        out.sent += CHUNK.length;
        if (!write(CHUNK)) return void socket.once('drain', pump);
      }
      if (body.suffix) write(Buffer.from(body.suffix));
      if (body.chunked) socket.write('0\r\n\r\n');
      // Half-close: the server answers what it read and closes its side.
      socket.end();
    };
    pump();
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(response)?.[1]);
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

let host: TestHost;
let port: number;
beforeAll(async () => {
  host = await startTestHost();
  port = Number(new URL(host.url).port);
});
afterAll(() => host?.close());

const head = (method: string, path: string, type: string, length: number | 'chunked') =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${type}\r\n` +
  (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
  '\r\n';

const FILE_PREFIX = '--b0undary\r\nContent-Disposition: form-data; name="template"; filename="big.wasm"\r\nContent-Type: application/wasm\r\n\r\n';
const FILE_SUFFIX = '\r\n--b0undary--\r\n';

describe('413 for every body over the limit, whatever its size', () => {
  it('is bigger than the largest limit', () => expect(SIZE).toBeGreaterThan(MAX_TEMPLATE_BYTES));

  it.each([
    ['a JSON body with Content-Length', () => head('POST', `/v1/templates/${T}/workers`, 'application/json', SIZE), {}, /too large/],
    ['a chunked JSON body', () => head('POST', `/v1/templates/${T}/workers`, 'application/json', 'chunked'), { chunked: true }, /too large/],
    ['a raw template upload with Content-Length', () => head('PUT', `/v1/templates/${T}/upload`, 'application/octet-stream', SIZE), {}, /too large.*256 MiB/],
    ['a chunked raw template upload', () => head('PUT', `/v1/templates/${T}/upload`, 'application/octet-stream', 'chunked'), { chunked: true }, /too large.*256 MiB/],
    [
      'a multipart template upload with Content-Length',
      () => head('POST', '/v1/templates', 'multipart/form-data; boundary=b0undary', FILE_PREFIX.length + SIZE + FILE_SUFFIX.length),
      { prefix: FILE_PREFIX, suffix: FILE_SUFFIX },
      /exceeds the upload limit of 256 MiB/,
    ],
    [
      'a chunked multipart template upload',
      () => head('POST', '/v1/templates', 'multipart/form-data; boundary=b0undary', 'chunked'),
      { prefix: FILE_PREFIX, suffix: FILE_SUFFIX, chunked: true },
      /exceeds the upload limit of 256 MiB/,
    ],
  ] as const)('%s of 300 MiB: 413 {"error"}, the whole body sent without a reset', async (_what, makeHead, body, message) => {
    const out = await send(port, makeHead(), { chunked: false, ...body });
    expect(out.errors).toEqual([]);
    expect(out.sent).toBe(SIZE);
    expect(statusOf(out.response)).toBe(413);
    expect(bodyOf(out.response)).toEqual({ error: expect.stringMatching(message) });
    expect(host.executor.listTemplates()).toEqual([]);
  });
});

describe('an answer before the end of the body', () => {
  it('refuses a second template file with 400 mid-upload; the other 300 MiB are read without a reset', async () => {
    const small = '--b0undary\r\nContent-Disposition: form-data; name="name"\r\n\r\ntwice\r\n' +
      '--b0undary\r\nContent-Disposition: form-data; name="template"; filename="a.wasm"\r\n\r\n\0asm\r\n';
    const out = await send(port, head('POST', '/v1/templates', 'multipart/form-data; boundary=b0undary', 'chunked'), {
      prefix: small + FILE_PREFIX,
      suffix: FILE_SUFFIX,
      chunked: true,
    });
    expect(out.errors).toEqual([]);
    expect(out.sent).toBe(SIZE);
    expect(statusOf(out.response)).toBe(400);
    expect(bodyOf(out.response)).toEqual({ errors: ['template: send one file, not several'] });
    expect(host.executor.listTemplates()).toEqual([]);
  });
});
