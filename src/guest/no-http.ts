/**
 * Installed by `golem-ts build` in a component built without HTTP (`"http": false` in
 * golem-ts.json, or `build --no-http`): componentize-js then stubs wasi:http out, and a `fetch`
 * would trap with a bare "wasm `unreachable`". This `fetch` fails with an error that says why.
 */
export class HttpLeftOutError extends Error {
  constructor(url: string) {
    super(
      `fetch(${url}): this component was built without HTTP ("http": false in golem-ts.json, or golem-ts build --no-http); ` +
        'build it with HTTP (the default) to call services',
    );
    this.name = 'HttpLeftOutError';
  }
}

const describe = (input: unknown): string => (typeof input === 'string' ? input : ((input as { url?: string })?.url ?? String(input)));

(globalThis as { fetch: unknown }).fetch = (input: unknown): Promise<never> => Promise.reject(new HttpLeftOutError(describe(input)));
