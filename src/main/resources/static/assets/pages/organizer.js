import { api, describe, el, initChrome, requireSignIn, say, when } from '/assets/api.js';

initChrome();

const status = document.getElementById('status');

function salesTable(event) {
  return el('div', { class: 'scroll' }, el('table', { class: 'list' },
    el('thead', {}, el('tr', {}, ...['Ticket type', 'Capacity', 'Sold', 'Held', 'Available', 'Waiting list']
      .map((h, i) => el('th', { scope: 'col', class: i ? 'num' : null }, h)))),
    el('tbody', {}, ...event.ticketTypes.map((t) => el('tr', {},
      el('th', { scope: 'row' }, t.name),
      ...[t.capacity, t.sold, t.held, t.available ?? '—', t.waiting].map((n) => el('td', { class: 'num' }, String(n))))))));
}

// outgoing webhooks: the organizer's endpoints, each with its secret, a ping and its delivery log
const hookMessage = document.getElementById('webhook-message');

function attemptText(a) {
  return `#${a.attempt} ${when(a.at)}: ${a.statusCode ?? '—'}${a.error ? ` (${a.error})` : ''}, ${a.durationMs} ms`;
}

async function showDeliveries(endpoint, box) {
  const page = await api(`/api/v1/organizer/webhooks/${endpoint.id}/deliveries?size=10`);
  box.replaceChildren(page.items.length === 0
    ? el('p', { class: 'hint' }, 'No deliveries yet.')
    : el('ul', { class: 'deliveries' }, ...page.items.map((d) => el('li', { 'data-status': d.status },
      el('strong', {}, `${d.type} · ${d.status}`),
      d.nextAttemptAt ? ` · next attempt ${when(d.nextAttemptAt)}` : '',
      el('ul', {}, ...d.log.map((a) => el('li', {}, attemptText(a))))))));
}

function endpointCard(endpoint) {
  const deliveries = el('div', { class: 'delivery-log' });
  const ping = el('button', { type: 'button', class: 'secondary', 'data-ping': endpoint.id }, 'Send a ping');
  const log = el('button', { type: 'button', class: 'secondary', 'data-log': endpoint.id }, 'Delivery log');
  const remove = el('button', { type: 'button', class: 'secondary danger', 'data-remove': endpoint.id }, 'Remove');
  ping.addEventListener('click', async () => {
    try {
      await api(`/api/v1/organizer/webhooks/${endpoint.id}/ping`, { method: 'POST' });
      say(hookMessage, 'A ping is on its way; its attempts show in the delivery log.', 'ok');
      setTimeout(() => showDeliveries(endpoint, deliveries).catch(() => {}), 1500);
    } catch (error) {
      say(hookMessage, describe(error), 'error');
    }
  });
  log.addEventListener('click', () => showDeliveries(endpoint, deliveries)
    .catch((error) => say(hookMessage, describe(error), 'error')));
  remove.addEventListener('click', async () => {
    try {
      await api(`/api/v1/organizer/webhooks/${endpoint.id}`, { method: 'DELETE' });
      say(hookMessage, `Removed ${endpoint.url}.`, 'ok');
      await loadWebhooks();
    } catch (error) {
      say(hookMessage, describe(error), 'error');
    }
  });
  return el('section', { class: 'endpoint', 'data-endpoint': endpoint.id },
    el('p', {}, el('strong', {}, endpoint.url)),
    el('p', { class: 'meta' }, endpoint.events.join(', ')),
    el('p', {}, 'Signing secret ', el('code', { class: 'secret' }, endpoint.secret)),
    el('p', { class: 'actions' }, ping, ' ', log, ' ', remove),
    deliveries);
}

async function loadWebhooks() {
  const endpoints = await api('/api/v1/organizer/webhooks');
  document.getElementById('webhook-list').replaceChildren(...endpoints.map(endpointCard));
}

function wireWebhooks() {
  const form = document.getElementById('webhook-form');
  form.addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const url = document.getElementById('webhook-url').value.trim();
    const events = [...form.querySelectorAll('input[name="events"]:checked')].map((box) => box.value);
    if (!url || events.length === 0) {
      say(hookMessage, 'Give the endpoint\'s URL and choose at least one kind of event.', 'error');
      return;
    }
    const button = document.getElementById('webhook-add');
    button.disabled = true;
    try {
      const endpoint = await api('/api/v1/organizer/webhooks', { method: 'POST', body: { url, events } });
      say(hookMessage, `Added ${endpoint.url}. Check each delivery's signature with its secret.`, 'ok');
      form.reset();
      await loadWebhooks();
    } catch (error) {
      say(hookMessage, describe(error), 'error');
    } finally {
      button.disabled = false;
    }
  });
}

if (requireSignIn()) {
  try {
    const result = await api('/api/v1/organizer/events?size=50');
    const cards = result.items.map((event) => el('section', { class: 'panel', 'aria-label': event.name },
      el('h2', {}, el('a', { href: `/organizer/events/${event.id}` }, event.name)),
      el('p', { class: 'meta' }, when(event.startsAt), ' · ', event.venue, ' · ',
        el('span', { class: 'badge', 'data-status': event.status }, event.status)),
      salesTable(event)));
    document.getElementById('events').replaceChildren(...cards);
    status.textContent = result.totalItems === 0 ? 'You have no events yet. Create one to start selling.' : '';
    document.getElementById('webhooks').hidden = false;
    wireWebhooks();
    await loadWebhooks();
  } catch (error) {
    status.textContent = error.status === 403
      ? 'Your account is not an organizer. Ask an administrator to grant you the ORGANIZER role, then sign in again.'
      : describe(error);
  }
}
