import { api, describe, el, follow, initChrome, money, renewSession, requireSignIn, say, session, when } from '/assets/api.js';

initChrome();

const eventId = location.pathname.split('/')[2];
const status = document.getElementById('status');
const message = document.getElementById('buy-message');
const cartLines = document.getElementById('cart-lines');
const cartTotal = document.getElementById('cart-total');
let event;

function availabilityText(available) {
  return available === null || available === undefined ? '—' : String(available);
}

function renderTypes() {
  const rows = event.ticketTypes.map((t) => el('tr', {},
    el('th', { scope: 'row' }, t.name, el('div', { class: 'hint' }, `Up to ${t.perUserLimit} per customer`)),
    el('td', {}, money(t.price, t.currency)),
    el('td', {},
      el('span', { id: `available-${t.id}`, class: 'available' }, availabilityText(t.available)),
      el('span', { class: 'hint' }, ` of ${t.capacity}`),
      el('div', { id: `soldout-${t.id}`, class: 'soldout', hidden: t.available !== 0 }, 'Sold out'))));
  document.getElementById('types').replaceChildren(...rows);
  renderCart();
}

// the buy form: a quantity per ticket type, reserved together (all or nothing) in one order
function maxOf(type) {
  return Math.min(type.perUserLimit, 100, event.maxTicketsPerOrder ?? 100);
}

function renderCart() {
  const single = event.ticketTypes.length === 1;
  cartLines.replaceChildren(...event.ticketTypes.map((t) => el('div', { class: 'cart-line' },
    el('label', { for: `quantity-${t.id}` }, `${t.name} — ${money(t.price, t.currency)} `,
      el('span', { class: 'hint' }, `(0 to ${maxOf(t)})`)),
    el('input', {
      id: `quantity-${t.id}`, name: `quantity-${t.id}`, type: 'number', min: '0', max: String(maxOf(t)),
      value: single ? '1' : '0', inputmode: 'numeric', 'data-type': t.id,
    }))));
  document.getElementById('order-limit').textContent = event.maxTicketsPerOrder
    ? `(at most ${event.maxTicketsPerOrder} tickets per order)` : '';
  cartLines.addEventListener('input', showTotal);
  showTotal();
}

function chosenLines() {
  return event.ticketTypes
    .map((type) => ({ type, count: Number.parseInt(document.getElementById(`quantity-${type.id}`).value || '0', 10) }))
    .filter((line) => line.count !== 0);
}

function showTotal() {
  const lines = chosenLines().filter((line) => Number.isInteger(line.count) && line.count > 0);
  const tickets = lines.reduce((sum, line) => sum + line.count, 0);
  if (tickets === 0) {
    cartTotal.textContent = 'Choose how many tickets of each type you want.';
    return;
  }
  const currency = lines[0].type.currency;
  const total = lines.reduce((sum, line) => sum + line.count * line.type.price, 0);
  const sameCurrency = lines.every((line) => line.type.currency === currency);
  cartTotal.textContent = `${tickets} ${tickets === 1 ? 'ticket' : 'tickets'}`
    + (sameCurrency ? `, ${money(total, currency)}` : '');
}

function applyAvailability(update) {
  for (const t of update.ticketTypes) {
    const type = event.ticketTypes.find((x) => x.id === t.id);
    if (type) type.available = t.available;
    const cell = document.getElementById(`available-${t.id}`);
    if (cell) cell.textContent = availabilityText(t.available);
    const soldOut = document.getElementById(`soldout-${t.id}`);
    if (soldOut) soldOut.hidden = t.available !== 0;
  }
  renderWaitingList();
}

// while the live stream is refused (the instance serves its budget of streams) or down, the page
// polls the availability (cacheable; a 304 while nothing changed) and tries the stream again later
const POLL_EVERY_MS = 2000;
const RETRY_STREAM_MS = 30000;

function listen() {
  const live = document.getElementById('live');
  const url = `/api/v1/events/${eventId}/availability`;
  let stream = null;
  let poller = null;
  let retry = null;
  const show = (state, text) => {
    live.dataset.state = state;
    live.textContent = text;
  };
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (response.ok) applyAvailability(await response.json());
    } catch {
      // offline for a moment: the next poll tries again
    }
  };
  const startPolling = () => {
    if (poller === null) {
      poll();
      poller = setInterval(poll, POLL_EVERY_MS);
    }
    show('polling', 'Availability updates every few seconds.');
  };
  const connect = () => {
    retry = null;
    stream = new EventSource(`${url}/stream`);
    stream.addEventListener('availability', (message) => applyAvailability(JSON.parse(message.data)));
    stream.addEventListener('open', () => {
      clearInterval(poller);
      poller = null;
      show('live', 'Availability updates live.');
    });
    stream.addEventListener('error', () => {
      startPolling();
      // refused (a 503 past the stream budget) or gone: the browser will not reconnect by itself
      if (stream.readyState === EventSource.CLOSED && retry === null) {
        retry = setTimeout(connect, RETRY_STREAM_MS);
      }
    });
  };
  connect();
  addEventListener('pagehide', () => {
    stream.close();
    clearInterval(poller);
    clearTimeout(retry);
  });
}

