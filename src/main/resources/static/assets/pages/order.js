import { api, describe, download, el, initChrome, money, requireSignIn, say } from '/assets/api.js';

initChrome();

const orderId = location.pathname.split('/')[2];
const status = document.getElementById('status');
const message = document.getElementById('message');
let order;
let ticking;
let polling;

const STATUS_TEXT = {
  RESERVED: 'Reserved, waiting for payment',
  CONFIRMED: 'Paid',
  EXPIRED: 'Hold expired',
  CANCELLED: 'Cancelled',
  REFUND_REQUIRED: 'Refund due',
  REFUND_PENDING: 'Refund under way',
  REFUNDED: 'Refunded',
};

const REFUND_STATUS_TEXT = {
  PENDING: 'under way',
  SENT: 'under way',
  SUCCEEDED: 'refunded',
  FAILED: 'failed',
};

let event;

function render() {
  const badge = document.getElementById('order-status');
  badge.textContent = STATUS_TEXT[order.status] || order.status;
  badge.dataset.status = order.status;
  document.getElementById('order-total').textContent = money(order.total, order.currency);
  document.getElementById('hold').hidden = order.status !== 'RESERVED';
  document.getElementById('offer-note').hidden = !(order.waitingListOffer && order.status === 'RESERVED');
  if (order.status === 'RESERVED') startCountdown();
  else stopCountdown();
  if (order.status === 'EXPIRED') say(message, 'Your hold has expired: the tickets went back on sale. Reserve again to buy.', 'error');
  if (order.status === 'CANCELLED') say(message, 'This reservation was cancelled.', 'info');
  if (order.status === 'REFUND_REQUIRED') say(message, 'This order cannot be kept; it will be refunded.', 'info');
  if (order.status === 'REFUND_PENDING') say(message, 'Your refund is under way; the tickets are no longer valid.', 'info');
  if (order.status === 'REFUNDED') {
    say(message, 'This order is refunded; its tickets are void.', 'info');
    if (ticketsShown) redrawTickets();
  }
  if (order.status === 'CONFIRMED') {
    say(message, 'Payment received. Thank you!', 'ok');
    showTickets();
  }
  renderRefunds();
}

/** Until when the buyer may refund, by the event's policy; null when not now. */
function refundableUntil() {
  const until = event && event.refundPolicy && event.refundPolicy.refundableUntil;
  return until && Date.parse(until) > Date.now() ? new Date(until) : null;
}

/** The refund button while the policy allows it, and the order's refunds once there are any. */
async function renderRefunds() {
  const section = document.getElementById('refund-section');
  const button = document.getElementById('refund');
  const policy = document.getElementById('refund-policy');
  const until = order.status === 'CONFIRMED' ? refundableUntil() : null;
  button.hidden = !until;
  if (!until) document.getElementById('refund-confirm').hidden = true;
  policy.textContent = until ? `You may refund this order until ${until.toLocaleString()}.` : '';
  if (!['CONFIRMED', 'REFUND_REQUIRED', 'REFUND_PENDING', 'REFUNDED'].includes(order.status)) {
    section.hidden = true;
    return;
  }
  try {
    const refunds = await api(`/api/v1/orders/${orderId}/refunds`);
    document.getElementById('refunds').replaceChildren(...refunds.map((r) => el('li', { 'data-refund-status': r.status },
      `${money(r.amount, r.currency)} · ${REFUND_STATUS_TEXT[r.status] || r.status}`,
      r.status === 'FAILED' && r.retrying ? ' (trying again)' : '',
      r.succeededAt ? ` on ${new Date(r.succeededAt).toLocaleString()}` : '')));
    section.hidden = !until && refunds.length === 0;
  } catch (error) {
    policy.textContent = describe(error);
    section.hidden = false;
  }
  if (order.status === 'REFUND_PENDING' || order.status === 'REFUND_REQUIRED') watchRefund();
}

