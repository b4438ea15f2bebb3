import { api, describe, download, el, initChrome, money, requireSignIn, say, when } from '/assets/api.js';

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
    el('td', { class: 'num', id: `available-${t.id}` }, String(t.available ?? '—')),
    el('td', { class: 'num', id: `waiting-${t.id}` }, t.waiting ? `${t.waiting} (${t.waitingUnits} tickets)` : '0'))));
  const cancelled = event.status === 'CANCELLED';
  renderCapacity(event, cancelled);
  document.getElementById('danger').hidden = cancelled;
  if (cancelled) {
    stream?.close();
    const live = document.getElementById('live');
    live.dataset.state = 'off';
    live.textContent = 'This event is cancelled.';
  }
}

// Raising a ticket type's capacity: the choice and the typed number survive the live reloads
function renderCapacity(event, cancelled) {
  const form = byId('capacity-form');
  form.hidden = cancelled;
  const select = byId('capacity-type');
  const chosen = select.value;
  select.replaceChildren(...event.ticketTypes.map((t) => el('option', { value: t.id }, `${t.name} (now ${t.capacity})`)));
  if (chosen) select.value = chosen;
  form.dataset.capacities = JSON.stringify(Object.fromEntries(event.ticketTypes.map((t) => [t.id, t.capacity])));
}

function wireCapacity() {
  const form = byId('capacity-form');
  form.addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const select = byId('capacity-type');
    const current = JSON.parse(form.dataset.capacities || '{}')[select.value];
    const capacity = Number.parseInt(byId('capacity-new').value || '0', 10);
    const name = select.selectedOptions[0]?.textContent.replace(/ \(now \d+\)$/, '') ?? 'this type';
    if (!Number.isInteger(capacity) || capacity <= current || capacity > 1_000_000) {
      say(message, `Choose a capacity above ${current} (at most 1,000,000) for ${name}.`, 'error');
      byId('capacity-new').focus();
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await api(`/api/v1/events/${eventId}/ticket-types/${select.value}`, { method: 'PATCH', body: { capacity } });
      byId('capacity-new').value = '';
      say(message, `${name} now has ${capacity} seats; the ${capacity - current} new ones went to its waiting list first, the rest on sale.`, 'ok');
      await load();
    } catch (error) {
      say(message, describe(error), 'error');
    } finally {
      button.disabled = false;
    }
  });
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

// The waiting room: its settings (on the public event), and while it is on, its figures polled from
// /queue/stats every 3 s, with a control to change the admission rate during the sale.
const QUEUE_POLL_MS = 3000;
const queueRoom = { settings: null, poller: null };
const byId = (id) => document.getElementById(id);

