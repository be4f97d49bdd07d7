import type { ComponentImport } from '../../wit/binary/world.ts';
import { jsName } from '../js-name.ts';
import type { Interfaces } from '../imports/provide.ts';
import { HostTrap } from '../signals.ts';

/**
 * Completes an import object for a component: every interface and function it imports that the
 * host does not provide becomes a trap naming both (`wasi:sockets/tcp@0.2.9.{[method]tcp-socket.bind}
 * is not provided by the golem-ts host`), never a silent wrong answer. jco needs every name at
 * instantiation; only a call fails, and it fails loudly.
 */
export function withTraps(provided: Interfaces, imports: ComponentImport[]): Interfaces {
  const out: Interfaces = { ...provided };
  for (const imp of imports) {
    if (imp.kind !== 'instance') continue;
    const key = imp.name.replace(/@[^/]*$/, '');
    const have = (provided[key] ?? {}) as Record<string, unknown>;
    const iface: Record<string, unknown> = { ...have };
    const trap = (fn: string) => () => {
      throw new HostTrap(`${imp.name}.{${fn}} is not provided by the golem-ts host`);
    };
    const classes = new Map<string, { fns: string[] }>((imp.resources ?? []).map((r) => [className(r), { fns: [] }]));
    for (const fn of imp.functions) {
      const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(fn);
      if (!m) {
        if (typeof iface[jsName(fn)] !== 'function') iface[jsName(fn)] = trap(fn);
        continue;
      }
      const cls = className(m[2]);
      if (!classes.has(cls)) classes.set(cls, { fns: [] });
      classes.get(cls)!.fns.push(fn);
    }
    for (const [cls, { fns }] of classes) {
      const provided = iface[cls] as (Function & Record<string, unknown>) | undefined;
      if (typeof provided === 'function') {
        // Provided: its methods answer; one it lacks traps with its name too (only added, never replaced).
        for (const fn of fns) {
          const m = /^\[(method|static)\][^.]+\.(.+)$/.exec(fn);
          const target = m?.[1] === 'method' ? (provided.prototype as Record<string, unknown>) : provided;
          if (m && typeof target[jsName(m[2])] !== 'function') target[jsName(m[2])] = trap(fn);
        }
        continue;
      }
      const Trapping = class {
        constructor() {
          throw new HostTrap(`${imp.name}.{[constructor]${cls}} is not provided by the golem-ts host`);
        }
      };
      Object.defineProperty(Trapping, 'name', { value: cls });
      for (const fn of fns) {
        const m = /^\[(method|static)\][^.]+\.(.+)$/.exec(fn);
        if (!m) continue;
        if (m[1] === 'method') (Trapping.prototype as unknown as Record<string, unknown>)[jsName(m[2])] = trap(fn);
        else (Trapping as unknown as Record<string, unknown>)[jsName(m[2])] = trap(fn);
      }
      iface[cls] = Trapping;
    }
    out[key] = iface;
  }
  return out;
}

function className(resource: string): string {
  const camel = jsName(resource);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}
