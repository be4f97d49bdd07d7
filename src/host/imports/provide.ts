/** Interfaces as jco takes them: unversioned interface name (`wasi:io/poll`) → its functions and resource classes. */
export type Interfaces = Record<string, object>;

/**
 * The union of the interfaces several modules provide. An interface has one home: one provided
 * twice is a host bug (the second would silently replace the first), so it throws.
 */
export function provide(...parts: Interfaces[]): Interfaces {
  const all: Interfaces = {};
  for (const part of parts) {
    for (const [name, iface] of Object.entries(part)) {
      if (name in all) throw new Error(`internal: the host import ${name} is provided twice`);
      all[name] = iface;
    }
  }
  return all;
}
