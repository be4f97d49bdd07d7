/** jco names exports in camelCase: `await-decision` → `awaitDecision`. */
export function jsName(witName: string): string {
  return witName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
