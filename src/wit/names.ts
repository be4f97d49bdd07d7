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
