import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { parseByteList, parseOplogIdx } from '../args.ts';
import { parseJsonArg } from '../json.ts';
import { clientFor, remoteCommand, type RemoteOptions } from '../remote.ts';

interface CompleteOptions extends RemoteOptions {
  bytes?: string;
  file?: string;
  text?: string;
}

export function registerComplete(program: Command): void {
  remoteCommand(program.command('complete'))
    .description('complete a durable promise (resumes the worker awaiting it)')
    .argument('<templateId>', 'template id')
    .argument('<worker>', 'worker name')
    .argument('<oplogIdx>', "the promise's oplog index (promise-id.oplog-idx)")
    .argument('[json]', 'payload: this JSON text, sent as its UTF-8 bytes')
    .option('--bytes <list>', 'payload: raw bytes, e.g. 1,2,3')
    .option('--file <path>', "payload: a file's bytes")
    .option('--text <string>', "payload: a string's UTF-8 bytes")
    .action(async (templateId: string, worker: string, idx: string, json: string | undefined, opts: CompleteOptions) => {
      const oplogIdx = parseOplogIdx(idx);
      const data = await payload(json, opts);
      const completed = await clientFor(opts).completePromise(templateId, worker, oplogIdx, data);
      console.log(
        completed
          ? `completed promise ${oplogIdx} of worker ${worker} (${data.length} bytes)`
          : `promise ${oplogIdx} of worker ${worker} was already completed; nothing changed`,
      );
    });
}

async function payload(json: string | undefined, opts: CompleteOptions): Promise<Uint8Array> {
  const given = [json !== undefined && 'a JSON argument', opts.bytes !== undefined && '--bytes', opts.file !== undefined && '--file', opts.text !== undefined && '--text'].filter(
    (x): x is string => !!x,
  );
  if (given.length === 0) throw new Error('give the payload: a JSON argument, --bytes, --file or --text');
  if (given.length > 1) throw new Error(`give one payload, not ${given.join(' and ')}`);
  if (opts.bytes !== undefined) return parseByteList(opts.bytes);
  if (opts.file !== undefined) return readFile(opts.file);
  if (opts.text !== undefined) return new TextEncoder().encode(opts.text);
  // Checked so a shell-quoting accident isn't delivered to the worker as a broken payload.
  parseJsonArg(json!, 'the payload');
  return new TextEncoder().encode(json);
}
