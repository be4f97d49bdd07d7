import type { Ports } from './imports/ports.ts';
import type { Store } from './store.ts';

/** The host imports' ports (src/host/imports/ports.ts) over the store. */
export function storePorts(store: Store): Ports {
  return {
    promises: {
      create: (k) => store.createPromise(k.templateId, k.workerName, k.oplogIdx),
      get: (k) => store.promise(k.templateId, k.workerName, k.oplogIdx),
      complete: (k, data) => store.completePromise(k.templateId, k.workerName, k.oplogIdx, data),
      delete: (k) => store.deletePromise(k.templateId, k.workerName, k.oplogIdx),
    },
    kv: {
      get: (bucket, key) => store.kvGet(bucket, key),
      set: (bucket, key, value) => store.kvSet(bucket, key, value),
      delete: (bucket, key) => store.kvDelete(bucket, key),
      keys: (bucket) => store.kvKeys(bucket),
      transaction: (fn) => store.transaction(fn),
    },
    workers: {
      list: (templateId) => store.workers(templateId),
      get: (templateId, name) => store.worker(templateId, name),
      lastOplogIndex: (templateId, name) => store.lastOplogIndex(templateId, name),
    },
  };
}
