import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WitParseError } from '../wit/index.ts';
import { parseWitFile } from '../wit/syntax.ts';
import { BuildError } from './errors.ts';
import { acceptEmptyResults } from './wit-dir.ts';

/**
 * jco and componentize-js report a malformed WIT package as "failed to parse package: <dir>"
 * plus wit-parser's message, without file or line, naming the generated copy in .golem-ts/wit.
 * This turns such a failure into `wit/app.wit:12:5: …` for the author's own files: golem-ts's
 * WIT parser locates the problem; wit-parser's own words are kept alongside.
 */
export function witFailure(e: unknown, projectDir: string, projectWitDir: string, assembledDir: string): BuildError | undefined {
  const text = String((e as { message?: unknown })?.message ?? e);
  if (!/failed to parse package|failed to resolve|resolving WIT|reading WIT/.test(text)) return undefined;
  const shown = (p: string) => relative(projectDir, p).split('\\').join('/') || p;
  // wit-parser's last "Caused by" line is the message; paths in it name the user's files.
  const causes = [...text.matchAll(/^\s*\d+: (.*)$/gm)].map((m) => m[1]);
  const witParser = (causes.at(-1) ?? text.split('\n')[0]).split(assembledDir).join(shown(projectWitDir));
  const located = locate(projectWitDir, shown, witParser) ?? locateName(witParser, projectWitDir, shown);
  const diagnostics = located ? [located] : [witParser];
  return new BuildError('WIT_INVALID', `invalid WIT in ${shown(projectWitDir)}/`, diagnostics, { cause: e });
}

/** `wit/app.wit:12:5: message` for the first syntax error golem-ts's parser finds in the author's files. */
function locate(projectWitDir: string, shown: (p: string) => string, witParserMessage: string): string | undefined {
  for (const name of witFileNames(projectWitDir)) {
    const file = shown(join(projectWitDir, name));
    try {
      parseWitFile(file, acceptEmptyResults(readFileSync(join(projectWitDir, name), 'utf8')));
    } catch (err) {
      if (err instanceof WitParseError && err.location) return `${err.message} (wit-parser: ${witParserMessage})`;
    }
  }
  return undefined;
}

/**
 * wit-parser's resolve errors name the culprit (`name \`nope\` does not exist`) without a
 * position: point at its first use in the author's files.
 */
function locateName(message: string, projectWitDir: string, shown: (p: string) => string): string | undefined {
  const name = /`%?([a-zA-Z][a-zA-Z0-9-]*)`/.exec(message)?.[1];
  if (!name) return undefined;
  const word = new RegExp(`(?<![a-zA-Z0-9-])%?${name}(?![a-zA-Z0-9-])`);
  for (const file of witFileNames(projectWitDir)) {
    const lines = readFileSync(join(projectWitDir, file), 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      const code = line.replace(/\/\/.*$/, '');
      const m = word.exec(code);
      if (m) return `${shown(join(projectWitDir, file))}:${i + 1}:${m.index + 1}: ${message}`;
    }
  }
  return undefined;
}

function witFileNames(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.wit')).sort();
}
