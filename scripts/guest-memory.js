#!/usr/bin/env node
// Measures the host's memory while guests allocate without bound (test/fixtures/memory-bomb):
// `golem-ts serve` runs as a child process on 127.0.0.1; N workers invoke `bomb` at once over
// REST; the child's RSS is sampled from /proc (Linux) until every answer is in.
//
//   node scripts/guest-memory.js                        1 and 3 guests, the default limit
//   node scripts/guest-memory.js --guests 3 --max-guest-memory 4096   (wasm32's ceiling: no limit in effect)
//
// Prints, per run: RSS before, peak RSS (sampled, and VmHWM), RSS at the last answer and once settled, the time until every answer, and the API's answer.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../lib/build/index.js';
import { GolemClient } from '../lib/client/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const guestCounts = arg('guests') ? [Number(arg('guests'))] : [1, 3];
const limit = arg('max-guest-memory');
const mib = (kb) => `${Math.round(kb / 1024)} MiB`;

function procStatus(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

function serve(dataDir) {
  const child = spawn(process.execPath, [join(root, 'bin/golem-ts.js'), 'serve', '--port', '0', '--data', dataDir, '--invoke-timeout', '900000', ...(limit ? ['--max-guest-memory', limit] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+?) /.exec(out);
      if (m) resolve({ child, url: m[1], stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

const wasm = readFileSync((await build(join(root, 'test/fixtures/memory-bomb'))).out);
for (const n of guestCounts) {
  const dataDir = mkdtempSync(join(tmpdir(), 'golem-ts-guest-memory-'));
  const { child, url } = await serve(dataDir);
  try {
    const client = new GolemClient({ url });
    const templateId = (await client.addTemplate('memory-bomb', wasm)).versionedTemplateId.rawTemplateId;
    const names = Array.from({ length: n }, (_, i) => `bomb-${i}`);
    for (const name of names) await client.createWorker(templateId, name);
    // A worker that allocates nothing: it must keep answering.
    await client.createWorker(templateId, 'bystander');
    await client.invokeAndAwait(templateId, 'bystander', 'test:memory-bomb/api.{hold}', [1]);
    const before = procStatus(child.pid).rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, procStatus(child.pid).rss)), 25);
    const started = performance.now();
    const answers = await Promise.all(names.map((name) => client.invokeAndAwait(templateId, name, 'test:memory-bomb/api.{bomb}', []).then((v) => `answered ${JSON.stringify(v)}`, (e) => e.message)));
    const ms = performance.now() - started;
    clearInterval(sampler);
    const after = procStatus(child.pid);
    // Failed guests' threads stop in the background: RSS a moment later, once it settles (at most 10 s).
    let settled = after.rss;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && settled > before + 64 * 1024; ) {
      await new Promise((r) => setTimeout(r, 200));
      settled = procStatus(child.pid).rss;
    }
    const bystander = await client.invokeAndAwait(templateId, 'bystander', 'test:memory-bomb/api.{hold}', [1]);
    const status = (await client.getWorker(templateId, names[0])).status;
    console.log(`${n} bombing guest(s), --max-guest-memory ${limit ?? 'default'}: RSS before ${mib(before)}, peak ${mib(Math.max(peak, after.hwm))}, at the last answer ${mib(after.rss)}, settled ${mib(settled)}; all answered in ${(ms / 1000).toFixed(1)} s; worker ${status}; bystander holds ${JSON.stringify(bystander)} MiB`);
    console.log(`  answer: ${answers[0]}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
