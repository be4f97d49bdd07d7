/**
 * The guest SDK's in-test fake of golem:rpc/types@0.1.0: `wasm-rpc` answers from a handler the
 * test installs, and records what it was asked.
 */
import type { WitValue } from 'golem:rpc/types@0.1.0';

export interface FakeRpcCall {
  uri: string;
  mode: 'invoke-and-await' | 'invoke';
  functionName: string;
  params: WitValue[];
}

export const rpcCalls: FakeRpcCall[] = [];
let handler: (call: FakeRpcCall) => WitValue = () => {
  throw new Error('fake host: no RPC handler installed');
};

export function onRpc(h: (call: FakeRpcCall) => WitValue): void {
  handler = h;
  rpcCalls.length = 0;
}

export class WasmRpc {
  constructor(private readonly location: { value: string }) {}
  invokeAndAwait(functionName: string, functionParams: WitValue[]): WitValue {
    const call = { uri: this.location.value, mode: 'invoke-and-await' as const, functionName, params: functionParams };
    rpcCalls.push(call);
    return handler(call);
  }
  invoke(functionName: string, functionParams: WitValue[]): void {
    const call = { uri: this.location.value, mode: 'invoke' as const, functionName, params: functionParams };
    rpcCalls.push(call);
    handler(call);
  }
}
