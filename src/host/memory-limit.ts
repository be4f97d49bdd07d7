import { Reader } from '../wit/binary/reader.ts';
import { mib, WASM32_MEMORY_CEILING } from './limits.ts';

/** A WebAssembly page: the unit memory limits are counted in. */
export const WASM_PAGE = 65536;

/**
 * The core module `bytes` with every memory it defines capped at `maxBytes` (rounded down to
 * whole pages): its memory section's limits get a maximum, or a lower one, so `memory.grow`
 * beyond the cap fails inside the guest instead of growing the host. Imported memories are
 * someone else's (capped where they are defined); a module with a 64-bit memory is left alone.
 * Returns the same bytes when nothing needs changing. Throws when a memory's initial size is over the cap
 * already: such a guest cannot even start within the limit.
 *
 * The cap has to be in the module: a guest thread's `resourceLimits` bound its JS heap, not wasm
 * memory (a worker with maxOldGenerationSizeMb 32 grows a WebAssembly.Memory to 1 GiB unhindered).
 */
export function capMemory(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): Uint8Array<ArrayBuffer> {
  const cap = Math.floor(Math.min(maxBytes, WASM32_MEMORY_CEILING) / WASM_PAGE);
  const r = new Reader(bytes, 8);
  while (!r.done) {
    const start = r.offset;
    const id = r.byte();
    const size = r.u32();
    const body = r.slice(size);
    if (id !== 5) continue;
    const rewritten = rewriteMemorySection(body, cap);
    if (!rewritten) return bytes;
    const head = [5, ...leb(rewritten.length)];
    const out = new Uint8Array(start + head.length + rewritten.length + (bytes.length - r.offset));
    out.set(bytes.subarray(0, start), 0);
    out.set(head, start);
    out.set(rewritten, start + head.length);
    out.set(bytes.subarray(r.offset), start + head.length + rewritten.length);
    return out;
  }
  return bytes;
}

/** The memory section with each 32-bit memory's maximum at most `cap` pages; undefined when already so. */
function rewriteMemorySection(body: Reader, cap: number): number[] | undefined {
  const count = body.u32();
  const out = leb(count);
  let changed = false;
  for (let i = 0; i < count; i++) {
    const flags = body.byte();
    // memory64 (no JS toolchain makes one; wasm32 is what Node runs here): the module is left as it is.
    if (flags & 4) return undefined;
    const min = body.u32();
    const max = flags & 1 ? body.u32() : undefined;
    if (min > cap) throw new Error(`out of memory: the guest's memory starts at ${mib(min * WASM_PAGE)}, over the host's limit of ${mib(cap * WASM_PAGE)} per guest (--max-guest-memory)`);
    const capped = max === undefined ? cap : Math.min(max, cap);
    if (capped !== max) changed = true;
    out.push(flags | 1, ...leb(min), ...leb(capped));
  }
  return changed ? out : undefined;
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/**
 * An invocation that ran out of memory: the guest's memory reached the host's limit, a grow
 * failed inside the guest, and its runtime (SpiderMonkey) aborted with a wasm trap.
 */
export class GuestOutOfMemory extends Error {
  constructor(
    readonly limitBytes: number,
    readonly memoryBytes: number,
    trap: Error,
  ) {
    super(`out of memory: the guest's memory reached ${mib(memoryBytes)} of the host's limit of ${mib(limitBytes)} per guest (--max-guest-memory) and the guest stopped (${trap.message})`, { cause: trap });
    this.name = 'GuestOutOfMemory';
  }
}

/**
 * `e` as GuestOutOfMemory when it is a wasm trap with the guest's memory this close to the limit
 * (`memoryBytes`, reported by the guest thread). The guest's allocator grows memory by at most a
 * few MiB at a time, so a failed grow leaves it within the margin: 1/16 of the limit, at least 4 MiB.
 */
export function asOutOfMemory(e: unknown, limitBytes: number): unknown {
  if (!(e instanceof Error) || e.name !== 'RuntimeError') return e;
  const memoryBytes = (e as { memoryBytes?: unknown }).memoryBytes;
  if (typeof memoryBytes !== 'number') return e;
  const margin = Math.max(4 * 2 ** 20, limitBytes / 16);
  return memoryBytes >= limitBytes - margin ? new GuestOutOfMemory(limitBytes, memoryBytes, e) : e;
}
