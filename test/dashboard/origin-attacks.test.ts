/**
 * The two attacks of a web page on the local host, driven from real Chromium pages against a
 * real host on 127.0.0.1 (each host has the underwriting template, a submitted application in its
 * key-value store and a worker Suspended awaiting its decision):
 *
 * - DNS rebinding: Chromium resolves `rebind.test` to 127.0.0.1 (a host-resolver rule stands in
 *   for the attacker's DNS). A page of that origin reads `/v1/key-value` and interrupts the worker,
 *   same-origin: refused with 421 and nothing changes; the dashboard itself is refused too. The
 *   same page against a host started with `--allowed-host rebind.test` reads the application,
 *   so the refusal is the Host check, not the browser.
 * - Cross-site: a page on another origin (a second small server on 127.0.0.1, another port)
 *   uploads the real component as a template (multipart, `mode: 'no-cors'`, no preflight) and
 *   interrupts the worker with a body-less POST: both refused with 403, no template stored, the
 *   worker still Suspended.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, underwritingWasmPath, waitForStatus, type TestHost } from '../server/host.ts';
import { chromiumExecutable, warnIfNoChromium } from './chromium.ts';

const API = 'golem:underwriting/api';
const WORKER = 'application-1';
const APPLICANT = 'Ada Lovelace';

warnIfNoChromium('the DNS-rebinding and cross-site browser tests');

/** A host whose worker is Suspended awaiting its decision, with the application in its key-value store. */
async function preparedHost(allowedHosts?: string[]): Promise<{ host: TestHost; templateId: string; workerPath: string }> {
  const host = await startTestHost({ allowedHosts });
  const template = await host.executor.addTemplate('underwriting', new Uint8Array(await readFile(underwritingWasmPath())));
  const templateId = template.versionedTemplateId.rawTemplateId;
  await host.executor.createWorker(templateId, WORKER, [], []);
  await host.executor.invokeAndAwait(templateId, WORKER, `${API}/submit`, [{ applicant: APPLICANT, age: 36, coverage: 250000, smoker: false }]);
  await host.executor.invoke(templateId, WORKER, `${API}/await-decision`, []);
  await waitForStatus(host.url, templateId, WORKER, 'Suspended');
  return { host, templateId, workerPath: `/v1/templates/${templateId}/workers/${WORKER}` };
}

const portOf = (url: string) => new URL(url).port;

/** What a page's `fetch` saw: the status and text when it could read them, or the network error. */
interface Seen {
  status?: number;
  text?: string;
  error?: string;
}

