/**
 * The frame both invoke forms share (a worker's exported functions, an agent's methods): what to
 * call and its inputs, wait for the result or enqueue, errors, the result.
 */
import { showJson } from './api.ts';
import { fill, h } from './dom.ts';
import { apiMessages, showErrors } from './messages.ts';

export interface InvokeFrame {
  wait: HTMLInputElement;
  errors: HTMLElement;
  output: HTMLElement;
}

export function invokeFrame(label: string, select: HTMLSelectElement, inputs: Node[], submit: (frame: InvokeFrame) => Promise<void>): HTMLFormElement {
  const frame: InvokeFrame = {
    wait: h('input', { type: 'checkbox', id: 'invoke-wait', checked: true }),
    errors: h('div', { class: 'errors', role: 'alert' }),
    output: h('div', { role: 'status', 'aria-live': 'polite', class: 'result' }),
  };
  const onsubmit = (e: Event) => {
    e.preventDefault();
    fill(frame.errors);
    fill(frame.output);
    void submit(frame);
  };
  return h(
    'form',
    { onsubmit },
    h('label', { for: 'invoke-fn' }, label),
    select,
    inputs,
    h('div', { class: 'check' }, frame.wait, h('label', { for: 'invoke-wait' }, 'Wait for the result')),
    frame.errors,
    h('button', { type: 'submit' }, 'Invoke'),
    frame.output,
  );
}

/** Runs `call`: `name → result` when waiting, `queued` otherwise, or the host's messages. */
export async function runInvocation(frame: InvokeFrame, name: string, call: () => Promise<unknown>, queued: string): Promise<void> {
  fill(frame.output, frame.wait.checked ? `Running ${name}…` : '');
  try {
    const result = await call();
    fill(frame.output, frame.wait.checked ? h('pre', { class: 'mono' }, `${name} → ${showJson(result)}`) : queued);
  } catch (err) {
    fill(frame.output);
    showErrors(frame.errors, apiMessages(err));
  }
}
