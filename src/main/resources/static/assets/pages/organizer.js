import { api, describe, el, initChrome, requireSignIn, when } from '/assets/api.js';

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
  } catch (error) {
    status.textContent = error.status === 403
      ? 'Your account is not an organizer. Ask an administrator to grant you the ORGANIZER role, then sign in again.'
      : describe(error);
  }
}
