import { api, describe, el, initChrome, money, when } from '/assets/api.js';

initChrome();

const SIZE = 20;
const params = new URLSearchParams(location.search);
const q = (params.get('q') || '').trim();
const page = Math.max(0, Number.parseInt(params.get('page') || '0', 10) || 0);
const status = document.getElementById('status');
document.getElementById('q').value = q;

function card(event) {
  const prices = event.ticketTypes.map((t) => t.price);
  const cheapest = event.ticketTypes.find((t) => t.price === Math.min(...prices));
  const left = event.ticketTypes.reduce((sum, t) => sum + (t.available ?? 0), 0);
  return el('li', { class: 'card' },
    el('h2', {}, el('a', { href: `/events/${event.id}` }, event.name)),
    el('p', { class: 'meta' }, when(event.startsAt, event.timezone)),
    el('p', { class: 'meta' }, event.venue),
    cheapest ? el('p', {}, `From ${money(cheapest.price, cheapest.currency)}`) : null,
    left === 0 ? el('p', { class: 'soldout' }, 'Sold out') : null);
}

function link(label, toPage) {
  const next = new URLSearchParams();
  if (q) next.set('q', q);
  if (toPage > 0) next.set('page', String(toPage));
  return el('a', { href: `/${next.size ? '?' + next : ''}` }, label);
}

try {
  const query = new URLSearchParams({ page: String(page), size: String(SIZE) });
  if (q) query.set('q', q);
  const result = await api(`/api/v1/events?${query}`, { auth: false });
  document.getElementById('events').replaceChildren(...result.items.map(card));
  if (result.totalItems === 0) {
    status.textContent = q ? `No events match “${q}”.` : 'No events are on sale yet.';
  } else {
    status.textContent = `${result.totalItems} event${result.totalItems === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}.`;
  }
  const pager = document.getElementById('pager');
  if (page > 0) pager.append(link('← Previous', page - 1));
  if ((page + 1) * SIZE < result.totalItems) pager.append(link('Next →', page + 1));
} catch (error) {
  status.textContent = describe(error);
}
