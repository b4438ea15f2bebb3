-- Payments: one row per payment attempt (a retry after a failure is a new attempt), and the ids
-- of processed webhook events. An event id is inserted in the same transaction as its effect,
-- so a redelivered event finds its id taken and changes nothing.
-- No foreign key to orders: the payments module knows nothing of orders (the id is an opaque
-- reference it hands back in its events).

create table payments (
    id           uuid primary key,
    order_id     uuid        not null,
    provider     text        not null,
    provider_ref text        not null,
    amount       bigint      not null check (amount >= 0),
    currency     char(3)     not null,
    status       text        not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    checkout_url text        not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    unique (provider, provider_ref)
);
create index payments_order on payments (order_id);

create table payment_webhook_events (
    event_id    text primary key,
    type        text        not null,
    received_at timestamptz not null default now()
);
