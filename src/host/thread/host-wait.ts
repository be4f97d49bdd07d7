/**
 * What a host import returns to have the guest wait for something the host's event loop brings
 * (an HTTP response): the guest's thread keeps waiting until `until` settles, then `then` runs on
 * the host's thread and its value (or throw) is the call's result. `then` runs only if the guest
 * is still there: a stopped guest (interrupted, deleted, its host closing) records nothing more.
 */
export class HostWait<T = unknown> {
  constructor(
    readonly until: Promise<unknown>,
    readonly then: () => T,
  ) {}
}
