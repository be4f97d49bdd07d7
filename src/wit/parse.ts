import type { PackageChunk } from './ast.ts';
import { WitParseError } from './errors.ts';
import type { WitResolve } from './model.ts';
import { packageId, resolvePackages } from './resolver.ts';
import { parseWitFile } from './syntax.ts';

/**
 * Parses and resolves a component's WIT sources, given as `{ relativePath: text }`.
 *
 * Layout (the one wit-parser reads from a `wit/` directory): top-level `*.wit` files form the
 * component's own (root) package; each `deps/<dir>/` is one dependency package spread over any
 * number of files, and a single `deps/<name>.wit` file is a package of its own. Within a package
 * only one file needs the `package ns:name@version;` header. Files not ending in `.wit` are ignored.
 */
export function parseWitPackages(files: Record<string, string>): WitResolve {
  const groups = new Map<string, string[]>();
  for (const path of Object.keys(files).sort()) {
    const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (!normalized.endsWith('.wit')) continue;
    const key = groupOf(normalized);
    groups.set(key, [...(groups.get(key) ?? []), path]);
  }
  const chunks: PackageChunk[] = [];
  let rootId: string | undefined;
  for (const [key, paths] of groups) {
    const parsed = paths.map((path) => ({ path, chunks: parseWitFile(path, files[path]) }));
    const headers = parsed.map((p) => p.chunks[0]).filter((c) => c.name !== undefined);
    const names = new Set(headers.map((c) => packageId(c.name!)));
    if (names.size > 1) {
      const first = headers.find((c) => packageId(c.name!) !== packageId(headers[0].name!))!;
      throw first.source.error(
        `files of one package disagree on its name: ${[...names].join(' vs ')}`,
        first.name!.pos.offset,
      );
    }
    const [header] = headers;
    for (const file of parsed) {
      const [body, ...nested] = file.chunks;
      if (!body.name) {
        const hasContent = body.interfaces.length + body.worlds.length > 0;
        if (hasContent && !header) throw new WitParseError(`no \`package\` declaration in any file of ${describeGroup(key)} (${paths.join(', ')})`);
        body.name = header?.name;
      }
      if (body.name) chunks.push(body);
      chunks.push(...nested);
    }
    if (key === ROOT && header) rootId = packageId(header.name!);
  }
  return resolvePackages(chunks, rootId);
}

const ROOT = '';

function groupOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'deps' || parts.length < 2) return ROOT;
  return parts.length === 2 ? path : `deps/${parts[1]}`;
}

function describeGroup(key: string): string {
  return key === ROOT ? 'the root package' : key;
}
