/// <reference path="./interfaces/golem-api-host.d.ts" />
/// <reference path="./interfaces/golem-rpc-types.d.ts" />
/// <reference path="./interfaces/wasi-clocks-monotonic-clock.d.ts" />
/// <reference path="./interfaces/wasi-io-error.d.ts" />
/// <reference path="./interfaces/wasi-io-poll.d.ts" />
/// <reference path="./interfaces/wasi-io-streams.d.ts" />
/// <reference path="./interfaces/wasi-keyvalue-atomic.d.ts" />
/// <reference path="./interfaces/wasi-keyvalue-eventual-batch.d.ts" />
/// <reference path="./interfaces/wasi-keyvalue-eventual.d.ts" />
/// <reference path="./interfaces/wasi-keyvalue-types.d.ts" />
/// <reference path="./interfaces/wasi-keyvalue-wasi-keyvalue-error.d.ts" />
declare module 'golem:ts/guest@0.1.0' {
  export type * as GolemApiHost020 from 'golem:api/host@0.2.0'; // import golem:api/host@0.2.0
  export type * as GolemRpcTypes010 from 'golem:rpc/types@0.1.0'; // import golem:rpc/types@0.1.0
  export type * as WasiClocksMonotonicClock020 from 'wasi:clocks/monotonic-clock@0.2.0'; // import wasi:clocks/monotonic-clock@0.2.0
  export type * as WasiIoError020 from 'wasi:io/error@0.2.0'; // import wasi:io/error@0.2.0
  export type * as WasiIoPoll020 from 'wasi:io/poll@0.2.0'; // import wasi:io/poll@0.2.0
  export type * as WasiIoStreams020 from 'wasi:io/streams@0.2.0'; // import wasi:io/streams@0.2.0
  export type * as WasiKeyvalueAtomic010 from 'wasi:keyvalue/atomic@0.1.0'; // import wasi:keyvalue/atomic@0.1.0
  export type * as WasiKeyvalueEventualBatch010 from 'wasi:keyvalue/eventual-batch@0.1.0'; // import wasi:keyvalue/eventual-batch@0.1.0
  export type * as WasiKeyvalueEventual010 from 'wasi:keyvalue/eventual@0.1.0'; // import wasi:keyvalue/eventual@0.1.0
  export type * as WasiKeyvalueTypes010 from 'wasi:keyvalue/types@0.1.0'; // import wasi:keyvalue/types@0.1.0
  export type * as WasiKeyvalueWasiKeyvalueError010 from 'wasi:keyvalue/wasi-keyvalue-error@0.1.0'; // import wasi:keyvalue/wasi-keyvalue-error@0.1.0
}
