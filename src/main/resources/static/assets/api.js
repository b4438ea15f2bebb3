// The one way pages talk to the server: the public JSON API with the user's bearer token.
// Tokens live in localStorage; an expired access token is refreshed once through
// /api/v1/auth/refresh (single flight per tab) and the call is repeated.

const KEY = 'tb.session';

export function session() {
  try {
    return JSON.parse(localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function saveSession(auth) {
  localStorage.setItem(KEY, JSON.stringify({
    user: auth.user,
    accessToken: auth.accessToken,
    refreshToken: auth.refreshToken,
    expiresAt: Date.now() + auth.expiresIn * 1000,
  }));
}

export function clearSession() {
  localStorage.removeItem(KEY);
}

export function hasRole(...roles) {
  const user = session()?.user;
  return !!user && roles.some((r) => (user.roles || []).includes(r));
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code;
  }
}

let refreshing = null;

function refresh() {
  refreshing ??= (async () => {
    const before = session();
    if (!before?.refreshToken) return false;
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken: before.refreshToken }),
    });
    if (response.ok) {
      saveSession(await response.json());
      return true;
    }
    // another tab may have rotated the pair a moment ago: use what it stored
    if (session()?.refreshToken !== before.refreshToken) return true;
    clearSession();
    return false;
  })().finally(() => { refreshing = null; });
  return refreshing;
}

/** Renews the signed-in tab's tokens now (e.g. after the account changed); false when signed out. */
export function renewSession() {
  return refresh();
}

/**
 * Calls the API. body: a plain object (sent as JSON) or FormData. raw: answer the Response
 * (for PDFs). Failures throw ApiError carrying the problem document and its code.
 */
export async function api(path, { method = 'GET', body, headers = {}, auth = true, raw = false } = {}) {
  const send = () => {
    const h = { Accept: 'application/json', ...headers };
    const token = auth ? session()?.accessToken : null;
    if (token) h.Authorization = `Bearer ${token}`;
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(path, { method, headers: h, body: payload });
  };
  if (auth && session() && session().expiresAt < Date.now() + 5000) await refresh();
  let response = await send();
  if (response.status === 401 && auth && session() && (await refresh())) response = await send();
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not a problem document
    }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/**
 * Follows a Server-Sent Events stream that needs the bearer token (EventSource cannot send one):
 * fetch() reads the body and each frame goes to onEvent(name, data); lines starting with ':' are
 * heartbeats. onOpen runs once the server accepted the stream. Resolves when the server ends the
 * stream; throws ApiError when it is refused (e.g. 503 TOO_MANY_SUBSCRIBERS), or a TypeError /
 * AbortError when it is cut or aborted through signal.
 */
