/** Longest an invocation may compute before its guest is stopped (time parked in a suspension does not count). Generous: five minutes of computing in one workflow step is a bug, not a workload. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 5 * 60_000;