function local(instant) {
  const date = new Date(instant);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function renderQueueSettings(event) {
  queueRoom.settings = event.queue;
  const q = event.queue;
  const on = !!q;
  byId('queue').dataset.state = on ? 'on' : 'off';
  byId('queue-summary').textContent = on
    ? `On: it opens ${when(q.preQueueOpensAt)}; admitted buyers have ${q.admissionWindowSeconds} s to reserve; `
      + `${q.ratePerMinute ? `${q.ratePerMinute} buyers let in per minute` : 'the rate is automatic'}`
      + `${q.refuseAccountsCreatedAfterOpening ? '; accounts created after the opening are refused' : ''}.`
    : 'Off: anyone may buy as soon as the sale opens. Turn it on to let buyers in turn by turn at a steady rate.';
  // by default the waiting room opens an hour before the sale
  byId('queue-opens').value = local(on ? q.preQueueOpensAt : Date.parse(event.salesStartAt) - 3600_000);
  byId('queue-rate-setting').value = on && q.ratePerMinute ? String(q.ratePerMinute) : '';
  byId('queue-window').value = String(on ? q.admissionWindowSeconds : 600);
  byId('queue-refuse-new').checked = on && q.refuseAccountsCreatedAfterOpening;
  byId('queue-save').textContent = on ? 'Save the settings' : 'Turn the waiting room on';
  byId('queue-remove').hidden = !on;
  byId('queue-console').hidden = !on;
  clearInterval(queueRoom.poller);
  queueRoom.poller = null;
  if (on) {
    loadQueueStats();
    queueRoom.poller = setInterval(loadQueueStats, QUEUE_POLL_MS);
  }
}

async function loadQueueStats() {
  const live = byId('queue-stats-live');
  try {
    const stats = await api(`/api/v1/events/${eventId}/queue/stats`);
    const q = stats.queue;
    byId('queue-state').textContent = q.state;
    byId('queue-state').dataset.state = q.state;
    byId('queue-waiting').textContent = String(q.waiting);
    byId('queue-rate').textContent = `${q.ratePerMinute} per minute${queueRoom.settings?.ratePerMinute ? '' : ' (automatic)'}`;
    byId('queue-admitted').textContent = String(q.admitted);
    byId('queue-reserved').textContent = String(stats.reserved);
    byId('queue-sold').textContent = String(stats.sold);
    byId('queue-left').textContent = stats.left < 0 ? '—' : `${stats.left} of ${stats.capacity}`;
    live.dataset.state = 'polling';
    live.textContent = 'The queue\'s figures update every few seconds.';
  } catch (error) {
    live.dataset.state = 'connecting';
    live.textContent = `The queue's figures could not be read: ${describe(error)}`;
  }
}

async function putQueue(body, done) {
  try {
    renderQueueSettings(await api(`/api/v1/events/${eventId}/queue/settings`, { method: 'PUT', body }));
    say(message, done, 'ok');
  } catch (error) {
    say(message, describe(error), 'error');
  }
}

function wireQueue() {
  byId('queue-form').addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const opens = byId('queue-opens').value;
    const rate = byId('queue-rate-setting').value.trim();
    const seconds = Number.parseInt(byId('queue-window').value, 10);
    if (!opens || Number.isNaN(Date.parse(opens))) {
      say(message, 'Choose when the waiting room opens.', 'error');
      return;
    }
    if (!Number.isInteger(seconds) || seconds < 30 || seconds > 86400) {
      say(message, 'The admission window is between 30 and 86400 seconds.', 'error');
      return;
    }
    const on = !!queueRoom.settings;
    await putQueue({
      preQueueOpensAt: new Date(opens).toISOString(),
      ratePerMinute: rate === '' ? null : Number.parseInt(rate, 10),
      admissionWindowSeconds: seconds,
      refuseAccountsCreatedAfterOpening: byId('queue-refuse-new').checked,
    }, on ? 'The waiting room\'s settings are saved.' : 'The waiting room is on.');
  });
  byId('queue-rate-form').addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const rate = Number.parseInt(byId('queue-new-rate').value, 10);
    if (!Number.isInteger(rate) || rate < 1) {
      say(message, 'The rate is a whole number of buyers per minute, at least 1.', 'error');
      return;
    }
    // the same settings with a new rate
    await putQueue({ ...queueRoom.settings, ratePerMinute: rate }, `The admission rate is now ${rate} per minute.`);
  });
  byId('queue-remove').addEventListener('click', async () => {
    try {
      renderQueueSettings(await api(`/api/v1/events/${eventId}/queue/settings`, { method: 'DELETE' }));
      say(message, 'The waiting room is off.', 'ok');
    } catch (error) {
      say(message, describe(error), 'error');
    }
  });
  addEventListener('pagehide', () => clearInterval(queueRoom.poller));
}

// The refund policy: until when buyers may refund their orders, and whether refunded tickets go back on sale
function renderRefundPolicy(event) {
  const policy = event.refundPolicy || { refundableUntil: null, restock: true };
  const until = policy.refundableUntil;
  byId('refund-policy-summary').textContent = (until
    ? `Buyers may refund their orders until ${when(until)}.`
    : 'Buyers may not refund their orders themselves.')
    + (policy.restock ? ' Refunded tickets go back on sale.' : ' Refunded tickets stay off sale.');
  byId('refund-buyers').checked = !!until;
  // by default buyers may refund until a day before the event
  byId('refund-until').value = local(until || Date.parse(event.startsAt) - 86_400_000);
  byId('refund-until').disabled = !until;
  byId('refund-restock').checked = policy.restock;
}

function wireRefundPolicy() {
  byId('refund-buyers').addEventListener('change', () => {
    byId('refund-until').disabled = !byId('refund-buyers').checked;
  });
  byId('refund-policy-form').addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const buyers = byId('refund-buyers').checked;
    const until = byId('refund-until').value;
    if (buyers && (!until || Number.isNaN(Date.parse(until)))) {
      say(message, 'Choose until when buyers may refund.', 'error');
      return;
    }
    try {
      renderRefundPolicy(await api(`/api/v1/events/${eventId}/refund-policy`, {
        method: 'PUT',
        body: { refundableUntil: buyers ? new Date(until).toISOString() : null, restock: byId('refund-restock').checked },
      }));
      say(message, 'The refund policy is saved.', 'ok');
    } catch (error) {
      say(message, describe(error), 'error');
    }
  });
}

// presale codes: the event's batches (drawn codes exported as CSV) and a form for new ones
const presale = { types: [] };

async function loadPresaleBatches() {
  const batches = await api(`/api/v1/events/${eventId}/presale-codes`);
  const table = byId('presale-batches');
  table.tBodies[0].replaceChildren(...batches.map((b) => {
    const exportCell = b.codes.length
      ? el('button', { type: 'button', class: 'secondary', 'data-batch': b.batchId }, 'Download CSV')
      : el('span', { class: 'hint' }, 'Chosen code, stored hashed');
    if (b.codes.length) {
      exportCell.addEventListener('click', () => download(exportCell, message,
        `/api/v1/events/${eventId}/presale-codes/${b.batchId}/codes.csv`, 'text/csv', `presale-codes-${b.batchId}.csv`));
    }
    return el('tr', {},
      el('th', { scope: 'row' }, b.label || '—'),
      el('td', {}, b.kind === 'SHARED' ? `Shared${b.maxUses ? `, ${b.maxUses} orders` : ''}` : 'Single-use'),
      el('td', { class: 'num' }, String(b.codeCount)),
      el('td', {}, `${when(b.startsAt)} – ${when(b.endsAt)}`),
      el('td', {}, exportCell));
  }));
  table.hidden = batches.length === 0;
}

