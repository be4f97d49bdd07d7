/** Longest an invocation may compute before its guest is stopped (time parked in a suspension does not count). Generous: five minutes of computing in one workflow step is a bug, not a workload. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 5 * 60_000;
/** The most a wasm32 memory can ever hold: 65,536 pages of 64 KiB. */
export const WASM32_MEMORY_CEILING = 4 * 2 ** 30;
/**
 * Most memory one guest may use (its linear memory), in bytes. A componentize-js guest's memory
 * starts at 9 MiB and the example's whole instance costs ≈ 11 MiB, so 512 MiB is ample room for
 * real workflows, while 32 live instances (--max-live's default) stay within 16 GiB even if all
 * of them fill up (1 GiB would allow 32 GiB, more than most machines have).
 */
export const DEFAULT_MAX_GUEST_MEMORY = 512 * 2 ** 20;