export async function follow(path, onEvent, { signal, onOpen } = {}) {
  const open = () => fetch(path, {
    headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session()?.accessToken}` },
    cache: 'no-store',
    signal,
  });
  if (session() && session().expiresAt < Date.now() + 5000) await refresh();
  let response = await open();
  if (response.status === 401 && session() && (await refresh())) response = await open();
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // not a problem document
    }
    throw new ApiError(response.status, problem);
  }
  onOpen?.();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop(); // an unfinished line waits for the next chunk
    for (const line of lines) {
      if (line === '') { // a blank line ends the frame
        if (data.length) onEvent(name, data.join('\n'));
        name = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'event') name = text;
        else if (field === 'data') data.push(text);
      }
    }
  }
}

const MESSAGES = {
  SOLD_OUT: 'Sold out: there are not enough tickets of this type left.',
  LIMIT_EXCEEDED: 'Limit reached: this would take you past the per-customer limit for this ticket type.',
  SALE_NOT_OPEN: 'The sale for this ticket type has not opened yet.',
  SALE_CLOSED: 'The sale for this ticket type has ended.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a few seconds and try again.',
  BAD_CREDENTIALS: 'The email or password is wrong.',
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead.',
  UNAUTHORIZED: 'Your session has ended. Please sign in again.',
  INVALID_REFRESH_TOKEN: 'Your session has ended. Please sign in again.',
  FORBIDDEN: 'Your account may not do this.',
  NOT_FOUND: 'Not found.',
  QUEUE_REQUIRED: 'This sale goes through the waiting room: join it and reserve when it is your turn.',
  ADMISSION_EXPIRED: 'Your turn has passed. Join the waiting room again for a new place.',
  ACCOUNT_TOO_NEW: 'This waiting room admits only accounts created before it opened.',
  QUEUE_NOT_FOUND: 'This event has no waiting room (any more).',
  TOO_MANY_SUBSCRIBERS: 'The server is busy; the page checks every few seconds instead.',
  ORDER_LIMIT_EXCEEDED: 'Too many tickets for one order: this event limits how many one order may hold.',
  ACCESS_CODE_INVALID: 'This presale code is not valid for this event. Check it and try again.',
  ACCESS_CODE_NOT_ACTIVE: 'This presale code is not valid right now: its presale has not started or has ended.',
  ACCESS_CODE_NOT_FOR_TYPE: 'This presale code does not unlock every ticket type you chose.',
  ACCESS_CODE_LIMIT_EXCEEDED: 'This presale code allows fewer tickets in one order.',
  ACCESS_CODE_USED_UP: 'This presale code has already been used as often as it allows.',
};

/**
 * Fetches a file with the bearer token and saves it as {@code filename} (a plain link cannot send the
 * token); the button is disabled meanwhile, a failure is said in {@code messageElement}.
 */
export async function download(button, messageElement, path, accept, filename) {
  button.disabled = true;
  try {
    const response = await api(path, { raw: true, headers: { Accept: accept } });
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    say(messageElement, describe(error), 'error');
  } finally {
    button.disabled = false;
  }
}

/** A sentence for the user about a failed call. */
export function describe(error) {
  if (!(error instanceof ApiError)) return 'The server could not be reached. Check your connection and try again.';
  if (error.code === 'ORDER_NOT_PAYABLE' && /run out/.test(error.problem.detail || '')) {
    return 'Your hold has expired: the tickets went back on sale. Reserve again to buy.';
  }
  let message = MESSAGES[error.code] || error.problem.detail || `The request failed (HTTP ${error.status}).`;
  if (Array.isArray(error.problem.errors) && error.problem.errors.length) {
    message += ' ' + error.problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ') + '.';
  }
  return message;
}

/** Builds an element: el('a', {href: '/'}, 'text', child). Never parses HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

// ISO 4217 currencies without minor units; every other one has two
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI',
  'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

export function minorDigits(currency) {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

/** Money from minor units: money(150000, 'IDR') → "IDR 1,500.00". */
export function money(amount, currency) {
  const digits = minorDigits(currency);
  const value = new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(amount / 10 ** digits);
  return `${currency} ${value}`;
}

/** A date and time in the event's time zone (or the browser's), with the zone shown. */
export function when(instant, timeZone) {
  const options = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit',
    minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(instant));
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(instant)); // unknown zone
  }
}

/** Sends signed-out visitors to the sign-in page, and back here afterwards. */
export function requireSignIn() {
  if (session()) return true;
  location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
  return false;
}

/** The header's links follow the session: signed in or out, organizer or not. */
export function initChrome() {
  const signedIn = !!session();
  const organizer = hasRole('ORGANIZER', 'ADMIN');
  for (const item of document.querySelectorAll('[data-when]')) {
    const show = { 'signed-in': signedIn, 'signed-out': !signedIn, organizer }[item.dataset.when];
    item.closest('li').hidden = !show;
  }
  const signOut = document.getElementById('sign-out');
  signOut?.addEventListener('click', async () => {
    const current = session();
    if (current) {
      try {
        await api('/api/v1/auth/logout', { method: 'POST', body: { refreshToken: current.refreshToken } });
      } catch {
        // signing out locally is what matters
      }
    }
    clearSession();
    location.assign('/');
  });
  const who = document.getElementById('who');
  if (who && signedIn) who.textContent = session().user?.email || '';
}

/** Shows a message in a status region; kind is 'info', 'error' or 'ok'. */
export function say(region, text, kind = 'info') {
  region.textContent = text;
  region.dataset.kind = kind;
  region.hidden = !text;
}
