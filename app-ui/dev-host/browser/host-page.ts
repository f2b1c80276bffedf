/**
 * The dev host's page: plays the CMS around the app's iframe. It lets a person (or a browser test) pick a
 * location, an entry and a user, answers the SDK's post-robot messages, and fires the editor's events.
 * Credentials never reach this page: CMA calls go to the dev host server, which adds them.
 */
import { answer } from './host-state';
import type { HostBackend, HostSession } from './host-state';
import { ackFor, freshId, parseRequest, requestMessage, responseFor } from './post-robot-wire';

interface HostConfig {
  appUrl: string;
}
interface Options {
  locations: { key: string; label: string; route: string }[];
  entries: { uid: string; title: string; content_type_uid: string; locale: string }[];
  users: { uid: string; email: string }[];
}

const config = JSON.parse(document.getElementById('dev-host-config')?.textContent ?? '{}') as HostConfig;
const appOrigin = new URL(config.appUrl).origin;
const ownOrigin = window.location.origin;

async function postJson(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data: unknown = await response.json();
  if (!response.ok)
    throw new Error(typeof data === 'object' && data && 'error' in data ? String(data.error) : `${response.status}`);
  return data;
}

const backend: HostBackend = {
  cma: (request) => postJson('/host-api/cma', request),
  stackQuery: (query) => postJson('/host-api/stack-query', query),
  getInstallation: async () =>
    (await (await fetch('/host-api/installation')).json()) as { configuration: unknown; serverConfiguration: unknown },
  setInstallation: async (data) => {
    await postJson('/host-api/installation', data);
  },
};

const el = <T extends HTMLElement>(id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} missing`);
  return found as T;
};
const locationSelect = el<HTMLSelectElement>('location');
const entrySelect = el<HTMLSelectElement>('entry');
const userSelect = el<HTMLSelectElement>('user');
const draftArea = el<HTMLTextAreaElement>('draft');
const frameBox = el<HTMLDivElement>('frame-box');
const log = el<HTMLOListElement>('log');
const validity = el<HTMLOutputElement>('validity');

let session: HostSession | null = null;
let frame: HTMLIFrameElement | null = null;

function note(text: string) {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
  while (log.children.length > 200) log.firstElementChild?.remove();
}

function option(select: HTMLSelectElement, value: string, label: string) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  select.append(o);
}

async function loadOptions() {
  const response = await fetch('/host-api/options');
  if (!response.ok) throw new Error(`options: ${response.status} ${await response.text()}`);
  const options = (await response.json()) as Options;
  for (const l of options.locations) option(locationSelect, l.key, l.label);
  for (const e of options.entries)
    option(entrySelect, `${e.content_type_uid}/${e.uid}/${e.locale}`, `${e.title} (${e.content_type_uid})`);
  for (const u of options.users) option(userSelect, u.uid, u.email);
  const params = new URLSearchParams(window.location.search);
  for (const [key, select] of [
    ['location', locationSelect],
    ['entry', entrySelect],
    ['user', userSelect],
  ] as const) {
    const wanted = params.get(key);
    // The list names each entry in its master locale; another locale (`…/fr-fr`) is offered when asked for.
    if (wanted && key === 'entry' && ![...select.options].some((o) => o.value === wanted)) {
      option(select, wanted, wanted);
    }
    if (wanted) select.value = wanted;
  }
}

async function openLocation() {
  const [contentType = '', entry = '', locale = ''] = entrySelect.value.split('/');
  const query = new URLSearchParams({
    location: locationSelect.value,
    content_type: contentType,
    entry,
    locale,
    user: userSelect.value,
  });
  const init = (await (await fetch(`/host-api/init?${query.toString()}`)).json()) as {
    payload: Record<string, unknown>;
    route: string;
    appToken: string | null;
  };
  const draft = (init.payload.entry ?? {}) as Record<string, unknown>;
  session = { init: init.payload, draft, store: new Map(), validity: null, registeredEvents: [] };
  draftArea.value = JSON.stringify(draft, null, 2);
  validity.textContent = '';
  frame?.remove();
  frame = document.createElement('iframe');
  frame.title = 'App location';
  frame.id = 'app-frame';
  const src = new URL(init.route, config.appUrl);
  if (init.appToken) src.searchParams.set('app-token', init.appToken);
  frame.src = src.toString();
  // The CMS gives the sidebar a narrow column and the configuration screen and full pages the whole width.
  frameBox.classList.toggle('wide', locationSelect.value !== 'sidebar');
  frameBox.append(frame);
  note(`open ${locationSelect.value} ${src.pathname}`);
}

function send(target: Window, message: string) {
  target.postMessage(message, appOrigin);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (!frame || event.source !== frame.contentWindow || event.origin !== appOrigin) return;
  const request = parseRequest(event.data);
  if (!request || !session) return;
  const target = event.source as Window;
  const current = session;
  send(target, ackFor(request, ownOrigin, freshId()));
  void answer(current, backend, request.name, request.data)
    .catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : 'host error' }))
    .then((outcome) => {
      note(`${request.name} → ${outcome.ok ? 'ok' : `error: ${outcome.error}`}`);
      if (current.validity) {
        validity.textContent = current.validity.isValid ? 'valid' : `invalid: ${current.validity.message ?? ''}`;
      }
      if (!request.fireAndForget) send(target, responseFor(request, ownOrigin, freshId(), outcome));
    });
});

function fire(name: 'entrySave' | 'entryChange') {
  if (!frame?.contentWindow || !session) return;
  let draft: Record<string, unknown>;
  try {
    draft = JSON.parse(draftArea.value) as Record<string, unknown>;
  } catch {
    note(`${name}: the draft is not valid JSON`);
    return;
  }
  session.draft = draft;
  if (name === 'entrySave') session.init = { ...session.init, entry: draft };
  const data =
    name === 'entryChange' ? { name, data: draft, otherData: { resolvedData: draft } } : { name, data: draft };
  send(frame.contentWindow, requestMessage('extensionEvent', data, ownOrigin, freshId()));
  note(`fired ${name}`);
}

el<HTMLButtonElement>('open').addEventListener('click', () => void openLocation());
el<HTMLButtonElement>('fire-save').addEventListener('click', () => fire('entrySave'));
el<HTMLButtonElement>('fire-change').addEventListener('click', () => fire('entryChange'));

void loadOptions()
  .then(async () => {
    if (new URLSearchParams(window.location.search).has('open')) await openLocation();
    document.body.dataset.ready = 'true';
  })
  .catch((error: unknown) => {
    note(`dev host failed: ${error instanceof Error ? error.message : String(error)}`);
    document.body.dataset.ready = 'failed';
  });
