import { Reader } from '../../wit/binary/reader.ts';
import { concat, joinSections, s32, splitSections, u32, type Section } from './sections.ts';
import { findSlots, JS_OFFSET_AT, MODULE_INDEX_AT, readU32 } from './slot.ts';

/**
 * Puts a JavaScript module into a prebuilt wasm-rquickjs guest component (as Golem's TypeScript
 * SDK ships one, `agent_guest.wasm`), written from the binary format:
 *  - the core module whose data holds the slot marker (slot.ts) gets the JS as a new active data
 *    segment `LEN u32 LE · JS` on memory 0, placed at the first page past the memory's minimum;
 *  - the memory's minimum grows by the pages that segment needs (the guest's allocator only ever
 *    takes pages with memory.grow, so pages below the minimum that no segment uses stay ours);
 *  - the marker's JS_OFFSET is set to that address; a DataCount section, if any, counts the new
 *    segment; the sizes of the rewritten sections and of the enclosing core-module section follow.
 * Nothing else changes: the component's types, imports and exports stay byte for byte.
 */
export function injectJs(component: Uint8Array, js: string): Uint8Array {
  const { preamble, sections } = splitSections(component);
  const targets = sections.map((s, i) => (s.id === 1 && findSlots(s.payload).length ? i : -1)).filter((i) => i >= 0);
  if (targets.length !== 1) throw new InjectError(targets.length ? `${targets.length} core modules hold a JS slot; expected one` : 'no core module of the component holds a wasm-rquickjs JS slot (WASM_RQJS_SLOT)');
  const out = sections.slice();
  out[targets[0]] = { id: 1, payload: injectIntoModule(sections[targets[0]].payload, new TextEncoder().encode(js)) };
  return joinSections(preamble, out);
}

export class InjectError extends Error {
  override name = 'InjectError';
}

const PAGE = 65536;

function injectIntoModule(module: Uint8Array, js: Uint8Array): Uint8Array {
  const { preamble, sections } = splitSections(module);
  const memIdx = sections.findIndex((s) => s.id === 5);
  const dataIdx = sections.findIndex((s) => s.id === 11);
  if (memIdx < 0) throw new InjectError('the guest module defines no memory (an imported memory cannot grow here)');
  if (dataIdx < 0) throw new InjectError('the guest module has no data section');

  const memory = readMemory(sections[memIdx].payload);
  const data = readData(sections[dataIdx].payload);
  const slots = data.segments.flatMap((seg) => findSlots(seg.bytes).map((at) => ({ seg, at })));
  const primary = slots.filter(({ seg, at }) => readU32(seg.bytes, at + MODULE_INDEX_AT) === 0);
  if (primary.length !== 1) throw new InjectError(`expected one JS slot with module index 0 in the guest's data, found ${primary.length}`);
  const { seg, at } = primary[0];
  if (seg.offset === undefined) throw new InjectError('the JS slot is in a passive data segment or one placed by a non-constant offset');
  if (readU32(seg.bytes, at + JS_OFFSET_AT) !== 0) throw new InjectError('the guest already has JavaScript injected');

  const address = memory.min * PAGE;
  const payload = concat([le32(js.length), js]);
  const min = memory.min + Math.ceil(payload.length / PAGE);
  if (memory.max !== undefined && min > memory.max) throw new InjectError(`the JS needs ${min} pages of memory; the guest allows ${memory.max}`);
  if (min * PAGE > 2 ** 31) throw new InjectError('the JS does not fit a 32-bit address below 2 GiB');

  // Patch JS_OFFSET inside a copy of the data section (same length), then append the segment.
  const dataPayload = sections[dataIdx].payload.slice();
  dataPayload.set(le32(address), seg.bytesAt + at + JS_OFFSET_AT);
  const segment = concat([Uint8Array.of(0x00, 0x41, ...s32(address), 0x0b, ...u32(payload.length)), payload]);
  const newData = concat([Uint8Array.from(u32(data.count + 1)), dataPayload.subarray(data.headerLength), segment]);

  const out: Section[] = sections.slice();
  out[memIdx] = { id: 5, payload: writeMemory(memory, min) };
  out[dataIdx] = { id: 11, payload: newData };
  const dcIdx = sections.findIndex((s) => s.id === 12);
  if (dcIdx >= 0) out[dcIdx] = { id: 12, payload: Uint8Array.from(u32(new Reader(sections[dcIdx].payload).u32() + 1)) };
  return joinSections(preamble, out);
}

interface Memory {
  /** The memory section's bytes after memory 0's limits (further memories). */
  rest: Uint8Array;
  count: number;
  flags: number;
  min: number;
  max?: number;
}

function readMemory(payload: Uint8Array): Memory {
  const r = new Reader(payload);
  const count = r.u32();
  if (count < 1) throw new InjectError('the guest module defines no memory');
  const flags = r.byte();
  if (flags & ~0x03) throw new InjectError(`memory 0 has limits flags 0x${flags.toString(16)} (64-bit or custom page size): not supported`);
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : undefined;
  return { rest: payload.subarray(r.offset), count, flags, min, max };
}

function writeMemory(m: Memory, min: number): Uint8Array {
  const limits = [m.flags, ...u32(min), ...(m.max !== undefined ? u32(m.max) : [])];
  return concat([Uint8Array.of(...u32(m.count), ...limits), m.rest]);
}

interface Segment {
  /** Linear-memory address of an active segment on memory 0 with a constant offset. */
  offset?: number;
  bytes: Uint8Array;
  /** Where `bytes` starts in the data section's payload. */
  bytesAt: number;
}

function readData(payload: Uint8Array): { count: number; headerLength: number; segments: Segment[] } {
  const r = new Reader(payload);
  const count = r.u32();
  const headerLength = r.offset;
  const segments: Segment[] = [];
  for (let i = 0; i < count; i++) {
    const mode = r.u32();
    let offset: number | undefined;
    if (mode === 0 || mode === 2) {
      const mem = mode === 2 ? r.u32() : 0;
      const at = constExpr(r);
      offset = mem === 0 ? at : undefined;
    } else if (mode !== 1) throw new InjectError(`data segment ${i} has an unknown mode ${mode}`);
    const len = r.u32();
    const bytesAt = r.offset;
    segments.push({ offset, bytes: payload.subarray(bytesAt, bytesAt + len), bytesAt });
    r.offset += len;
  }
  return { count, headerLength, segments };
}

/** Reads a constant expression; its value when it is a lone `i32.const`. */
function constExpr(r: Reader): number | undefined {
  const op = r.byte();
  let value: number | undefined;
  if (op === 0x41) value = sleb32(r);
  else if (op === 0x23) r.u32(); // global.get: an address only known at instantiation
  else r.fail(`data segment offset uses opcode 0x${op.toString(16)}: not supported`);
  if (r.byte() !== 0x0b) r.fail('data segment offset is not a single instruction');
  return value;
}

function sleb32(r: Reader): number {
  let result = 0;
  let shift = 0;
  let b: number;
  do {
    b = r.byte();
    result |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (shift < 32 && b & 0x40) result |= -1 << shift;
  return result >>> 0;
}

function le32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}