/** While a refund is under way, watch for the provider to confirm it. */
function watchRefund() {
  if (polling) return;
  polling = setInterval(async () => {
    order = await api(`/api/v1/orders/${orderId}`);
    if (order.status !== 'REFUND_PENDING' && order.status !== 'REFUND_REQUIRED') {
      clearInterval(polling);
      polling = null;
    }
    render();
  }, 1500);
}

async function refund() {
  const confirm = document.getElementById('refund-confirm');
  confirm.disabled = true;
  try {
    await api(`/api/v1/orders/${orderId}/refund`, { method: 'POST' });
    confirm.hidden = true;
    await refresh();
  } catch (error) {
    say(message, describe(error), 'error');
  } finally {
    confirm.disabled = false;
  }
}

function startCountdown() {
  const countdown = document.getElementById('countdown');
  const tick = () => {
    const left = Math.max(0, Date.parse(order.expiresAt) - Date.now());
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    countdown.textContent = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
    countdown.setAttribute('aria-label', `${minutes} minutes ${seconds} seconds left`);
    if (left === 0) {
      stopCountdown();
      document.getElementById('checkout').disabled = true;
      document.getElementById('checkout-step').hidden = true;
      say(message, 'Your hold has expired: the tickets went back on sale. Reserve again to buy.', 'error');
      setTimeout(refresh, 2000);
    }
  };
  if (!ticking) ticking = setInterval(tick, 1000);
  tick();
}

function stopCountdown() {
  clearInterval(ticking);
  ticking = null;
}

async function refresh() {
  try {
    order = await api(`/api/v1/orders/${orderId}`);
    render();
  } catch (error) {
    say(message, describe(error), 'error');
  }
}

/** While the payment page is open elsewhere, watch for the order to change. */
function watchPayment() {
  clearInterval(polling);
  polling = setInterval(async () => {
    await refresh();
    if (order.status !== 'RESERVED') {
      clearInterval(polling);
      polling = null;
    }
  }, 2000);
}

async function checkout() {
  const button = document.getElementById('checkout');
  button.disabled = true;
  say(message, 'Starting the payment…');
  try {
    const payment = await api(`/api/v1/orders/${orderId}/payment`, { method: 'POST' });
    const link = document.getElementById('checkout-link');
    link.href = payment.checkoutUrl;
    document.getElementById('checkout-step').hidden = false;
    say(message, `Pay ${money(payment.amount, payment.currency)} on the payment page.`);
    link.focus();
    watchPayment();
  } catch (error) {
    say(message, describe(error), 'error');
    await refresh();
  } finally {
    button.disabled = order.status !== 'RESERVED';
  }
}

async function cancel() {
  try {
    order = await api(`/api/v1/orders/${orderId}/cancel`, { method: 'POST' });
    render();
  } catch (error) {
    say(message, describe(error), 'error');
  }
}

let ticketsShown = false;

/** One line per ticket: its code at once, its download once its PDF is printed. */
function ticketItem(t) {
  const what = el('span', {}, el('span', { class: 'code' }, t.code), ' · ',
    t.ticketTypeName ? `${t.ticketTypeName} · ` : '', t.holderName,
    t.status === 'CHECKED_IN' ? ' · checked in' : '', t.status === 'VOID' ? ' · void' : '');
  if (t.status === 'VOID') return el('li', { 'data-ticket': t.id, class: 'void' }, what);
  if (t.issuing || !t.pdfUrl) {
    return el('li', { 'data-ticket': t.id }, what, el('span', { class: 'printing' }, 'Printing the PDF…'));
  }
  const button = el('button', { type: 'button', class: 'download', 'data-ticket': t.id }, 'Download PDF');
  button.setAttribute('aria-label', `Download ticket ${t.code} as PDF`);
  button.addEventListener('click', () => download(button, message, t.pdfUrl, 'application/pdf',
    `ticket-${t.code}.pdf`));
  return el('li', { 'data-ticket': t.id }, what, button);
}

