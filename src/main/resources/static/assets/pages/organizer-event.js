import { api, describe, el, initChrome, requireSignIn, say, when } from '/assets/api.js';

initChrome();

const eventId = location.pathname.split('/')[3];
const status = document.getElementById('status');
const message = document.getElementById('message');
let stream;

function render(event) {
  document.title = `${event.name} · Organizer · Ticket Booking`;
  document.getElementById('event-name').textContent = event.name;
  document.getElementById('event-when').textContent = when(event.startsAt);
  document.getElementById('event-venue').textContent = event.venue;
  const badge = document.getElementById('event-status');
  badge.textContent = event.status;
  badge.dataset.status = event.status;
  document.getElementById('sales').replaceChildren(...event.ticketTypes.map((t) => el('tr', {},
    el('th', { scope: 'row' }, t.name),
    el('td', { class: 'num', id: `capacity-${t.id}` }, String(t.capacity)),
    el('td', { class: 'num', id: `sold-${t.id}` }, String(t.sold)),
    el('td', { class: 'num', id: `held-${t.id}` }, String(t.held)),
    el('td', { class: 'num', id: `available-${t.id}` }, String(t.available ?? '—')))));
  const cancelled = event.status === 'CANCELLED';
  document.getElementById('danger').hidden = cancelled;
  if (cancelled) {
    stream?.close();
    const live = document.getElementById('live');
    live.dataset.state = 'off';
    live.textContent = 'This event is cancelled.';
  }
}

async function load() {
  render(await api(`/api/v1/organizer/events/${eventId}`));
}

/** Every availability change (already coalesced by the server) reloads the figures, at most once a second. */
function listen() {
  const live = document.getElementById('live');
  let pending = false;
  let last = 0;
  stream = new EventSource(`/api/v1/events/${eventId}/availability/stream`);
  stream.addEventListener('availability', () => {
    if (pending) return;
    pending = true;
    setTimeout(async () => {
      last = Date.now();
      try {
        await load();
      } catch (error) {
        say(message, describe(error), 'error');
      } finally {
        pending = false;
      }
    }, Math.max(0, 1000 - (Date.now() - last)));
  });
  stream.addEventListener('open', () => {
    live.dataset.state = 'live';
    live.textContent = 'Figures update live.';
  });
  let poller = null;
  stream.addEventListener('error', () => {
    if (stream.readyState !== EventSource.CLOSED) {
      live.dataset.state = 'connecting';
      live.textContent = 'Reconnecting…';
      return;
    }
    // refused (the instance serves its budget of streams) or gone: reload the figures every 5 s
    live.dataset.state = 'polling';
    live.textContent = 'Figures update every few seconds.';
    poller ??= setInterval(() => load().catch((error) => say(message, describe(error), 'error')), 5000);
  });
  addEventListener('pagehide', () => {
    stream.close();
    clearInterval(poller);
  });
}

function wireCancel() {
  const ask = document.getElementById('cancel-event');
  const confirm = document.getElementById('confirm-cancel');
  ask.addEventListener('click', () => {
    confirm.hidden = false;
    ask.hidden = true;
    document.getElementById('confirm-cancel-no').focus();
  });
  document.getElementById('confirm-cancel-no').addEventListener('click', () => {
    confirm.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  document.getElementById('confirm-cancel-yes').addEventListener('click', async () => {
    try {
      await api(`/api/v1/events/${eventId}/cancel`, { method: 'POST' });
      await load();
      say(message, 'The event is cancelled. Held tickets were released; paid orders are marked for refund.', 'ok');
    } catch (error) {
      say(message, describe(error), 'error');
    }
  });
}

if (requireSignIn()) {
  try {
    await load();
    document.getElementById('public-link').href = `/events/${eventId}`;
    const params = new URLSearchParams(location.search);
    if (params.has('created')) say(message, 'The event was created and is on sale in its sale window.', 'ok');
    if (params.get('image') === 'failed') say(message, 'The event was created, but its image could not be uploaded.', 'error');
    status.textContent = '';
    document.getElementById('event').hidden = false;
    wireCancel();
    listen();
  } catch (error) {
    status.textContent = error.status === 404 ? 'No event of yours has this id.'
      : error.status === 403 ? 'Your account is not an organizer.' : describe(error);
  }
}
