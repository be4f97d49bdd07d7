/** Human-readable renderings of REST results, shared by the commands and the demo. */
import { describeHttpEntry, httpEntry } from '../host/http-oplog.ts';
import { describeSuspend } from '../host/oplog.ts';
import type { OplogEntry, Template } from '../host/types.ts';
import { shortJson } from './json.ts';
import { formatBytes } from './output.ts';

/** One line per template version: id, version, name, size. */
export function templateLine(t: Template): string {
  const { rawTemplateId, version } = t.versionedTemplateId;
  return `${rawTemplateId}  v${version}  ${t.templateName}  ${formatBytes(t.templateSize)}`;
}

/** The invocable function names of a template with their WIT signatures, indented. */
export function templateFunctions(t: Template): string[] {
  return t.metadata.exports.flatMap((e) =>
    e.type === 'Instance' ? e.functions.map((f) => `  ${e.name}/${f.name}  ${f.signature ?? ''}`.trimEnd()) : [`  ${e.name}  ${e.signature ?? ''}`.trimEnd()],
  );
}

/**
 * The oplog as lines: `idx  time  kind  summary`. Runs of the same host call (the clock, which
 * the JS engine reads constantly) collapse into one `first-last … ×N` line unless `all` is set.
 */
export function oplogLines(entries: OplogEntry[], opts: { all?: boolean } = {}): string[] {
  const rows: { label: string; entry: OplogEntry; summary: string }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    let j = i;
    if (!opts.all && e.kind === 'imported-function-invoked' && !httpEntry(e)) {
      while (j + 1 < entries.length && sameHostCall(entries[j + 1], e) && !httpEntry(entries[j + 1])) j++;
    }
    const summary = j > i && e.kind === 'imported-function-invoked' ? `${e.functionName} ×${j - i + 1} (${e.wrappedFunctionType})` : oplogSummary(e);
    rows.push({ label: j > i ? `${e.idx}-${entries[j].idx}` : String(e.idx), entry: e, summary });
    i = j;
  }
  const width = Math.max(4, ...rows.map((r) => r.label.length));
  return rows.map(({ label, entry, summary }) => {
    const time = entry.timestamp.length >= 23 ? entry.timestamp.slice(11, 23) : entry.timestamp;
    return `${label.padStart(width)}  ${time}  ${entry.kind}${summary ? `  ${summary}` : ''}`;
  });
}

const sameHostCall = (a: OplogEntry, b: OplogEntry) =>
  a.kind === 'imported-function-invoked' && b.kind === 'imported-function-invoked' && a.functionName === b.functionName;

function oplogSummary(e: OplogEntry): string {
  switch (e.kind) {
    case 'create':
      return `template v${e.templateVersion}${e.args.length ? ` args ${shortJson(e.args)}` : ''}${Object.keys(e.env).length ? ` env ${shortJson(e.env)}` : ''}`;
    case 'exported-function-invoked':
      return `${e.functionName} ${shortJson(e.request)}`;
    case 'exported-function-completed':
      return `→ ${shortJson(e.response)}`;
    case 'imported-function-invoked': {
      const http = httpEntry(e);
      if (http) return `${http.kind === 'request' ? 'HTTP request' : 'HTTP'} ${describeHttpEntry(http, 60)} (${e.wrappedFunctionType})`;
      return `${e.functionName} → ${shortJson(readable(e.response), 60)} (${e.wrappedFunctionType})`;
    }
    case 'error':
      return e.error;
    case 'jump':
      return `skip ${e.start}..${e.end}`;
    case 'suspend':
      return describeSuspend(e);
    default:
      return '';
  }
}

/**
 * Host-call results are stored with tags for what JSON lacks (`$bigint`, `$bytes`,
 * `$undefined`); show them as numbers, text and none instead.
 */
function readable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(readable);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if ('$undefined' in v) return null;
  if (typeof v.$bigint === 'string') return BigInt(v.$bigint);
  if (typeof v.$bytes === 'string') return bytesText(Buffer.from(v.$bytes, 'base64'));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, readable(x)]));
}

/** `<12 bytes: {"a":1}>` when the bytes are UTF-8 text, else `<12 bytes>`. */
function bytesText(bytes: Buffer): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (!/[\x00-\x08\x0e-\x1f]/.test(text)) return `<${bytes.length} bytes: ${text}>`;
  } catch {
    // not UTF-8
  }
  return `<${bytes.length} bytes>`;
}
