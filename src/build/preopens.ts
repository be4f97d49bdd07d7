import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';

let done = false;

/**
 * componentize-js, jco's type generation and its wasm-tools run as WASI components on
 * preview2-shim, which (since 0.26) no longer preopens `/`. Without a root preopen every
 * path they touch fails with "No such file or directory (os error 44)".
 */
export function ensureRootPreopen(): void {
  if (done) return;
  // The package's `types` condition precedes `node`, so TypeScript sees the browser signature.
  (_setPreopens as unknown as (preopens: Record<string, string>) => void)({ '/': '/' });
  done = true;
}
