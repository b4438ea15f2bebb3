import { api, describe, el, initChrome, money, requireSignIn } from '/assets/api.js';

initChrome();

const SIZE = 20;
const page = Math.max(0, Number.parseInt(new URLSearchParams(location.search).get('page') || '0', 10) || 0);
const status = document.getElementById('status');
const STATUS_TEXT = { RESERVED: 'Reserved', CONFIRMED: 'Paid', EXPIRED: 'Hold expired', CANCELLED: 'Cancelled',
  REFUND_REQUIRED: 'Refund due', REFUND_PENDING: 'Refund under way', REFUNDED: 'Refunded' };

/** The orders' events by id; one that cannot be read stands in with a plain name. */
async function eventsOf(orders) {
  const events = new Map();
  await Promise.all([...new Set(orders.map((o) => o.eventId))].map(async (id) => {
    try {
      events.set(id, await api(`/api/v1/events/${id}`, { auth: false }));
    } catch {
      events.set(id, { name: 'Event' });
    }
  }));
  return events;
}

async function eventNames(orders) {
  const events = await eventsOf(orders);
  return new Map([...events].map(([id, event]) => [id, event.name]));
}

/** A paid order may be refunded here while its event's policy allows: one click asks, a second does it. */
function refundButton(order, event, badge) {
  const until = event.refundPolicy && event.refundPolicy.refundableUntil;
  if (order.status !== 'CONFIRMED' || !until || Date.parse(until) <= Date.now()) return '';
  const button = el('button', { type: 'button', class: 'secondary refund', 'data-order': order.id }, 'Refund');
  button.addEventListener('click', async () => {
    if (!button.classList.contains('danger')) {
      button.classList.replace('secondary', 'danger');
      button.textContent = 'Confirm refund';
      return;
    }
    button.disabled = true;
    try {
      await api(`/api/v1/orders/${order.id}/refund`, { method: 'POST' });
      badge.textContent = STATUS_TEXT.REFUND_PENDING;
      badge.dataset.status = 'REFUND_PENDING';
      button.remove();
    } catch (error) {
      button.disabled = false;
      status.textContent = describe(error);
    }
  });
  return button;
}

if (requireSignIn()) {
  try {
    const result = await api(`/api/v1/orders?page=${page}&size=${SIZE}`);
    const events = await eventsOf(result.items);
    const rows = result.items.map((o) => {
      const badge = el('span', { class: 'badge', 'data-status': o.status }, STATUS_TEXT[o.status] || o.status);
      return el('tr', { 'data-order': o.id },
        el('td', {}, el('a', { href: `/orders/${o.id}` }, events.get(o.eventId).name)),
        el('td', { class: 'num' }, String(o.quantity)),
        el('td', { class: 'num' }, money(o.total, o.currency)),
        el('td', {}, badge,
          o.waitingListOffer ? el('span', { class: 'badge offer', 'data-status': 'OFFER' },
            o.status === 'RESERVED' ? `Waiting-list offer, until ${new Date(o.expiresAt).toLocaleString()}` : 'Waiting-list offer') : ''),
        el('td', {}, new Date(o.createdAt).toLocaleString()),
        el('td', {}, el('a', { href: `/orders/${o.id}` },
          o.status === 'CONFIRMED' ? 'Tickets (PDF)' : o.status === 'RESERVED' ? 'Pay' : 'Details'), ' ',
        refundButton(o, events.get(o.eventId), badge)));
    });
    const table = document.getElementById('orders');
    table.tBodies[0].replaceChildren(...rows);
    table.hidden = rows.length === 0;
    status.textContent = result.totalItems === 0 ? 'You have no orders yet.' : '';
    const pager = document.getElementById('pager');
    if (page > 0) pager.append(el('a', { href: `/orders?page=${page - 1}` }, '← Newer'));
    if ((page + 1) * SIZE < result.totalItems) pager.append(el('a', { href: `/orders?page=${page + 1}` }, 'Older →'));
    await waitingLists();
  } catch (error) {
    status.textContent = describe(error);
  }
}

/** The buyer's waiting-list entries: place, units offered, and a link to a live offer. */
async function waitingLists() {
  const entries = await api('/api/v1/waiting-list');
  const section = document.getElementById('waiting-lists');
  section.hidden = entries.length === 0;
  if (entries.length === 0) return;
  const names = await eventNames(entries);
  const STATES = { WAITING: (e) => `Number ${e.place} in line`, OFFERED: () => 'Offered', LEFT: () => 'Left',
    LIMIT_REACHED: () => 'Per-customer limit reached' };
  document.getElementById('waiting-list-entries').tBodies[0].replaceChildren(...entries.map((e) => {
    const offer = e.offers.find((o) => o.status === 'RESERVED');
    return el('tr', { 'data-status': e.status },
      el('td', {}, el('a', { href: `/events/${e.eventId}` }, names.get(e.eventId)), ` — ${e.ticketTypeName}`),
      el('td', { class: 'num' }, `${e.offered} of ${e.quantity}`),
      el('td', {}, (STATES[e.status] || (() => e.status))(e)),
      el('td', {}, offer ? el('a', { href: `/orders/${offer.id}` }, 'Pay for your offer') : ''));
  }));
}
