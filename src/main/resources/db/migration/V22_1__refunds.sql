-- Issue 21: refunds carried out.
--
-- Orders gain REFUND_PENDING (a full refund is under way) and REFUNDED (the provider confirmed it).
alter table orders drop constraint orders_status_check;
alter table orders add constraint orders_status_check
    check (status in ('RESERVED', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'REFUND_REQUIRED', 'REFUND_PENDING',
                      'REFUNDED'));

-- An event's refund policy: until when its buyers may refund an order themselves (null: never; the
-- organizer still may), and whether a refunded unit goes back on sale.
alter table events add column refundable_until timestamptz;
alter table events add column refund_restock boolean not null default true;

-- One row per refund of a payment (owned by the payments module; no foreign key to orders).
-- PENDING: not yet accepted by the provider; SENT: accepted, waiting for its charge.refunded webhook;
-- SUCCEEDED; FAILED: the last attempt failed (retried while next_attempt_at is set).
-- The worker takes due rows with FOR UPDATE SKIP LOCKED and a lease, and calls the provider outside
-- any transaction; the provider call is idempotent on the refund's id.
create table refunds (
    id              uuid primary key,
    payment_id      uuid        not null references payments (id),
    order_id        uuid        not null,
    amount          bigint      not null check (amount > 0),
    currency        char(3)     not null,
    full_refund     boolean     not null,
    reason          text        not null,
    requested_by    uuid,
    status          text        not null check (status in ('PENDING', 'SENT', 'SUCCEEDED', 'FAILED')),
    provider_ref    text,
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    leased_until    timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    succeeded_at    timestamptz
);
create index refunds_order on refunds (order_id, created_at);
create index refunds_payment on refunds (payment_id);
create unique index refunds_provider_ref on refunds (provider_ref) where provider_ref is not null;
create index refunds_due on refunds (next_attempt_at) where next_attempt_at is not null;
-- at most one full refund of an order at a time (a failed one given up may be followed by another)
create unique index refunds_one_full on refunds (order_id)
    where full_refund and (status <> 'FAILED' or next_attempt_at is not null);
