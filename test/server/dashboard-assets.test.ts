/**
 * The dashboard's assets over HTTP: served without the token (they hold no data) while every API
 * route still needs it; bundled from src/dashboard with nothing loaded from elsewhere.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { http, startTestHost, type TestHost } from './host.ts';

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ token: 'tok' });
});
afterAll(() => host?.close());

it('serves the page, script and stylesheet without the token, from this host only', async () => {
  const page = await http(host.url, 'GET', '/');
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(page.text).toContain('<script src="/dashboard/app.js"></script>');
  expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);

  const js = await http(host.url, 'GET', '/dashboard/app.js');
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(js.text.length).toBeLessThan(100_000);
  expect(js.text).toContain('/v1/key-value');
  expect(js.text).not.toMatch(/\bimport\s*\(|from\s*["']https?:/);

  const css = await http(host.url, 'GET', '/dashboard/app.css');
  expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  expect(css.text).not.toMatch(/url\(\s*["']?https?:/);
});

it('keeps the API and the key-value view behind the token', async () => {
  expect((await http(host.url, 'GET', '/v1/templates')).status).toBe(401);
  expect((await http(host.url, 'GET', '/v1/key-value')).status).toBe(401);
  expect((await http(host.url, 'GET', '/dashboard/../v1/templates')).status).toBe(401);
  const kv = await http(host.url, 'GET', '/v1/key-value', { headers: { authorization: 'Bearer tok' } });
  expect(kv.json).toEqual({ buckets: [] });
});

it('shows key-value entries as text or base64', async () => {
  host.executor.store.kvSet('b', 'text', new TextEncoder().encode('{"a":1}'));
  host.executor.store.kvSet('b', 'bin', Uint8Array.from([0xff, 0x00]));
  const kv = await http(host.url, 'GET', '/v1/key-value', { headers: { authorization: 'Bearer tok' } });
  expect(kv.json).toEqual({
    buckets: [
      {
        name: 'b',
        entries: [
          { key: 'bin', encoding: 'base64', value: '/wA=', size: 2, truncated: false },
          { key: 'text', encoding: 'utf8', value: '{"a":1}', size: 7, truncated: false },
        ],
      },
    ],
  });
});
