import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJson, stringifyJson } from '../../src/wit/json.ts';

interface Operation {
  operationId: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

export interface Recorded {
  operationId: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Multipart field names, for multipart requests. */
  fields?: string[];
}

/**
 * A mock Golem server driven by an OpenAPI spec: a request is accepted only on a path and method
 * the spec has, with the query parameters it declares (required ones present) and a body its
 * schema validates; every canned answer is validated against the spec's 200 response too.
 * Violations are collected, not thrown, so a test can assert there were none.
 */
export class OpenApiMock {
  readonly calls: Recorded[] = [];
  readonly violations: string[] = [];
  private readonly spec: Spec;
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly validators = new Map<unknown, ValidateFunction>();
  private server?: Server;

  constructor(
    specFile: string,
    private readonly answers: Record<string, unknown>,
  ) {
    this.spec = JSON.parse(readFileSync(specFile, 'utf8')) as Spec;
    this.ajv.addSchema(this.spec as object, 'spec');
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(stringifyJson(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private validate(schema: unknown, value: unknown, what: string): void {
    // Schemas are checked by reference into the spec, so every $ref resolves.
    let v = this.validators.get(schema);
    if (!v) {
      const ref = this.refOf(schema);
      v = this.ajv.compile(ref ? { $ref: `spec${ref}` } : (schema as object));
      this.validators.set(schema, v);
    }
    const check = v;
    if (!check(value)) this.violations.push(`${what}: ${this.ajv.errorsText(check.errors)}`);
  }

  private refOf(schema: unknown): string | undefined {
    const ref = (schema as { $ref?: string }).$ref;
    return ref?.startsWith('#/') ? ref : undefined;
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url!, 'http://mock');
    const method = req.method!.toLowerCase();
    const match = Object.entries(this.spec.paths).find(([template, ops]) => ops[method] && pathRegex(template).test(url.pathname));
    if (!match) {
      this.violations.push(`${req.method} ${url.pathname}: no such route in the spec`);
      return [404, { error: 'not in the spec' }];
    }
    const op = match[1][method];
    const query = Object.fromEntries(url.searchParams);
    const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of Object.keys(query)) if (!declared.has(name)) this.violations.push(`${op.operationId}: undeclared query parameter ${name}`);
    for (const p of op.parameters ?? []) if (p.in === 'query' && p.required && !(p.name in query)) this.violations.push(`${op.operationId}: missing query parameter ${p.name}`);

    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const contentType = String(req.headers['content-type'] ?? '');
    const call: Recorded = { operationId: op.operationId, path: url.pathname, query, headers: req.headers, body: undefined };
    if (op.requestBody) {
      const [mediaType, { schema }] = Object.entries(op.requestBody.content)[0];
      if (mediaType.startsWith('multipart/')) {
        const form = await new Request('http://mock', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
        call.fields = [...form.keys()];
        const { properties = {}, required = [] } = schema as { properties?: Record<string, unknown>; required?: string[] };
        for (const f of call.fields) if (!(f in properties)) this.violations.push(`${op.operationId}: undeclared form field ${f}`);
        for (const f of required) if (!call.fields.includes(f)) this.violations.push(`${op.operationId}: missing form field ${f}`);
      } else {
        call.body = parseJson(raw.toString('utf8'));
        // Validate a JSON round trip: the client's exact 64-bit integers are plain numbers to a schema.
        this.validate(schema, JSON.parse(raw.toString('utf8')), `${op.operationId} request body`);
      }
    }
    this.calls.push(call);
    if (!(op.operationId in this.answers)) {
      this.violations.push(`${op.operationId}: no canned answer`);
      return [500, { error: 'no canned answer' }];
    }
    const answer = this.answers[op.operationId];
    const ok = op.responses['200']?.content;
    if (ok) this.validate(Object.values(ok)[0].schema, answer, `${op.operationId} canned response`);
    return [200, answer];
  }
}

function pathRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
