import { api, describe, el, initChrome, money, requireSignIn } from '/assets/api.js';

initChrome();

const SIZE = 20;
const page = Math.max(0, Number.parseInt(new URLSearchParams(location.search).get('page') || '0', 10) || 0);
const status = document.getElementById('status');
const STATUS_TEXT = { RESERVED: 'Reserved', CONFIRMED: 'Paid', EXPIRED: 'Hold expired', CANCELLED: 'Cancelled',
  REFUND_REQUIRED: 'Refund due' };

async function eventNames(orders) {
  const names = new Map();
  await Promise.all([...new Set(orders.map((o) => o.eventId))].map(async (id) => {
    try {
      names.set(id, (await api(`/api/v1/events/${id}`, { auth: false })).name);
    } catch {
      names.set(id, 'Event');
    }
  }));
  return names;
}

if (requireSignIn()) {
  try {
    const result = await api(`/api/v1/orders?page=${page}&size=${SIZE}`);
    const names = await eventNames(result.items);
    const rows = result.items.map((o) => el('tr', {},
      el('td', {}, el('a', { href: `/orders/${o.id}` }, names.get(o.eventId))),
      el('td', { class: 'num' }, String(o.quantity)),
      el('td', { class: 'num' }, money(o.total, o.currency)),
      el('td', {}, el('span', { class: 'badge', 'data-status': o.status }, STATUS_TEXT[o.status] || o.status)),
      el('td', {}, new Date(o.createdAt).toLocaleString()),
      el('td', {}, el('a', { href: `/orders/${o.id}` },
        o.status === 'CONFIRMED' ? 'Tickets (PDF)' : o.status === 'RESERVED' ? 'Pay' : 'Details'))));
    const table = document.getElementById('orders');
    table.tBodies[0].replaceChildren(...rows);
    table.hidden = rows.length === 0;
    status.textContent = result.totalItems === 0 ? 'You have no orders yet.' : '';
    const pager = document.getElementById('pager');
    if (page > 0) pager.append(el('a', { href: `/orders?page=${page - 1}` }, '← Newer'));
    if ((page + 1) * SIZE < result.totalItems) pager.append(el('a', { href: `/orders?page=${page + 1}` }, 'Older →'));
  } catch (error) {
    status.textContent = describe(error);
  }
}
