import { parse } from '@bytecodealliance/jco';
import { ensureRootPreopen } from '../../src/build/preopens.ts';

/** Assembles component text (WAT) with jco's bundled wasm-tools: components from a non-JS toolchain. */
export async function componentFromWat(wat: string): Promise<Uint8Array> {
  ensureRootPreopen();
  return parse(wat);
}
