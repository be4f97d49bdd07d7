/**
 * The oplog as a timeline: invocations, host calls collapsed by kind, suspensions and resumptions,
 * errors, with times.
 */
import { describeHttpEntry, httpEntry } from '../host/http-oplog.ts';
import { describeSuspend } from '../host/oplog.ts';
import type { OplogEntry } from '../host/types.ts';
import { showJson } from './api.ts';

export interface TimelineItem {
  kind: 'create' | 'invoked' | 'completed' | 'calls' | 'http' | 'suspend' | 'resume' | 'interrupted' | 'error' | 'jump';
  idx: string;
  time: string;
  title: string;
  detail?: string;
}

const short = (v: unknown, max = 160) => {
  const text = showJson(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

export function timeline(entries: OplogEntry[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let suspended = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (suspended && e.kind !== 'suspend' && e.kind !== 'interrupted') {
      items.push({ kind: 'resume', idx: '', time: e.timestamp, title: 'resumed (by replay)' });
      suspended = false;
    }
    switch (e.kind) {
      case 'create':
        items.push({ kind: 'create', idx: String(e.idx), time: e.timestamp, title: `created (template v${e.templateVersion})` });
        break;
      case 'exported-function-invoked':
        items.push({ kind: 'invoked', idx: String(e.idx), time: e.timestamp, title: `invoked ${agentMethod(e.functionName, e.request) ?? e.functionName}`, detail: short(e.request) });
        break;
      case 'exported-function-completed':
        items.push({ kind: 'completed', idx: String(e.idx), time: e.timestamp, title: 'completed', detail: short(e.response, 400) });
        break;
      case 'imported-function-invoked': {
        // An outgoing HTTP request and its response are items of their own.
        const http = httpEntry(e);
        if (http) {
          const title = http.kind === 'request' ? `HTTP request ${http.method} ${http.uri}` : http.kind === 'response' ? `HTTP response ${http.status}` : `HTTP request failed: ${http.error}`;
          items.push({ kind: 'http', idx: String(e.idx), time: e.timestamp, title, detail: describeHttpEntry(http, 400) });
          break;
        }
        // A run of other host calls collapses into one item per kind, with counts.
        let j = i;
        while (j + 1 < entries.length && entries[j + 1].kind === 'imported-function-invoked' && !httpEntry(entries[j + 1])) j++;
        const counts = new Map<string, number>();
        for (let k = i; k <= j; k++) {
          const name = (entries[k] as Extract<OplogEntry, { kind: 'imported-function-invoked' }>).functionName;
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
        const n = j - i + 1;
        items.push({
          kind: 'calls',
          idx: j > i ? `${e.idx}–${entries[j].idx}` : String(e.idx),
          time: e.timestamp,
          title: `${n} host call${n === 1 ? '' : 's'}`,
          detail: [...counts].map(([name, c]) => (c > 1 ? `${name} ×${c}` : name)).join(', '),
        });
        i = j;
        break;
      }
      case 'suspend':
        suspended = true;
        items.push({
          kind: 'suspend',
          idx: String(e.idx),
          time: e.timestamp,
          title: `suspended ${describeSuspend(e)}`.trimEnd(),
        });
        break;
      case 'interrupted':
        items.push({ kind: 'interrupted', idx: String(e.idx), time: e.timestamp, title: 'interrupted' });
        break;
      case 'error':
        items.push({ kind: 'error', idx: String(e.idx), time: e.timestamp, title: 'error', detail: e.error });
        break;
      case 'jump':
        items.push({ kind: 'jump', idx: String(e.idx), time: e.timestamp, title: `skipped entries ${e.start}–${e.end}` });
        break;
    }
  }
  return items;
}

/**
 * A Golem 1.5 agent's calls by name: golem:agent/guest `initialize(agent-type, input, principal)`
 * as its constructor, `invoke(method, input, principal)` as the method.
 */
function agentMethod(functionName: string, request: unknown): string | undefined {
  const m = /^golem:agent\/guest@[^/]+[/.]\{?(initialize|invoke)\}?$/.exec(functionName);
  const name = Array.isArray(request) ? request[0] : undefined;
  if (!m || typeof name !== 'string') return undefined;
  return m[1] === 'invoke' ? `agent method ${name}` : `agent constructor ${name}`;
}
