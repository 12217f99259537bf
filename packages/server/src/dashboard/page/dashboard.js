/* global document, sessionStorage, fetch, TextDecoderStream, history, location, setTimeout, clearTimeout, URLSearchParams, AbortController */
// The dashboard page: asks for a key unless the server needs none, reads the snapshot stream with
// fetch() (EventSource cannot send an Authorization header) and renders each snapshot.
import { renderCharts } from './dashboard-charts.js';
import { renderSnapshot, renderThreads } from './dashboard-render.js';

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;
const authRequired = meta('exai-auth') === 'required';
const keyName = 'exai-dashboard-key';
const element = (id) => document.getElementById(id);

// `exai dashboard` prints an address with its token after `#`: keep it in this tab, out of the URL.
const fragment = new URLSearchParams(location.hash.slice(1)).get('token');
if (fragment) {
  sessionStorage.setItem(keyName, fragment);
  history.replaceState(null, '', location.pathname);
}

let key = sessionStorage.getItem(keyName) ?? '';
let stream;

function headers() {
  return key === '' ? {} : { authorization: `Bearer ${key}` };
}

function setStatus(state, text) {
  const status = element('status');
  status.dataset.state = state;
  status.textContent = text;
}

function showLogin(message) {
  stream?.abort();
  element('main').hidden = true;
  element('login').hidden = false;
  element('forget').hidden = true;
  element('login-message').textContent = message;
  setStatus('down', 'signed out');
  element('key').focus();
}

function showMain() {
  element('login').hidden = true;
  element('main').hidden = false;
  element('forget').hidden = !authRequired;
}

/** Splits a Server-Sent Events body into its events, `{ event, data }` each. */
function* eventsOf(frames) {
  for (const frame of frames) {
    let event = 'message';
    const data = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) yield { event, data: data.join('\n') };
  }
}

function onSnapshot(snapshot) {
  showMain();
  const scope = snapshot.scope.tenantId === null ? 'all tenants' : `tenant ${snapshot.scope.tenantId}`;
  element('scope').textContent = scope;
  element('source').textContent = snapshot.source === 'daemon' ? 'live: this daemon' : 'from the store';
  const note = element('note');
  note.hidden = snapshot.source === 'daemon';
  note.textContent =
    'Read from the store’s audit and usage records. In-flight calls, queues, circuit breakers, cache lookups and store ' +
    'latency are known only to a running daemon (exai serve --http) and are not shown here.';
  for (const panel of document.querySelectorAll('[data-daemon-only]'))
    panel.hidden = snapshot.source !== 'daemon';
  renderSnapshot(snapshot);
  renderCharts(snapshot);
  setStatus('live', `live · ${new Date(snapshot.at).toLocaleTimeString([], { hour12: false })}`);
  document.body.dataset.updatedAt = String(snapshot.at);
}

async function connect() {
  stream?.abort();
  const controller = new AbortController();
  stream = controller;
  setStatus('connecting', 'connecting…');
  let response;
  try {
    response = await fetch('/dashboard/api/stream', {
      headers: headers(),
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch {
    if (!controller.signal.aborted) retry(controller);
    return;
  }
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(keyName);
    key = '';
    const body = await response.json().catch(() => undefined);
    showLogin(body?.error?.message ?? 'The server refused this key.');
    return;
  }
  if (!response.ok || response.body === null) return retry(controller);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n/g, '\n');
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const { event, data } of eventsOf(frames)) {
        if (event === 'snapshot') onSnapshot(JSON.parse(data));
        if (event === 'problem') setStatus('down', JSON.parse(data).message);
      }
    }
  } catch {
    // The connection dropped: reconnect below.
  }
  if (!controller.signal.aborted) retry(controller);
}

function retry(controller) {
  if (stream !== controller) return;
  setStatus('down', 'disconnected, retrying…');
  setTimeout(() => {
    if (stream === controller) void connect();
  }, 2000);
}

let searchTimer;
async function loadThreads() {
  clearTimeout(searchTimer);
  const search = element('thread-search').value.trim();
  try {
    const response = await fetch(`/dashboard/api/threads?search=${encodeURIComponent(search)}`, {
      headers: headers(),
      cache: 'no-store',
    });
    if (response.ok) renderThreads((await response.json()).threads);
  } finally {
    searchTimer = setTimeout(loadThreads, 15_000);
  }
}

element('thread-search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(loadThreads, 250);
});

element('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  key = element('key').value.trim();
  element('key').value = '';
  if (key === '') return;
  sessionStorage.setItem(keyName, key);
  void start();
});

element('forget').addEventListener('click', () => {
  sessionStorage.removeItem(keyName);
  key = '';
  showLogin('');
});

async function start() {
  void connect();
  void loadThreads();
}

if (authRequired && key === '') showLogin('');
else void start();