function saleWindow() {
  const now = Date.now();
  const opens = Date.parse(event.salesStartAt);
  const closes = Date.parse(event.salesEndAt);
  if (event.status === 'CANCELLED') return 'This event has been cancelled.';
  if (now < opens) return `The sale opens ${when(event.salesStartAt, event.timezone)}.`;
  if (now >= closes) return `The sale closed ${when(event.salesEndAt, event.timezone)}.`;
  return `On sale until ${when(event.salesEndAt, event.timezone)}.`;
}

// The waiting room of a queued sale: a signed-in buyer joins, follows the place live (a stream read
// with fetch, since it needs the bearer token; polling every 2 s while it is refused or down), and the
// buy form shows only while the admission lasts, with its countdown.
const QUEUE_STATES = {
  PRE_QUEUE: 'The waiting room opened before the sale: everyone who joins before the opening is placed by a fair draw when the sale opens.',
  DRAWING: 'The sale is opening: a draw is placing everyone who joined early.',
  OPEN: 'The sale is open: buyers are let in one after another.',
  PAUSED: 'Paused: every ticket left is held in a reservation that may still come back; the line moves again if any do.',
  SOLD_OUT: 'Sold out.',
  CLOSED: 'The sale has ended.',
};
const room = { place: null, stream: null, poller: null, retry: null, ticker: null };
const byId = (id) => document.getElementById(id);

function aboutDuration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `about ${Math.round(minutes / 60)} hours`;
}

function clock(milliseconds) {
  const total = Math.max(0, Math.ceil(milliseconds / 1000));
  const pad = (n) => String(n).padStart(2, '0');
  return `${Math.floor(total / 60)}:${pad(total % 60)}`;
}

function headline(place) {
  const q = place.queue;
  switch (place.status) {
    case 'NOT_JOINED':
      return q.state === 'PRE_QUEUE' ? 'Join now: when the sale opens, a fair draw places everyone who joined early.'
        : 'Join the waiting room to buy tickets.';
    case 'PRE_QUEUE':
      return `You are in the waiting room. When the sale opens (${when(q.salesStartAt, event.timezone)}), you will be placed by a fair draw.`;
    case 'WAITING':
      return place.ahead === 0 ? `You are number ${place.position} in line: you are next.`
        : `You are number ${place.position} in line.`;
    case 'ADMITTED':
      return 'It is your turn: reserve your tickets below.';
    case 'EXPIRED':
      return 'Your turn has passed. Join again for a new place at the back of the line.';
    default:
      return 'Sold out: there are no tickets left.';
  }
}

function renderPlace(place) {
  room.place = place;
  const q = place.queue;
  const state = place.status.toLowerCase().replace('_', '-');
  const section = byId('waiting-room');
  section.dataset.state = state;
  byId('queue-headline').textContent = headline(place);
  const waiting = place.status === 'WAITING';
  byId('queue-place').hidden = !waiting;
  if (waiting) {
    byId('queue-position').textContent = String(place.position);
    byId('queue-ahead').textContent = String(place.ahead);
    byId('queue-wait').textContent = place.ahead === 0 ? 'any moment now' : aboutDuration(place.estimatedWaitSeconds);
    const progress = byId('queue-progress');
    progress.max = q.admitted + place.ahead + 1;
    progress.value = q.admitted;
    progress.textContent = `${q.admitted} of ${q.admitted + place.ahead + 1}`;
  }
  byId('queue-detail').textContent = `${QUEUE_STATES[q.state] || ''} ${q.state === 'OPEN' || q.state === 'PAUSED'
    ? `${q.waiting} waiting, ${q.admitted} let in so far, about ${q.ratePerMinute} a minute.` : ''}`.trim();
  const draw = byId('queue-draw');
  draw.hidden = !q.draw;
  if (q.draw) {
    draw.textContent = `The early joiners (${q.draw.entrants}) were placed by a draw at ${when(q.draw.drawnAt, event.timezone)}`
      + ` with the seed ${q.draw.seed}: ${q.draw.rule}.`;
  }
  const join = byId('join-queue');
  join.hidden = !(place.status === 'NOT_JOINED' || place.status === 'EXPIRED') || q.state === 'CLOSED'
    || q.state === 'SOLD_OUT' || event.status === 'CANCELLED';
  join.textContent = place.status === 'EXPIRED' ? 'Join the waiting room again' : 'Join the waiting room';
  const admitted = place.status === 'ADMITTED';
  byId('buy-section').hidden = !admitted;
  showAdmission(admitted ? place.admittedUntil : null);
  if (place.status !== 'PRE_QUEUE' && place.status !== 'WAITING') stopFollowing();
}

