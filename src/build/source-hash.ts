import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { sdkWitDir } from './sdk-paths.ts';
import { readWitFiles } from './wit-dir.ts';

/**
 * What the last build read, so an unchanged project is recognised from its sources alone:
 * no bundling, no WIT layout, no hashing of the 17 MB component.
 */
export interface SourceRecord {
  /** Hash of the build settings, the project's and the SDK's WIT and every bundled file. */
  hash: string;
  /** Files esbuild read, relative to the project directory. */
  inputs: string[];
  /** The component as written: a replaced or truncated file has another size or mtime. */
  outSize: number;
  outMtimeMs: number;
}

/** Hash of `settings` plus the WIT and the listed inputs; undefined when an input is gone. */
export function sourcesHash(settings: string, projectDir: string, projectWitDir: string, inputs: string[]): string | undefined {
  const h = createHash('sha256').update(settings);
  for (const files of [readWitFiles(projectWitDir), readWitFiles(sdkWitDir)]) {
    for (const [path, text] of Object.entries(files)) h.update(`\0wit:${path}\0`).update(text);
  }
  for (const input of inputs) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(projectDir, input));
    } catch {
      return undefined;
    }
    h.update(`\0src:${input}\0`).update(bytes);
  }
  return h.digest('hex');
}

/** The record for a build that just read `inputs` (absolute paths) and wrote `out`. */
export function sourceRecord(settings: string, projectDir: string, projectWitDir: string, inputs: string[], out: string): SourceRecord | undefined {
  const rel = [...new Set(inputs.map((p) => relative(projectDir, p).split('\\').join('/')))].sort();
  const hash = sourcesHash(settings, projectDir, projectWitDir, rel);
  if (hash === undefined) return undefined;
  const { size, mtimeMs } = statSync(out);
  return { hash, inputs: rel, outSize: size, outMtimeMs: mtimeMs };
}

/** Whether nothing the last build read has changed and its component is still in place. */
export function unchangedSinceRecord(record: SourceRecord | undefined, settings: string, projectDir: string, projectWitDir: string, out: string): boolean {
  if (!record?.inputs?.length) return false;
  let stat;
  try {
    stat = statSync(out);
  } catch {
    return false;
  }
  if (stat.size !== record.outSize || stat.mtimeMs !== record.outMtimeMs) return false;
  return sourcesHash(settings, projectDir, projectWitDir, record.inputs) === record.hash;
}
