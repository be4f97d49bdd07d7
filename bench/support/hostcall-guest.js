// A stand-in for jco's glue, loaded by a GuestThread: its one export makes `n` host calls of one
// kind, so the bench measures the thread round trip of a host call and nothing else.
export async function instantiate(_getCoreModule, imports) {
  const { ping, bytes, Counter } = imports['bench:probe/api'];
  return {
    // A number out, a number back.
    small(n) {
      let x = 0;
      for (let i = 0; i < n; i++) x = ping(x);
      return x;
    },
    // A bigint and 4 KiB of bytes out, bytes back.
    bytes(n) {
      const data = new Uint8Array(4096).fill(7);
      let total = 0n;
      for (let i = 0; i < n; i++) total += BigInt(bytes(BigInt(i), data).length);
      return total;
    },
    // A method on a resource handle.
    method(n) {
      const c = new Counter();
      for (let i = 0; i < n; i++) c.add(1);
      return c.add(0);
    },
  };
}
