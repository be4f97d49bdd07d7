/**
 * One worker (or Golem 1.5 agent: its type, id and methods, completed and invoked through Golem
 * 1.5's routes; see agent.ts): live status, pending promises with a complete form (checked against the promise's
 * JSON Schema before sending) and a copyable curl command, an invoke form generated from the WIT
 * types, the oplog as a timeline, and the key-value entries that mention the worker.
 */
import { exampleOf } from '../host/json-schema-example.ts';
import { formatIssue, validateJsonSchema } from '../host/json-schema.ts';
import type { ExportFunction, OplogEntry, PromiseInfo, Template, WorkerMetadata } from '../host/types.ts';
import { api, enc, getToken, workerPath } from './api.ts';
import { invokeFrame, runInvocation, type InvokeFrame } from './invoke-form.ts';
import { apiMessages, showErrors } from './messages.ts';
import { announce, clock, fill, h } from './dom.ts';
import { statusBadge, type View } from './home.ts';
import { parseJson } from '../wit/json.ts';
import { timeline } from './timeline.ts';
import { agentInfo, agentInvokeForm, agentPath, agentSummary, isAgentTemplate, methodList } from './agent.ts';
import { sampleValue, typeText } from './wit-types.ts';

interface KeyValueBucket {
  name: string;
  entries: { key: string; encoding: string; value: string; size: number; truncated: boolean }[];
}

export async function workerView(main: HTMLElement, templateId: string, name: string): Promise<View> {
  const path = workerPath(templateId, name);
  const status = h('p', { class: 'status-line' });
  const promisesBox = h('div');
  const timelineList = h('ol', { class: 'timeline' });
  const kvBox = h('div');
  const [templates] = await Promise.all([api<Template[]>('GET', `/v1/templates/${enc(templateId)}`)]);
  const template = templates[templates.length - 1];
  const agent = isAgentTemplate(template) ? await agentInfo(template, name) : undefined;
  // An agent's promises are completed through Golem 1.5's route, with the payload as text.
  const completePath = agent ? agentPath(templateId, name) : path;

  fill(
    main,
    h('h1', {}, agent ? 'Agent ' : 'Worker ', h('span', { class: 'mono' }, name)),
    agent ? agentSummary(agent) : null,
    status,
    agent ? section('methods', 'Methods', methodList(agent)) : null,
    section('promises', 'Pending promises', promisesBox),
    section('invoke', 'Invoke', agent ? agentInvokeForm(agent) : invokeForm(path, template)),
    section('oplog', 'Oplog', timelineList),
    section('kv', 'Key-value entries', h('p', { class: 'muted' }, 'Buckets are shared by all workers; shown: keys that mention this worker.'), kvBox),
  );

  const drafts = new Map<number, string>();
  let oplog: OplogEntry[] = [];
  let shownPromises = '';
  let shownStatus = '';
  let shownKv = '';

  const refresh = async () => {
    const [meta, { promises }, { entries }, { buckets }] = await Promise.all([
      api<WorkerMetadata>('GET', path),
      api<{ promises: PromiseInfo[] }>('GET', `${path}/promises`),
      api<{ entries: OplogEntry[] }>('GET', `${path}/oplog?from=${(oplog.at(-1)?.idx ?? 0) + 1}`),
      api<{ buckets: KeyValueBucket[] }>('GET', '/v1/key-value'),
    ]);
    const pending = promises.filter((p) => p.state === 'pending');
    const awaited = pending.find((p) => p.awaitedBy);
    const statusKey = `${meta.status}/${awaited?.oplogIdx}`;
    if (statusKey !== shownStatus) {
      shownStatus = statusKey;
      fill(status, 'Status: ', statusBadge(meta.status), awaited ? ` awaiting promise ${awaited.oplogIdx}` : '', ` · template v${meta.templateVersion} · retries ${meta.retryCount}`);
      announce(`Worker ${name} is ${meta.status}${awaited ? `, awaiting promise ${awaited.oplogIdx}` : ''}`);
    }
    const promisesKey = JSON.stringify(pending.map((p) => [p.oplogIdx, p.awaitedBy?.oplogIdx]));
    if (promisesKey !== shownPromises) {
      shownPromises = promisesKey;
      fill(promisesBox, pending.length ? pending.map((p) => promiseCard(p, completePath, drafts, refresh, !!agent)) : h('p', {}, 'No pending promises.'));
    }
    // Refreshes may overlap (an event, and the complete form's own): each entry is kept once.
    const last = oplog.at(-1)?.idx ?? 0;
    const fresh = entries.filter((e) => e.idx > last);
    if (fresh.length) {
      oplog = oplog.concat(fresh);
      fill(timelineList, timeline(oplog).map((item) =>
        h(
          'li',
          { class: `tl tl-${item.kind}` },
          h('span', { class: 'tl-idx' }, item.idx),
          ' ',
          h('time', { datetime: item.time }, clock(item.time)),
          ' ',
          h('strong', {}, item.title),
          item.detail ? h('div', { class: 'tl-detail mono' }, item.detail) : null,
        ),
      ));
    }
    const mine = buckets.flatMap((b) => b.entries.filter((e) => e.key.includes(name)).map((e) => ({ bucket: b.name, ...e })));
    const kvKey = JSON.stringify(mine);
    if (kvKey !== shownKv) {
      shownKv = kvKey;
      fill(
        kvBox,
        mine.length
          ? h(
              'table',
              {},
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Bucket'), h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))),
              h('tbody', {}, mine.map((e) => h('tr', {}, h('td', { class: 'mono' }, e.bucket), h('td', { class: 'mono' }, e.key), h('td', { class: 'mono wrap' }, e.encoding === 'base64' ? `(base64) ${e.value}` : e.value, e.truncated ? '…' : '')))),
            )
          : h('p', {}, 'No entries.'),
      );
    }
  };
  await refresh();
  return { refresh, events: `${path}/events` };
}

