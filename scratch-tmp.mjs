import * as shim from '@bytecodealliance/preview2-shim';
import { readFileSync } from 'node:fs';
const { instantiate } = await import('/tmp/agentjs/component.js');
const src = readFileSync('/tmp/agentjs/component.js', 'utf8');
const needed = {};
for (const m of src.matchAll(/const \{([^}]*)\} = imports\['([^']+)'\];/g)) needed[m[2]] = m[1].split(',').map((s) => s.trim().split(':')[0].trim());
const log = [];
const imports = {};
const shimMap = { 'wasi:cli': shim.cli, 'wasi:clocks': shim.clocks, 'wasi:io': shim.io, 'wasi:random': shim.random, 'wasi:filesystem': shim.filesystem };
for (const [iface, names] of Object.entries(needed)) {
  const [pkg, name] = iface.split('/');
  const camel = name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const real = shimMap[pkg]?.[camel] ?? {};
  const obj = {};
  for (const n of names) {
    if (real[n]) { const f = real[n]; obj[n] = /^[A-Z]/.test(n) ? f : (...a) => { log.push(`${iface}.${n}`); return f(...a); }; continue; }
    obj[n] = /^[A-Z]/.test(n) ? class { constructor() { throw new Error(`trap ctor ${iface}.${n}`); } } : (...a) => { log.push(`TRAP ${iface}.${n}`); throw new Error(`trap ${iface}.${n}`); };
  }
  imports[iface] = obj;
}
const env = imports['wasi:cli/environment'];
env.getEnvironment = () => { log.push('getEnvironment'); return [['GOLEM_AGENT_ID', 'CounterAgent("c1")']]; };
imports['golem:core/types'].parseUuid = (s) => { log.push('parseUuid'); return { highBits: 1n, lowBits: 2n }; };
imports['golem:core/types'].uuidToString = (u) => 'x';
const t0 = performance.now();
const inst = await instantiate((f) => WebAssembly.compile(readFileSync('/tmp/agentjs/' + f)), imports);
console.log('instantiate ms', performance.now() - t0, Object.keys(inst));
try {
  const types = await inst.guest.discoverAgentTypes();
  console.log(JSON.stringify(types, (k, v) => typeof v === 'bigint' ? String(v) : v).slice(0, 3000));
} catch (e) { console.log('discover err', e); }
console.log(log.join('\n'));
log.length = 0;
try {
  const r = inst.guest.initialize('CounterAgent', { tag: 'tuple', val: [{ tag: 'component-model', val: { nodes: [{ tag: 'prim-string', val: 'c1' }] } }] }, { tag: 'anonymous' });
  console.log('init', await r);
  const v = await inst.guest.invoke('increment', { tag: 'tuple', val: [{ tag: 'component-model', val: { nodes: [{ tag: 'prim-f64', val: 5 }] } }] }, { tag: 'anonymous' });
  console.log('invoke', JSON.stringify(v));
} catch (e) { console.log('err', e, e.payload); }
console.log(log.join('\n'));
