/** How the dashboard shows problems: the host's messages, and errors beside the field at fault. */
import { ApiError } from './api.ts';
import { fill, h } from './dom.ts';

export function apiMessages(err: unknown): string[] {
  if (err instanceof ApiError) return [`The host answered ${err.status || 'nothing'}:`, ...err.messages];
  return [String((err as Error)?.message ?? err)];
}

export function showErrors(box: HTMLElement, messages: string[], focus?: HTMLElement): void {
  fill(box, h('p', {}, messages[0]), messages.length > 1 ? h('ul', {}, messages.slice(1).map((m) => h('li', {}, m))) : null);
  focus?.setAttribute('aria-invalid', 'true');
  focus?.focus();
}