/** The admission's countdown; at its end the place is read again (it is EXPIRED by then). */
function showAdmission(until) {
  const admission = byId('admission');
  clearInterval(room.ticker);
  room.ticker = null;
  admission.hidden = !until;
  if (!until) {
    admission.dataset.state = 'off';
    return;
  }
  const end = Date.parse(until);
  byId('admission-until').textContent = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(new Date(end));
  const tick = () => {
    const left = end - Date.now();
    byId('admission-left').textContent = clock(left);
    if (left <= 0) {
      clearInterval(room.ticker);
      room.ticker = null;
      admission.dataset.state = 'expired';
      refreshPlace();
    }
  };
  admission.dataset.state = 'counting';
  tick();
  if (end > Date.now()) room.ticker = setInterval(tick, 1000);
}

async function refreshPlace() {
  try {
    renderPlace(await api(`/api/v1/events/${eventId}/queue/me`));
  } catch (error) {
    say(byId('queue-message'), describe(error), 'error');
  }
}

function showQueueLive(state, text) {
  const live = byId('queue-live');
  live.dataset.state = state;
  live.textContent = text;
  live.hidden = state === 'off';
}

function stopFollowing() {
  room.stream?.abort();
  room.stream = null;
  clearInterval(room.poller);
  room.poller = null;
  clearTimeout(room.retry);
  room.retry = null;
  showQueueLive('off', '');
}

/** Follows the place: the stream while it is served, else a poll every 2 s and the stream again later. */
function followPlace() {
  if (room.stream || room.retry) return;
  const url = `/api/v1/events/${eventId}/queue/me`;
  const controller = new AbortController();
  room.stream = controller;
  const startPolling = () => {
    if (room.poller === null) {
      refreshPlace();
      room.poller = setInterval(refreshPlace, POLL_EVERY_MS);
    }
    showQueueLive('polling', 'Your place updates every few seconds.');
  };
  const again = (delay) => {
    if (controller.signal.aborted || room.stream !== controller) return; // stopped meanwhile
    room.stream = null;
    startPolling();
    room.retry = setTimeout(() => {
      room.retry = null;
      followPlace();
    }, delay);
  };
  if (room.poller === null) showQueueLive('connecting', 'Connecting…');
  follow(`${url}/stream`, (name, data) => {
    if (name === 'queue') renderPlace(JSON.parse(data));
  }, {
    signal: controller.signal,
    onOpen: () => {
      clearInterval(room.poller);
      room.poller = null;
      showQueueLive('live', 'Your place updates live.');
    },
  })
    // ended by the server: follow again soon; refused or cut: poll, and try the stream later
    .then(() => again(1000), (error) => again(error?.status === 503 ? RETRY_STREAM_MS : 5000));
}

async function joinQueue() {
  if (!requireSignIn()) return;
  const button = byId('join-queue');
  const message = byId('queue-message');
  button.disabled = true;
  say(message, '');
  const join = () => api(`/api/v1/events/${eventId}/queue`, { method: 'POST' });
  try {
    let place;
    try {
      place = await join();
    } catch (error) {
      // confirmed in another tab since this token was issued: a renewed one says so
      if (error.code !== 'EMAIL_NOT_VERIFIED' || !(await renewSession())) throw error;
      place = await join();
    }
    byId('resend-verification').hidden = true;
    renderPlace(place);
    if (room.place.status === 'PRE_QUEUE' || room.place.status === 'WAITING') followPlace();
  } catch (error) {
    byId('resend-verification').hidden = error.code !== 'EMAIL_NOT_VERIFIED';
    say(message, error.code === 'QUEUE_NOT_OPEN' && error.problem.opensAt
      ? `The waiting room opens ${when(error.problem.opensAt, event.timezone)}.`
      : error.code === 'EMAIL_NOT_VERIFIED'
        ? 'Confirm your email address to join this waiting room: open the link we sent you, then join again.'
        : describe(error), 'error');
  } finally {
    button.disabled = false;
  }
}

