/**
 * JSON for the terminal. Values can hold 64-bit integers (bigint), which JSON.stringify rejects,
 * so everything goes through typed JSON and indentation is added to its compact text.
 */
import { parseJson, stringifyJson } from '../wit/json.ts';

/** Compact JSON cut to `max` characters, for one-line summaries. */
export function shortJson(value: unknown, max = 80): string {
  const text = stringifyJson(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function prettyJson(value: unknown): string {
  return indent(stringifyJson(value) ?? 'null');
}

/** Parses a JSON command-line argument, naming the argument when it isn't JSON. */
export function parseJsonArg(text: string, what: string): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON (${(e as Error).message}): ${text}`);
  }
}

/** Re-indents compact JSON text by two spaces; strings are copied verbatim. Empty [] and {} stay on one line. */
function indent(text: string): string {
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      if (text[i + 1] === close) {
        out += c + close;
        i++;
      } else {
        depth++;
        out += c + newline();
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out += newline() + c;
    } else if (c === ',') out += c + newline();
    else if (c === ':') out += ': ';
    else out += c;
  }
  return out;
}
