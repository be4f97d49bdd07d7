/**
 * The dashboard at `/`: one HTML page, one script and one stylesheet from src/dashboard, bundled
 * with esbuild the first time they are asked for (no CDN: the page works offline). The page
 * itself holds no data, so it is served without the bearer token; it asks for the token and sends
 * it with every API call, like any other client.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sdkRoot } from '../build/sdk-paths.ts';

const DIR = join(sdkRoot, 'src', 'dashboard');

/** Paths served without authentication: the static page and its assets. */
export const isDashboardAsset = (url: string): boolean => {
  const path = url.split('?')[0];
  return path === '/' || path.startsWith('/dashboard/');
};

interface Assets {
  html: string;
  js: string;
  css: string;
}

let assets: Promise<Assets> | undefined;

/** Bundled once per process; a failure is retried on the next request. */
export function dashboardAssets(): Promise<Assets> {
  assets ??= bundle().catch((e) => {
    assets = undefined;
    throw e;
  });
  return assets;
}

async function bundle(): Promise<Assets> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(DIR, 'app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [html, css] = await Promise.all([readFile(join(DIR, 'index.html'), 'utf8'), readFile(join(DIR, 'style.css'), 'utf8')]);
  return { html, js: result.outputFiles[0].text, css };
}

export function registerDashboard(app: FastifyInstance): void {
  const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  app.get('/', async (_req, reply) => {
    const { html } = await dashboardAssets();
    return reply
      .headers({ ...headers, 'content-security-policy': "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:" })
      .type('text/html; charset=utf-8')
      .serializer((s) => s as string)
      .send(html);
  });
  app.get('/dashboard/app.js', async (_req, reply) => {
    const { js } = await dashboardAssets();
    return reply.headers(headers).type('text/javascript; charset=utf-8').serializer((s) => s as string).send(js);
  });
  app.get('/dashboard/app.css', async (_req, reply) => {
    const { css } = await dashboardAssets();
    return reply.headers(headers).type('text/css; charset=utf-8').serializer((s) => s as string).send(css);
  });
}
