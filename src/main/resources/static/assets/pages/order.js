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
  REFUND_REQUIRED: 'Event cancelled, refund due',
};

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
  if (order.status === 'REFUND_REQUIRED') say(message, 'The event was cancelled; this order will be refunded.', 'info');
  if (order.status === 'CONFIRMED') {
    say(message, 'Payment received. Thank you!', 'ok');
    showTickets();
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
    if (order.status !== 'RESERVED') clearInterval(polling);
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

/** Tickets are issued shortly after payment: poll until every one has its PDF. */
async function showTickets() {
  if (ticketsShown) return;
  ticketsShown = true;
  const section = document.getElementById('tickets-section');
  const ticketsStatus = document.getElementById('tickets-status');
  section.hidden = false;
  ticketsStatus.textContent = 'Issuing your tickets…';
  const deadline = Date.now() + 120000;
  while (Date.now() < deadline) {
    try {
      const tickets = await api(`/api/v1/orders/${orderId}/tickets`);
      if (tickets.length === order.quantity && tickets.every((t) => t.pdfUrl)) {
        document.getElementById('tickets').replaceChildren(...tickets.map((t) => {
          const button = el('button', { type: 'button', class: 'download', 'data-ticket': t.id }, 'Download PDF');
          button.setAttribute('aria-label', `Download ticket ${t.code} as PDF`);
          button.addEventListener('click', () => download(button, message, t.pdfUrl, 'application/pdf',
            `ticket-${t.code}.pdf`));
          return el('li', {}, el('span', {}, el('span', { class: 'code' }, t.code), ' · ',
            t.ticketTypeName ? `${t.ticketTypeName} · ` : '', t.holderName,
            t.status === 'CHECKED_IN' ? ' · checked in' : ''), button);
        }));
        ticketsStatus.textContent = `${tickets.length} ticket${tickets.length === 1 ? '' : 's'} ready.`;
        return;
      }
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
      const event = await api(`/api/v1/events/${order.eventId}`, { auth: false });
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
    status.textContent = '';
    document.getElementById('order').hidden = false;
    render();
  } catch (error) {
    status.textContent = error.status === 404 ? 'This order does not exist.' : describe(error);
  }
}
