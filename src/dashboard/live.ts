/**
 * Keeps the view on screen current from the host's event stream (`GET …/events`, read with
 * fetch so the bearer token goes along — EventSource cannot send it) instead of polling: each
 * event refreshes the view, refreshes coalesced. A stream that drops is opened again with
 * backoff; its first event, a snapshot, refreshes once more, so nothing missed meanwhile stays.
 */
import { readEventStream } from '../client/event-stream.ts';
import { ApiError, apiError, headersFor } from './api.ts';

const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 10_000;

/** Follows the stream at `path` until the returned function is called; `fail` gets refusals (401, 404: the worker is gone) and failed refreshes. */
export function follow(path: string, refresh: () => Promise<void>, fail: (e: unknown) => void): () => void {
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  let again = false;
  const update = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await refresh();
      } while (again && !stop.signal.aborted);
    })()
      .catch((e) => {
        if (!stop.signal.aborted) fail(e);
      })
      .finally(() => (running = undefined));
  };

  void (async () => {
    let delay = FIRST_RETRY_MS;
    while (!stop.signal.aborted) {
      try {
        const res = await fetch(path, { headers: headersFor('text/event-stream'), signal: stop.signal });
        if (!res.ok || !res.body) throw apiError(res, await res.text());
        for await (const _event of readEventStream(res.body)) {
          delay = FIRST_RETRY_MS;
          update();
        }
      } catch (e) {
        if (stop.signal.aborted) return;
        // Refused (no token, the worker deleted): reconnecting would be refused again.
        if (e instanceof ApiError && e.status >= 400 && e.status < 500) return fail(e);
      }
      // The host went away (restarting?): try again, less and less often.
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, LAST_RETRY_MS);
    }
  })();
  return () => stop.abort();
}