/** The tickets as they are now (after a refund: struck through, no downloads). */
async function redrawTickets() {
  try {
    const tickets = await api(`/api/v1/orders/${orderId}/tickets`);
    document.getElementById('tickets').replaceChildren(...tickets.map(ticketItem));
    document.getElementById('tickets-progress').hidden = true;
    document.getElementById('tickets-status').textContent = 'These tickets are void.';
  } catch (error) {
    document.getElementById('tickets-status').textContent = describe(error);
  }
}

/**
 * A paid order's tickets get their codes within moments and their PDFs shortly after (a
 * burst of sales queues the printing): show each ticket as soon as it exists, its download
 * once printed, and poll until every PDF is there.
 */
async function showTickets() {
  if (ticketsShown) return;
  ticketsShown = true;
  const section = document.getElementById('tickets-section');
  const ticketsStatus = document.getElementById('tickets-status');
  const progress = document.getElementById('tickets-progress');
  const list = document.getElementById('tickets');
  section.hidden = false;
  ticketsStatus.textContent = 'Issuing your tickets…';
  progress.max = order.quantity;
  progress.hidden = false;
  const deadline = Date.now() + 300000;
  let shown = '';
  while (Date.now() < deadline) {
    if (order.status !== 'CONFIRMED') return; // refunded meanwhile: redrawTickets shows them void
    try {
      const tickets = await api(`/api/v1/orders/${orderId}/tickets`);
      const ready = tickets.filter((t) => t.pdfUrl && !t.issuing).length;
      // redrawn only when something changed, so a download button is never swapped mid-click
      const state = tickets.map((t) => `${t.id}:${t.pdfUrl ? 1 : 0}:${t.status}`).join(',');
      if (state !== shown) {
        list.replaceChildren(...tickets.map(ticketItem));
        shown = state;
      }
      progress.value = ready;
      if (tickets.length === order.quantity && ready === tickets.length) {
        progress.hidden = true;
        ticketsStatus.textContent = `${tickets.length} ticket${tickets.length === 1 ? '' : 's'} ready.`;
        return;
      }
      ticketsStatus.textContent = `Issuing your tickets: ${ready} of ${order.quantity} ready. `
        + 'Each ticket is valid already; its PDF follows in a moment.';
    } catch (error) {
      ticketsStatus.textContent = describe(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  ticketsStatus.textContent = 'Your tickets are taking longer than usual. Reload this page in a minute.';
}

if (requireSignIn()) {
  try {
    order = await api(`/api/v1/orders/${orderId}`);
    try {
      event = await api(`/api/v1/events/${order.eventId}`, { auth: false });
      const eventLink = el('a', { href: `/events/${event.id}` }, event.name);
      document.getElementById('order-event').replaceChildren(eventLink);
      // one line per ticket type of the order: "1 × VIP, 2 × Festival"
      document.getElementById('order-tickets').textContent = (order.lines || [order])
        .map((line) => {
          const type = event.ticketTypes.find((t) => t.id === line.ticketTypeId);
          return `${line.quantity} × ${type ? type.name : 'ticket'}`;
        })
        .join(', ');
    } catch {
      document.getElementById('order-tickets').textContent = `${order.quantity}`;
    }
    document.getElementById('checkout').addEventListener('click', checkout);
    document.getElementById('cancel').addEventListener('click', cancel);
    document.getElementById('refund').addEventListener('click', () => {
      const confirm = document.getElementById('refund-confirm');
      confirm.hidden = false;
      confirm.focus();
    });
    document.getElementById('refund-confirm').addEventListener('click', refund);
    status.textContent = '';
    document.getElementById('order').hidden = false;
    render();
  } catch (error) {
    status.textContent = error.status === 404 ? 'This order does not exist.' : describe(error);
  }
}
