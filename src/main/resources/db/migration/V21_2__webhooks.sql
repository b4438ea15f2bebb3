-- Issue 21: outgoing webhooks. An organizer's endpoints (URL, the event types it wants, the
-- secret its deliveries are signed with); one delivery per endpoint and event, unique on
-- (endpoint_id, event_key) so a redelivered domain event records nothing new; one attempt row
-- per try, the delivery log.
create table webhook_endpoints (
    id           uuid primary key,
    organizer_id uuid        not null references users (id),
    url          text        not null,
    event_types  text[]      not null,
    secret       text        not null,
    created_at   timestamptz not null default now()
);
create index webhook_endpoints_organizer on webhook_endpoints (organizer_id, created_at);

create table webhook_deliveries (
    id              uuid primary key,
    endpoint_id     uuid        not null references webhook_endpoints (id) on delete cascade,
    event_key       text        not null,
    event_type      text        not null,
    payload         text        not null,
    status          text        not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz,
    unique (endpoint_id, event_key)
);
-- the dispatcher's query: due deliveries in order
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc);

create table webhook_attempts (
    delivery_id  uuid        not null references webhook_deliveries (id) on delete cascade,
    attempt      int         not null,
    attempted_at timestamptz not null,
    status_code  int,
    error        text,
    duration_ms  int         not null,
    primary key (delivery_id, attempt)
);
