/**
 * The Template API: upload (multipart), new version (raw wasm), list and get.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ExecutorError, invalid } from '../host/errors.ts';
import type { ExecutorApi } from '../host/types.ts';
import { MAX_TEMPLATE_BYTES } from './defaults.ts';
import { requireTemplateId } from './validate.ts';

export function registerTemplateRoutes(app: FastifyInstance, { executor }: { executor: ExecutorApi }): void {
  app.post('/v1/templates', async (req) => {
    const { name, wasm } = await readTemplateForm(req);
    return executor.addTemplate(name, wasm);
  });

  app.put<{ Params: { templateId: string } }>('/v1/templates/:templateId/upload', { bodyLimit: MAX_TEMPLATE_BYTES }, async (req) => {
    const templateId = requireTemplateId(req.params.templateId);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw invalid('The request body must be the component (.wasm) bytes, sent as application/octet-stream');
    }
    return executor.updateTemplate(templateId, req.body);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v1/templates', async (req) => {
    return executor.listTemplates(req.query['template-name'] || undefined);
  });

  app.get<{ Params: { templateId: string } }>('/v1/templates/:templateId', async (req) => {
    return executor.getTemplate(requireTemplateId(req.params.templateId));
  });
}

/** Reads the multipart fields `name` (text) and `template` (the .wasm file), in either order. */
async function readTemplateForm(req: FastifyRequest): Promise<{ name: string; wasm: Uint8Array }> {
  if (!req.isMultipart()) {
    throw invalid('The request must be multipart/form-data with the fields "name" and "template" (the .wasm file)');
  }
  let name: string | undefined;
  let wasm: Buffer | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        // Every file stream must be read, or the parser stalls; only `template` is kept in memory
        // (buffering the others let one request hold four files of 256 MiB at once).
        if (part.fieldname !== 'template') await discard(part.file);
        else if (wasm) throw invalid('template: send one file, not several');
        else wasm = await part.toBuffer();
      } else if (part.fieldname === 'name' && typeof part.value === 'string') {
        name = part.value;
      } else if (part.fieldname === 'template') {
        // Text fields are decoded as UTF-8, which would corrupt the bytes: insist on a file part.
        throw invalid('template: must be a file part with a filename or application/octet-stream (curl -F template=@component.wasm)');
      }
    }
  } catch (e) {
    if (e instanceof ExecutorError || (e as { statusCode?: number }).statusCode) throw e;
    throw invalid(`Invalid multipart body: ${(e as Error).message}`);
  }
  const errors: string[] = [];
  if (!name?.trim()) errors.push('name: required, a non-empty text field');
  if (!wasm?.length) errors.push('template: required, the component (.wasm) file');
  if (errors.length) throw invalid(errors);
  return { name: name!.trim(), wasm: wasm! };
}

/** Reads a stream to its end, keeping nothing. */
async function discard(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream);
}
