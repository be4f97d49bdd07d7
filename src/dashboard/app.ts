/**
 * The golem-ts dashboard: hash-routed views over the host's REST API, refreshed when the host's
 * event stream says something changed (live.ts), never by polling.
 * `#/` lists templates and workers; `#/templates/{id}/workers/{name}` shows one worker.
 */
import { ApiError, setToken } from './api.ts';
import { fill, h } from './dom.ts';
import { homeView, type View } from './home.ts';
import { follow } from './live.ts';
import { apiMessages } from './messages.ts';
import { workerView } from './worker.ts';

const main = document.getElementById('main') as HTMLElement;
const crumbs = document.getElementById('crumbs') as HTMLElement;
let unfollow: (() => void) | undefined;
let generation = 0;

async function route(): Promise<void> {
  const mine = ++generation;
  unfollow?.();
  unfollow = undefined;
  const m = /^#\/templates\/([^/]+)\/workers\/([^/]+)$/.exec(location.hash);
  try {
    if (m) {
      const [templateId, name] = [decodeURIComponent(m[1]), decodeURIComponent(m[2])];
      fill(crumbs, h('li', {}, h('a', { href: '#/' }, 'Templates')), h('li', { 'aria-current': 'page' }, name));
      document.title = `${name} · golem-ts`;
      const view = await workerView(main, templateId, name);
      if (mine === generation) live(view, mine);
    } else {
      fill(crumbs, h('li', { 'aria-current': 'page' }, 'Templates'));
      document.title = 'golem-ts';
      const view = await homeView(main);
      if (mine === generation) live(view, mine);
    }
    main.focus({ preventScroll: true });
  } catch (e) {
    if (mine === generation) showFailure(e);
  }
}

function showFailure(e: unknown): void {
  if (e instanceof ApiError && e.status === 401) return askToken();
  fill(main, h('h1', {}, 'Something went wrong'), h('div', { role: 'alert', class: 'errors' }, apiMessages(e).map((m) => h('p', {}, m))), h('p', {}, h('a', { href: '#/' }, 'Back to the templates')));
}

/** The host wants a bearer token: ask for it once per tab, then carry on. */
function askToken(): void {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  fill(
    main,
    h('h1', {}, 'Sign in'),
    h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          setToken(input.value);
          void route();
        },
      },
      h('label', { for: 'token' }, 'Bearer token (the --token given to golem-ts serve)'),
      input,
      h('button', { type: 'submit' }, 'Continue'),
    ),
  );
  input.focus();
}

/** The view follows the host's events until the next route. */
function live(view: View, mine: number): void {
  unfollow = follow(view.events, view.refresh, (e) => {
    if (mine !== generation) return;
    unfollow?.();
    unfollow = undefined;
    showFailure(e);
  });
}

window.addEventListener('hashchange', () => void route());
void route();