function section(id: string, title: string, ...content: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': `s-${id}` }, h('h2', { id: `s-${id}` }, title), ...content);
}

/** `text`: the payload is sent as the field's UTF-8 bytes (an agent reads its promise's bytes itself). */
function promiseCard(p: PromiseInfo, path: string, drafts: Map<number, string>, refresh: () => Promise<void>, text = false): HTMLElement {
  const fieldId = `payload-${p.oplogIdx}`;
  const errorsId = `errors-${p.oplogIdx}`;
  const textarea = h('textarea', { id: fieldId, rows: 5, spellcheck: false, 'aria-describedby': errorsId, class: 'mono' });
  textarea.value = drafts.get(p.oplogIdx) ?? (text ? '' : JSON.stringify(p.schema ? exampleOf(p.schema) : {}, null, 2));
  const errors = h('div', { id: errorsId, class: 'errors', role: 'alert' });
  const curl = h('code', {});
  const showCurl = () => fill(curl, curlCommand(path, p.oplogIdx, textarea.value, text));
  textarea.addEventListener('input', () => {
    drafts.set(p.oplogIdx, textarea.value);
    showCurl();
  });
  showCurl();

  const submit = async (e: Event) => {
    e.preventDefault();
    fill(errors);
    let value: unknown;
    if (text) return send(new TextEncoder().encode(textarea.value));
    try {
      value = JSON.parse(textarea.value);
    } catch (err) {
      return showErrors(errors, ['The payload is not valid JSON: ' + (err as Error).message], textarea);
    }
    if (p.schema) {
      const issues = validateJsonSchema(p.schema, value).map(formatIssue);
      if (issues.length) return showErrors(errors, ['Not sent: the payload does not match the promise\'s schema.', ...issues], textarea);
    }
    return send(new TextEncoder().encode(JSON.stringify(value)));
  };

  const send = async (data: Uint8Array) => {
    try {
      const done = await api<boolean>('POST', `${path}/complete`, { oplogIdx: p.oplogIdx, data: [...data] });
      drafts.delete(p.oplogIdx);
      announce(done ? `Promise ${p.oplogIdx} completed` : `Promise ${p.oplogIdx} was already completed`);
      await refresh();
    } catch (err) {
      showErrors(errors, apiMessages(err), textarea);
    }
  };

  const created = p.createdBy ? ` by ${p.createdBy.functionName}` : '';
  return h(
    'article',
    { class: 'promise', 'aria-labelledby': `p-${p.oplogIdx}` },
    h('h3', { id: `p-${p.oplogIdx}` }, `Promise ${p.oplogIdx}`),
    h('p', { class: 'muted' }, `created ${clock(p.createdAt)}${created}`, p.awaitedBy ? ` · awaited by ${p.awaitedBy.functionName}` : ''),
    h(
      'form',
      { onsubmit: submit },
      h('label', { for: fieldId }, text ? 'Payload (text, sent as its UTF-8 bytes)' : 'Payload (JSON)'),
      textarea,
      p.schema ? h('details', {}, h('summary', {}, 'Expected shape (JSON Schema)'), h('pre', { class: 'mono' }, JSON.stringify(p.schema, null, 2))) : null,
      errors,
      h('button', { type: 'submit' }, `Complete promise ${p.oplogIdx}`),
    ),
    h('p', { class: 'muted' }, 'Or with curl:'),
    h('pre', { class: 'curl' }, curl),
    h('button', { type: 'button', class: 'secondary', onclick: () => copy(curl.textContent ?? '') }, 'Copy curl command'),
  );
}

