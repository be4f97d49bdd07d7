/** Templates with their exports and WIT signatures, and each template's workers with live status (from `GET /v1/events`). */
import type { Template, TemplateExport, WorkerMetadata } from '../host/types.ts';
import { api, enc } from './api.ts';
import { fill, h } from './dom.ts';
import { isAgentTemplate } from './agent.ts';

export interface View {
  /** Reads what the view shows again: called when its event stream says something changed. */
  refresh(): Promise<void>;
  /** The event stream whose events change what the view shows (see live.ts). */
  events: string;
}

export async function homeView(main: HTMLElement): Promise<View> {
  const list = h('div', { class: 'templates' });
  fill(main, h('h1', {}, 'Templates'), list);
  const workerTables = new Map<string, HTMLTableSectionElement>();

  const templates = await api<Template[]>('GET', '/v1/templates');
  const latest = new Map<string, Template>();
  for (const t of templates) latest.set(t.versionedTemplateId.rawTemplateId, t);
  if (latest.size === 0) list.append(h('p', {}, 'No templates yet. Upload one with ', h('code', {}, 'golem-ts template add <name> <file.wasm>'), '.'));
  for (const [id, t] of latest) {
    const body = h('tbody');
    workerTables.set(id, body);
    const headingId = `t-${id}`;
    list.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': headingId },
        h('h2', { id: headingId }, t.templateName, ' ', h('span', { class: 'muted' }, `v${t.versionedTemplateId.version}`)),
        h('p', { class: 'muted mono' }, id),
        h('details', {}, h('summary', {}, `Exports (${countFunctions(t.metadata.exports)} functions)`), h('ul', { class: 'exports' }, exportItems(t.metadata.exports))),
        h('h3', {}, isAgentTemplate(t) ? 'Agents' : 'Workers'),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, isAgentTemplate(t) ? 'Agent' : 'Worker'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Retries'))), body),
      ),
    );
  }

  const refresh = async () => {
    for (const [id, body] of workerTables) {
      const { workers } = await api<{ workers: WorkerMetadata[] }>('GET', `/v1/templates/${enc(id)}/workers`);
      renderWorkers(body, id, workers);
    }
  };
  await refresh();
  return { refresh, events: '/v1/events' };
}

const countFunctions = (exports: TemplateExport[]) => exports.reduce((n, e) => n + (e.type === 'Instance' ? e.functions.length : 1), 0);

function exportItems(exports: TemplateExport[]): HTMLElement[] {
  return exports.flatMap((e) =>
    e.type === 'Instance'
      ? e.functions.map((f) => h('li', {}, h('code', {}, `${e.name}/${f.name}`), ' ', h('code', { class: 'sig' }, f.signature ?? '')))
      : [h('li', {}, h('code', {}, e.name), ' ', h('code', { class: 'sig' }, e.signature ?? ''))],
  );
}

/** Updates rows in place, so keyboard focus on a link survives the refresh. */
function renderWorkers(body: HTMLTableSectionElement, templateId: string, workers: WorkerMetadata[]): void {
  if (workers.length === 0) {
    fill(body, h('tr', {}, h('td', { colspan: 4 }, 'No workers.')));
    return;
  }
  const rows = new Map([...body.querySelectorAll('tr[data-worker]')].map((r) => [r.getAttribute('data-worker')!, r as HTMLTableRowElement]));
  if (rows.size !== workers.length || workers.some((w) => !rows.has(w.workerId.workerName))) {
    fill(
      body,
      workers.map((w) =>
        h(
          'tr',
          { 'data-worker': w.workerId.workerName },
          h('td', {}, h('a', { href: `#/templates/${enc(templateId)}/workers/${enc(w.workerId.workerName)}` }, w.workerId.workerName)),
          h('td', {}, statusBadge(w.status)),
          h('td', {}, `v${w.templateVersion}`),
          h('td', {}, String(w.retryCount)),
        ),
      ),
    );
    return;
  }
  for (const w of workers) {
    const cells = rows.get(w.workerId.workerName)!.cells;
    if (cells[1].textContent !== w.status) fill(cells[1], statusBadge(w.status));
    cells[2].textContent = `v${w.templateVersion}`;
    cells[3].textContent = String(w.retryCount);
  }
}

export const statusBadge = (status: string) => h('span', { class: `badge status-${status.toLowerCase()}` }, status);
