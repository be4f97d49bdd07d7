/**
 * jco's JS name for a WIT record field or flag: lower camel case of the kebab-case name
 * (`annual-premium-cents` → `annualPremiumCents`, `TTL-ms` → `ttlMs`). jco does not escape
 * reserved words here (`class` stays `class`), since they are only ever object keys.
 */
export function jsFieldName(witName: string): string {
  return witName
    .split('-')
    .map((word, i) => {
      const lower = word.toLowerCase();
      return i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
}

/** A WIT identifier: kebab-case words, each starting with a letter, each all lower- or all upper-case. */
const WIT_ID = /^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z][a-zA-Z0-9]*)*$/;

/** Why `id` is not a valid WIT identifier (undefined when it is). */
export function witIdProblem(id: string): string | undefined {
  if (id === '') return 'is empty';
  if (!WIT_ID.test(id)) {
    if (/^[0-9]/.test(id) || /-[0-9]/.test(id)) return `"${id}": every word must start with a letter`;
    if (/--|^-|-$/.test(id)) return `"${id}": words are separated by single hyphens`;
    return `"${id}": use kebab-case letters and digits only (e.g. "my-app")`;
  }
  for (const word of id.split('-')) {
    if (word !== word.toLowerCase() && word !== word.toUpperCase()) return `"${id}": the word "${word}" mixes upper and lower case`;
  }
  return undefined;
}

/** Why `name` is not a WIT package name `namespace:package` (undefined when it is). */
export function witPackageNameProblem(name: string): string | undefined {
  const parts = name.split(':');
  if (parts.length !== 2) return `"${name}" is not a WIT package name: expected namespace:package, e.g. "acme:expense"`;
  if (name.includes('@')) return `"${name}": give the package name without a version`;
  const [ns, pkg] = parts;
  const problem = witIdProblem(ns) ?? witIdProblem(pkg);
  return problem ? `"${name}" is not a WIT package name: ${ns === '' || pkg === '' ? 'namespace and package must both be given' : problem}` : undefined;
}