function curlCommand(path: string, oplogIdx: number, payload: string, text: boolean): string {
  let sent = payload;
  if (!text) {
    try {
      sent = JSON.stringify(JSON.parse(payload));
    } catch {
      // Shown as typed; the form refuses it before sending.
    }
  }
  const bytes = [...new TextEncoder().encode(sent)];
  const auth = getToken() ? ` \\\n  -H "Authorization: Bearer $GOLEM_TS_TOKEN"` : '';
  return `curl -X POST '${location.origin}${path}/complete' \\\n  -H 'Content-Type: application/json'${auth} \\\n  -d '{"oplogIdx": ${oplogIdx}, "data": [${bytes.join(',')}]}'`;
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    announce('Copied the curl command');
  } catch {
    announce('Copying is not allowed here: select the command and copy it');
  }
}

function invokeForm(path: string, template: Template | undefined): HTMLElement {
  const functions: { name: string; fn: ExportFunction }[] = (template?.metadata.exports ?? []).flatMap((e) =>
    e.type === 'Instance' ? e.functions.map((fn) => ({ name: `${e.name}/${fn.name}`, fn })) : [{ name: e.name, fn: e }],
  );
  if (functions.length === 0) return h('p', {}, 'The template exports no functions.');
  const select = h('select', { id: 'invoke-fn' }, functions.map((f) => h('option', { value: f.name }, f.name)));
  const params = h('div', { class: 'params' });
  const current = () => functions.find((f) => f.name === select.value)!;
  const showParams = () => {
    const { fn } = current();
    fill(
      params,
      h('p', { class: 'mono sig' }, fn.signature ?? ''),
      fn.parameters.length === 0 ? h('p', { class: 'muted' }, 'No parameters.') : null,
      fn.parameters.map((p, i) =>
        h('div', { class: 'field' }, h('label', { for: `param-${i}` }, `${p.name}: `, h('code', {}, typeText(p.typ as any))), h('textarea', { id: `param-${i}`, rows: 3, class: 'mono', spellcheck: false, value: JSON.stringify(sampleValue(p.typ as any)) })),
      ),
    );
  };
  select.addEventListener('change', showParams);
  showParams();

  const submit = async (frame: InvokeFrame) => {
    const { name, fn } = current();
    const values: unknown[] = [];
    for (let i = 0; i < fn.parameters.length; i++) {
      const field = document.getElementById(`param-${i}`) as HTMLTextAreaElement;
      try {
        values.push(parseJson(field.value));
      } catch (err) {
        return showErrors(frame.errors, [`${fn.parameters[i].name}: not valid JSON (${(err as Error).message})`], field);
      }
    }
    const route = frame.wait.checked ? 'invoke-and-await' : 'invoke';
    const call = async () => (await api<{ result?: unknown }>('POST', `${path}/${route}?function=${enc(name)}`, { params: values })).result;
    await runInvocation(frame, name, call, `Enqueued ${name}.`);
  };

  return invokeFrame('Function', select, [params], submit);
}
