import { api, describe, el, initChrome, minorDigits, requireSignIn, say } from '/assets/api.js';

initChrome();

const form = document.getElementById('create');
const message = document.getElementById('message');
const types = document.getElementById('ticket-types');
let typeCount = 0;
const field = (id) => document.getElementById(id);

/** Offset of a time zone from UTC at an instant, in milliseconds. */
function offset(instant, timeZone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** A datetime-local value read as wall time in the event's zone → ISO-8601 UTC. */
function toInstant(value, timeZone) {
  const [date, time] = value.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let instant = wall - offset(wall, timeZone);
  instant = wall - offset(instant, timeZone); // once more, across a DST change
  return new Date(instant).toISOString();
}

function local(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function addType(name = '') {
  const n = typeCount++;
  const labelled = (label, input) => el('div', {}, el('label', { for: input.id }, label), input);
  const row = el('div', { class: 'type-row', 'data-type-row': String(n) },
    el('div', { class: 'grid2' },
      labelled('Ticket type name', el('input', { id: `type-${n}-name`, name: 'typeName', required: true, maxlength: '100', value: name })),
      labelled('Price', el('input', { id: `type-${n}-price`, name: 'typePrice', type: 'number', min: '0', step: '0.01', required: true, inputmode: 'decimal' })),
      labelled('Currency', el('input', { id: `type-${n}-currency`, name: 'typeCurrency', required: true, maxlength: '3', value: 'IDR', autocapitalize: 'characters' })),
      labelled('Capacity', el('input', { id: `type-${n}-capacity`, name: 'typeCapacity', type: 'number', min: '1', max: '1000000', required: true, inputmode: 'numeric' })),
      labelled('Limit per customer', el('input', { id: `type-${n}-limit`, name: 'typeLimit', type: 'number', min: '1', required: true, value: '4', inputmode: 'numeric' }))));
  if (n > 0) {
    const remove = el('button', { type: 'button', class: 'secondary' }, 'Remove this ticket type');
    remove.addEventListener('click', () => row.remove());
    row.append(remove);
  }
  types.append(row);
  return row;
}

function request() {
  const timezone = field('timezone').value.trim();
  const rows = [...types.querySelectorAll('[data-type-row]')];
  return {
    name: field('name').value.trim(),
    description: field('description').value,
    venue: field('venue').value.trim(),
    timezone,
    startsAt: toInstant(field('startsAt').value, timezone),
    endsAt: toInstant(field('endsAt').value, timezone),
    salesStartAt: toInstant(field('salesStartAt').value, timezone),
    salesEndAt: toInstant(field('salesEndAt').value, timezone),
    ticketTypes: rows.map((row) => {
      const value = (name) => row.querySelector(`[name="${name}"]`).value.trim();
      const currency = value('typeCurrency').toUpperCase();
      return {
        name: value('typeName'),
        price: Math.round(Number(value('typePrice')) * 10 ** minorDigits(currency)),
        currency,
        capacity: Number.parseInt(value('typeCapacity'), 10),
        perUserLimit: Number.parseInt(value('typeLimit'), 10),
      };
    }),
  };
}

async function submit(event) {
  event.preventDefault();
  if (!form.reportValidity()) return;
  const button = document.getElementById('submit');
  button.disabled = true;
  let body;
  try {
    body = request();
  } catch {
    say(message, 'Check the dates and the time zone (for example Asia/Jakarta).', 'error');
    button.disabled = false;
    return;
  }
  say(message, 'Creating the event…');
  try {
    const created = await api('/api/v1/events', { method: 'POST', body });
    const file = field('image').files[0];
    if (file) {
      const upload = new FormData();
      upload.append('file', file);
      try {
        await api(`/api/v1/events/${created.id}/image`, { method: 'PUT', body: upload });
      } catch (error) {
        location.assign(`/organizer/events/${created.id}?image=failed`);
        return;
      }
    }
    location.assign(`/organizer/events/${created.id}?created=1`);
  } catch (error) {
    say(message, describe(error), 'error');
    button.disabled = false;
  }
}

if (requireSignIn()) {
  field('timezone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const day = 24 * 3600 * 1000;
  const start = new Date(Date.now() + 30 * day);
  start.setHours(19, 0, 0, 0);
  field('startsAt').value = local(start);
  field('endsAt').value = local(new Date(start.getTime() + 4 * 3600 * 1000));
  const now = new Date(Math.floor(Date.now() / 60000) * 60000);
  field('salesStartAt').value = local(now);
  field('salesEndAt').value = local(start);
  addType('General admission');
  document.getElementById('add-type').addEventListener('click', () => addType().querySelector('input').focus());
  form.addEventListener('submit', submit);
}
