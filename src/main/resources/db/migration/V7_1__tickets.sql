-- One ticket per unit of a confirmed order. unique (order_id, unit_index) makes issuance
-- idempotent: a redelivered message inserts nothing new.
create table tickets (
    id             uuid primary key,
    order_id       uuid        not null references orders (id),
    event_id       uuid        not null references events (id),
    ticket_type_id uuid        not null references ticket_types (id),
    user_id        uuid        not null references users (id),
    unit_index     int         not null,
    code           text        not null unique,
    holder_name    text        not null,
    qr_payload     text        not null,
    pdf_key        text,
    status         text        not null default 'ISSUED' check (status in ('ISSUED', 'CHECKED_IN', 'VOID')),
    checked_in_at  timestamptz,
    checked_in_by  uuid,
    created_at     timestamptz not null default now(),
    unique (order_id, unit_index)
);
create index tickets_order on tickets (order_id);
