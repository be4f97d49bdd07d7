/**
 * Reads a `text/event-stream` body (the host's `GET …/events`) in Node and in the browser alike:
 * yields each event's `data`, parsed as typed JSON; comments (the heartbeats) are skipped.
 * Used by the client and by the dashboard (which cannot use EventSource: it sends no
 * Authorization header, and the host may want a bearer token).
 */
import { parseJson } from '../wit/json.ts';

export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line === '') {
          if (data.length) yield parseJson(data.join('\n'));
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line[5] === ' ' ? 6 : 5));
        }
        // `:` comments, `id:`, `event:` (the data names its type) and `retry:` need nothing here.
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