describe.runIf(!!chromiumExecutable)('a web page cannot drive the local host', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumExecutable, args: ['--no-sandbox', '--host-resolver-rules=MAP rebind.test 127.0.0.1'] });
  });
  afterAll(() => browser?.close());

  const newPage = async (): Promise<Page> => {
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  };

  /**
   * A page of the origin http://rebind.test:<port>, where the attacker's script runs. Its document
   * comes from the host itself (what rebind.test resolves to): Chromium's local-network checks
   * would stop a document from a public address from reaching 127.0.0.1, so this is the form of
   * the attack that gets through to the host.
   */
  async function rebindingPage(port: string): Promise<Page> {
    const page = await newPage();
    const origin = `http://rebind.test:${port}`;
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => location.origin)).toBe(origin);
    return page;
  }

  /** Same-origin requests from the page: read every bucket, interrupt the worker. */
  const sameOriginAttack = (page: Page, workerPath: string) =>
    page.evaluate(async (workerPath): Promise<{ read: Seen; interrupt: Seen }> => {
      const seen = async (res: Promise<Response>): Promise<Seen> => {
        try {
          const r = await res;
          return { status: r.status, text: await r.text() };
        } catch (e) {
          return { error: String(e) };
        }
      };
      const read = await seen(fetch('/v1/key-value'));
      const interrupt = await seen(fetch(`${workerPath}/interrupt`, { method: 'POST' }));
      return { read, interrupt };
    }, workerPath);

  describe('DNS rebinding', () => {
    let target: Awaited<ReturnType<typeof preparedHost>>;
    let allowing: Awaited<ReturnType<typeof preparedHost>>;
    beforeAll(async () => {
      [target, allowing] = await Promise.all([preparedHost(), preparedHost(['rebind.test'])]);
    });
    afterAll(() => Promise.all([target?.host.close(), allowing?.host.close()]));

    it('refuses the dashboard under a rebound name', async () => {
      const page = await newPage();
      const res = await page.goto(`http://rebind.test:${portOf(target.host.url)}/`);
      expect(res?.status()).toBe(421);
      expect(await page.textContent('body')).toContain('--allowed-host rebind.test');
      await page.close();
    });

    it('refuses same-origin reads and writes from a page under a rebound name: 421, nothing read, nothing changed', async () => {
      const page = await rebindingPage(portOf(target.host.url));
      const { read, interrupt } = await sameOriginAttack(page, target.workerPath);
      expect(read, JSON.stringify(read)).toMatchObject({ status: 421 });
      expect(JSON.parse(read.text!).error).toContain(`Host "rebind.test:${portOf(target.host.url)}" is not a name of this host`);
      expect(read.text).not.toContain(APPLICANT);
      expect(interrupt.status).toBe(421);
      expect(target.host.executor.getWorker(target.templateId, WORKER).status).toBe('Suspended');
      await page.close();
    });

    it('lets the same page in when the host was started with --allowed-host rebind.test', async () => {
      const page = await rebindingPage(portOf(allowing.host.url));
      await page.getByRole('heading', { name: /underwriting/, level: 2 }).waitFor();
      const { read } = await sameOriginAttack(page, `/v1/templates/${allowing.templateId}/workers/no-such-worker`);
      expect(read.status).toBe(200);
      expect(read.text).toContain(APPLICANT);
      await page.close();
    });
  });

  describe('cross-site requests without a preflight', () => {
    let target: Awaited<ReturnType<typeof preparedHost>>;
    let attacker: Server;
    let attackerUrl: string;
    beforeAll(async () => {
      target = await preparedHost();
      const wasm = await readFile(underwritingWasmPath());
      // The attacker's site: its page and a copy of a real component to upload.
      attacker = createServer((req, res) => {
        if (req.url === '/component.wasm') return void res.writeHead(200, { 'content-type': 'application/wasm' }).end(wasm);
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>attacker</title><p>cute cats</p>');
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
      attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => attacker?.close(resolve));
      await target?.host.close();
    });

    it('refuses a multipart template upload and a body-less interrupt from another origin: 403, no template stored, the worker still Suspended', async () => {
      const page = await newPage();
      await page.goto(`${attackerUrl}/`);
      const hostUrl = target.host.url;
      const answered = (path: string) => page.waitForResponse((r) => r.url() === `${hostUrl}${path}` && r.request().method() === 'POST');
      const uploadAnswer = answered('/v1/templates');
      const interruptAnswer = answered(`${target.workerPath}/interrupt`);
      const outcome = await page.evaluate(
        async ({ hostUrl, workerPath }) => {
          const wasm = await (await fetch('/component.wasm')).blob();
          const form = new FormData();
          form.append('name', 'planted');
          form.append('template', wasm, 'planted.wasm');
          const upload = await fetch(`${hostUrl}/v1/templates`, { method: 'POST', mode: 'no-cors', body: form });
          const interrupt = await fetch(`${hostUrl}${workerPath}/interrupt`, { method: 'POST', mode: 'no-cors' });
          return [upload.type, interrupt.type];
        },
        { hostUrl, workerPath: target.workerPath },
      );
      // Both requests reached the host (the page sees only opaque answers)…
      expect(outcome).toEqual(['opaque', 'opaque']);
      const [upload, interrupt] = await Promise.all([uploadAnswer, interruptAnswer]);
      // …and changed nothing: the host refused both.
      expect(target.host.executor.listTemplates().map((t) => t.templateName)).toEqual(['underwriting']);
      expect(target.host.executor.getWorker(target.templateId, WORKER).status).toBe('Suspended');
      expect(upload.status()).toBe(403);
      expect(interrupt.status()).toBe(403);
      await page.close();
    });
  });
});
