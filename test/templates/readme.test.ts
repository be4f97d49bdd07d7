/** README's Templates table lists exactly the templates of templates/manifest.json. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

interface Template {
  name: string;
  description: string;
  path: string;
  exports: string[];
}

/** The table as README.md must hold it between the templates markers. */
function table(templates: Template[]): string {
  const rows = templates.map((t) => `| [\`${t.name}\`](templates/${t.path}) | ${t.description} | ${t.exports.map((e) => `\`${e}\``).join(', ')} |`);
  return ['| template | what it shows | exports |', '|---|---|---|', ...rows].join('\n');
}

it('README.md has the Templates table of the manifest (paste the expected table on failure)', () => {
  const { templates } = JSON.parse(read('templates/manifest.json')) as { templates: Template[] };
  const readme = read('README.md');
  const block = /<!-- templates: [^>]*-->\n([\s\S]*?)\n<!-- \/templates -->/.exec(readme);
  expect(block, 'README.md lacks the templates markers').not.toBeNull();
  expect(block![1]).toBe(table(templates));
});

it('README.md starts with "Start a new component", before the demo', () => {
  const headings = [...read('README.md').matchAll(/^## (.*)$/gm)].map((m) => m[1]);
  expect(headings[0]).toBe('Start a new component');
  expect(headings.indexOf('Templates')).toBeLessThan(headings.findIndex((h) => h.startsWith('Demo')));
});