function wirePresale(event) {
  presale.types = event.ticketTypes;
  byId('presale-types').append(...event.ticketTypes.map((t) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'ticketTypeIds', value: t.id, id: `presale-type-${t.id}`, checked: true }),
    ` ${t.name}`)));
  byId('presale-starts').value = local(Date.now());
  byId('presale-ends').value = local(Date.parse(event.salesStartAt) > Date.now() ? event.salesStartAt : event.salesEndAt);
  const kind = byId('presale-kind');
  kind.addEventListener('change', () => {
    byId('presale-single').hidden = kind.value !== 'SINGLE_USE';
    byId('presale-shared').hidden = kind.value !== 'SHARED';
  });
  byId('presale-form').addEventListener('submit', async (submit) => {
    submit.preventDefault();
    const number = (id) => (byId(id).value.trim() === '' ? null : Number.parseInt(byId(id).value, 10));
    const types = [...byId('presale-types').querySelectorAll('input:checked')].map((input) => input.value);
    const starts = byId('presale-starts').value;
    const ends = byId('presale-ends').value;
    if (types.length === 0) {
      say(message, 'Choose at least one ticket type the codes open.', 'error');
      return;
    }
    if (!starts || !ends || Date.parse(ends) <= Date.parse(starts)) {
      say(message, 'Choose when the codes are valid: the end after the start.', 'error');
      return;
    }
    const single = kind.value === 'SINGLE_USE';
    const body = {
      kind: kind.value,
      label: byId('presale-label').value.trim(),
      ticketTypeIds: types,
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(ends).toISOString(),
      maxTicketsPerUse: number('presale-per-use'),
      ...(single ? { count: number('presale-count') }
        : { maxUses: number('presale-max-uses'), ...(byId('presale-code').value.trim() ? { code: byId('presale-code').value.trim() } : {}) }),
    };
    const button = byId('presale-make');
    button.disabled = true;
    try {
      const made = await api(`/api/v1/events/${eventId}/presale-codes`, { method: 'POST', body });
      const shown = made.codes.slice(0, 10);
      byId('presale-made-text').textContent = single
        ? `${made.codeCount} single-use codes made${made.codeCount > shown.length ? '; the first ten below, all in the CSV' : ''}.`
        : `The shared code${body.code ? ' (shown only now: it is stored hashed)' : ''}:`;
      byId('presale-made-codes').replaceChildren(...shown.map((code) => el('li', { class: 'code' }, code)));
      byId('presale-made').hidden = false;
      say(message, 'The presale codes are made.', 'ok');
      await loadPresaleBatches();
    } catch (error) {
      say(message, describe(error), 'error');
    } finally {
      button.disabled = false;
    }
  });
}

// exports and the sales per day
async function loadSalesReport() {
  const report = await api(`/api/v1/organizer/events/${eventId}/sales-report`);
  const table = byId('daily-sales');
  table.tBodies[0].replaceChildren(...report.days.map((d) => el('tr', {},
    el('th', { scope: 'row' }, d.date),
    el('td', {}, d.ticketTypeName),
    el('td', { class: 'num' }, String(d.units)),
    el('td', { class: 'num' }, money(d.revenue, d.currency)))));
  table.hidden = report.days.length === 0;
  byId('daily-empty').hidden = report.days.length > 0;
}

function wireData() {
  const attendees = byId('export-attendees');
  attendees.addEventListener('click', () => download(attendees, message,
    `/api/v1/organizer/events/${eventId}/attendees.csv`, 'text/csv', `attendees-${eventId}.csv`));
  const orders = byId('export-orders');
  orders.addEventListener('click', () => download(orders, message,
    `/api/v1/organizer/events/${eventId}/orders.csv`, 'text/csv', `orders-${eventId}.csv`));
  const refresh = byId('refresh-report');
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    try {
      await loadSalesReport();
    } catch (error) {
      say(message, describe(error), 'error');
    } finally {
      refresh.disabled = false;
    }
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
    wireCapacity();
    listen();
    wireQueue();
    wireData();
    await loadSalesReport();
    const publicEvent = await api(`/api/v1/events/${eventId}`, { auth: false });
    renderQueueSettings(publicEvent);
    renderRefundPolicy(publicEvent);
    wireRefundPolicy();
    wirePresale(publicEvent);
    await loadPresaleBatches();
  } catch (error) {
    status.textContent = error.status === 404 ? 'No event of yours has this id.'
      : error.status === 403 ? 'Your account is not an organizer.' : describe(error);
  }
}
