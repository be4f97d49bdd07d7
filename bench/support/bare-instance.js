// The floor under any instance of a component: `new WebAssembly.Instance` of each of its core
// modules, with stub functions for its imports. A memory, table or global a module imports comes
// from a module instantiated before it (as jco links them); modules wait until one provides it.

const KINDS = { memory: WebAssembly.Memory, table: WebAssembly.Table, global: WebAssembly.Global };
const stub = () => {};

/** Instantiates every module of `modules` (name → WebAssembly.Module); returns the instances. */
export function bareInstances(modules) {
  const made = [];
  let left = Object.values(modules);
  while (left.length) {
    const next = [];
    for (const m of left) {
      const imports = {};
      let missing = false;
      for (const imp of WebAssembly.Module.imports(m)) {
        const value = imp.kind === 'function' ? stub : made.flatMap((i) => Object.values(i.exports)).find((v) => v instanceof KINDS[imp.kind]);
        if (value === undefined) missing = true;
        (imports[imp.module] ??= {})[imp.name] = value;
      }
      if (missing) next.push(m);
      else made.push(new WebAssembly.Instance(m, imports));
    }
    if (next.length === left.length) throw new Error('bench: core modules import what none of them exports');
    left = next;
  }
  return made;
}