async function resendVerification() {
  const button = byId('resend-verification');
  button.disabled = true;
  try {
    await api('/api/v1/users/me/email-verification', { method: 'POST' });
    say(byId('queue-message'), `A new link is on its way to ${session()?.user?.email ?? 'your address'}.`, 'ok');
  } catch (error) {
    say(byId('queue-message'), describe(error), 'error');
  } finally {
    button.disabled = false;
  }
}

async function waitingRoom() {
  byId('resend-verification').addEventListener('click', resendVerification);
  const section = byId('waiting-room');
  section.hidden = false;
  byId('buy-section').hidden = true;
  const join = byId('join-queue');
  join.addEventListener('click', joinQueue);
  if (!session()) {
    section.dataset.state = 'signed-out';
    byId('queue-headline').textContent = 'Sign in to join the waiting room.';
    join.textContent = 'Sign in to join the waiting room';
    join.hidden = event.status === 'CANCELLED';
    return;
  }
  await refreshPlace();
  if (room.place?.status === 'PRE_QUEUE' || room.place?.status === 'WAITING') followPlace();
  addEventListener('pagehide', stopFollowing);
}

// The waiting list of each sold-out type: join with a quantity, see the place, leave; an offer (an
// order held for the buyer) links to its page
const waitingList = { entries: new Map(), shown: null };

function saleRunning() {
  const now = Date.now();
  return event.status !== 'CANCELLED' && now >= Date.parse(event.salesStartAt) && now < Date.parse(event.salesEndAt);
}

function waitingListLine(type) {
  const entry = waitingList.entries.get(type.id);
  const line = el('div', { class: 'waiting-list-line', id: `waiting-list-${type.id}`, 'data-status': entry?.status ?? 'NONE' });
  const offer = entry?.offers.find((o) => o.status === 'RESERVED');
  if (offer) {
    line.append(el('p', { class: 'lead' }, `${offer.quantity} ${type.name} ${offer.quantity === 1 ? 'ticket came' : 'tickets came'} back for you, held until ${when(offer.expiresAt, event.timezone)}. `,
      el('a', { href: `/orders/${offer.id}` }, 'Pay for your offer')));
  }
  if (entry?.status === 'WAITING') {
    line.append(el('p', { class: 'lead' }, `You are number ${entry.place} on the waiting list for ${type.name}`
      + ` (${entry.quantity} wanted${entry.offered ? `, ${entry.offered} offered so far` : ''}).`));
    const leave = el('button', { type: 'button', class: 'secondary' }, `Leave the waiting list for ${type.name}`);
    leave.addEventListener('click', () => changeEntry(type, 'DELETE', leave));
    line.append(leave);
    return line;
  }
  if (entry?.status === 'LIMIT_REACHED') {
    line.append(el('p', {}, `You hold as many ${type.name} tickets as one customer may: nothing more can be offered.`));
    return line;
  }
  if (type.available !== 0) return offer ? line : null;
  const input = el('input', { id: `waiting-quantity-${type.id}`, type: 'number', min: '1', max: String(type.perUserLimit), value: '1', inputmode: 'numeric' });
  const join = el('button', { type: 'button' }, `Join the waiting list for ${type.name}`);
  join.addEventListener('click', () => changeEntry(type, 'POST', join, input));
  line.append(el('label', { for: input.id }, `${type.name}: how many `, el('span', { class: 'hint' }, `(1 to ${type.perUserLimit})`)), input, join);
  return line;
}

function renderWaitingList() {
  const section = document.getElementById('waiting-list');
  if (!event || !saleRunning()) {
    section.hidden = true;
    return;
  }
  // drawn again only when something shown changed: a quantity being typed stays
  const shown = JSON.stringify(event.ticketTypes.map((t) => [t.available === 0, waitingList.entries.get(t.id) ?? null]));
  if (shown === waitingList.shown) return;
  waitingList.shown = shown;
  const lines = event.ticketTypes.map(waitingListLine).filter((line) => line !== null);
  document.getElementById('waiting-list-types').replaceChildren(...lines);
  section.hidden = lines.length === 0;
}

async function loadWaitingList() {
  if (!session()) return;
  try {
    const entries = await api('/api/v1/waiting-list');
    waitingList.entries = new Map(entries.filter((e) => e.eventId === eventId).map((e) => [e.ticketTypeId, e]));
  } catch {
    // the lines offer to join; joining answers the entry
  }
  renderWaitingList();
}

