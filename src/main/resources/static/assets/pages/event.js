import { api, describe, el, initChrome, money, requireSignIn, say, session, when } from '/assets/api.js';

initChrome();

const eventId = location.pathname.split('/')[2];
const status = document.getElementById('status');
const message = document.getElementById('buy-message');
const select = document.getElementById('ticket-type');
const quantity = document.getElementById('quantity');
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
  select.replaceChildren(...event.ticketTypes.map((t) => el('option', { value: t.id }, `${t.name} — ${money(t.price, t.currency)}`)));
  limitChanged();
}

function limitChanged() {
  const type = event.ticketTypes.find((t) => t.id === select.value);
  if (!type) return;
  const max = Math.min(type.perUserLimit, 100);
  quantity.max = String(max);
  document.getElementById('limit').textContent = `(1 to ${max})`;
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

async function reserve(submit) {
  submit.preventDefault();
  if (!requireSignIn()) return;
  const count = Number.parseInt(quantity.value, 10);
  const type = event.ticketTypes.find((t) => t.id === select.value);
  if (!Number.isInteger(count) || count < 1 || count > Number(quantity.max)) {
    say(message, `Choose between 1 and ${quantity.max} tickets.`, 'error');
    quantity.focus();
    return;
  }
  if (type.available === 0) {
    say(message, 'Sold out: there are no tickets of this type left.', 'error');
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
      body: { eventId, ticketTypeId: type.id, quantity: count },
    });
    location.assign(`/orders/${order.id}`);
  } catch (error) {
    say(message, describe(error), 'error');
    button.disabled = false;
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
  select.addEventListener('change', limitChanged);
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
} catch (error) {
  status.textContent = error.status === 404 ? 'This event does not exist.' : describe(error);
}