async function changeEntry(type, method, button, input) {
  if (!requireSignIn()) return;
  const region = document.getElementById('waiting-list-message');
  const quantity = input ? Number.parseInt(input.value || '0', 10) : 0;
  if (input && (!Number.isInteger(quantity) || quantity < 1 || quantity > type.perUserLimit)) {
    say(region, `Choose between 1 and ${type.perUserLimit} tickets of ${type.name}.`, 'error');
    input.focus();
    return;
  }
  button.disabled = true;
  say(region, '');
  const path = `/api/v1/events/${eventId}/ticket-types/${type.id}/waiting-list`;
  try {
    if (method === 'POST') {
      waitingList.entries.set(type.id, await api(path, { method, body: { quantity } }));
      say(region, `You are on the waiting list for ${type.name}.`, 'ok');
    } else {
      await api(`${path}/me`, { method });
      waitingList.entries.delete(type.id);
      say(region, `You left the waiting list for ${type.name}.`, 'ok');
    }
    renderWaitingList();
  } catch (error) {
    say(region, describe(error), 'error');
    button.disabled = false;
  }
}

async function reserve(submit) {
  submit.preventDefault();
  if (!requireSignIn()) return;
  const lines = chosenLines();
  for (const { type, count } of lines) {
    if (!Number.isInteger(count) || count < 0 || count > maxOf(type)) {
      say(message, `Choose between 0 and ${maxOf(type)} tickets of ${type.name}.`, 'error');
      document.getElementById(`quantity-${type.id}`).focus();
      return;
    }
    if (type.available === 0) {
      say(message, `Sold out: there are no ${type.name} tickets left.`, 'error');
      return;
    }
  }
  if (lines.length === 0) {
    say(message, 'Choose at least one ticket.', 'error');
    cartLines.querySelector('input')?.focus();
    return;
  }
  const tickets = lines.reduce((sum, line) => sum + line.count, 0);
  const accessCode = document.getElementById('access-code').value.trim();
  if (accessCode && !/^[A-Za-z0-9-]{1,64}$/.test(accessCode)) {
    say(message, 'A presale code holds letters, digits and hyphens only.', 'error');
    document.getElementById('access-code').focus();
    return;
  }
  if (event.maxTicketsPerOrder && tickets > event.maxTicketsPerOrder) {
    say(message, `One order may hold at most ${event.maxTicketsPerOrder} tickets.`, 'error');
    return;
  }
  const button = document.getElementById('reserve');
  button.disabled = true;
  say(message, 'Reserving…');
  try {
    // one key per attempt: a retried request after a network error reserves nothing twice
    const order = await api('/api/v1/orders', {
      method: 'POST',
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      // one type keeps the original request; several go as lines, reserved all or nothing
      body: {
        eventId,
        ...(lines.length === 1
          ? { ticketTypeId: lines[0].type.id, quantity: lines[0].count }
          : { lines: lines.map((line) => ({ ticketTypeId: line.type.id, quantity: line.count })) }),
        ...(accessCode ? { accessCode } : {}),
      },
    });
    location.assign(`/orders/${order.id}`);
  } catch (error) {
    say(message, describe(error), 'error');
    button.disabled = false;
    if (event.queue && (error.code === 'QUEUE_REQUIRED' || error.code === 'ADMISSION_EXPIRED')) refreshPlace();
  }
}

try {
  event = await api(`/api/v1/events/${eventId}`, { auth: false });
  document.title = `${event.name} · Ticket Booking`;
  document.getElementById('event-name').textContent = event.name;
  document.getElementById('event-when').textContent =
    `${when(event.startsAt, event.timezone)} – ${when(event.endsAt, event.timezone)}`;
  document.getElementById('event-venue').textContent = event.venue;
  document.getElementById('sale-window').textContent = saleWindow();
  document.getElementById('event-description').textContent = event.description || '';
  if (event.imageUrl) {
    const image = document.getElementById('event-image');
    image.src = event.imageUrl;
    image.alt = `Poster of ${event.name}`;
    image.hidden = false;
  }
  renderTypes();
  document.getElementById('buy').addEventListener('submit', reserve);
  if (!session()) {
    document.getElementById('reserve').textContent = 'Sign in to reserve';
  }
  if (event.status === 'CANCELLED') {
    document.getElementById('reserve').disabled = true;
  }
  status.textContent = '';
  document.getElementById('event').hidden = false;
  listen();
  renderWaitingList();
  loadWaitingList();
  if (event.queue) await waitingRoom();
} catch (error) {
  status.textContent = error.status === 404 ? 'This event does not exist.' : describe(error);
}
