-- Foundation schema: accounts, events with ticket types, one inventory row per sellable unit,
-- orders, and Spring Modulith's event publication registry (the transactional outbox).
-- Later issues add their own migrations (V3_x auth, V4_x events, V5_x orders, ...).

create table users (
    id            uuid primary key,
    email         text        not null,
    password_hash text        not null,
    full_name     text        not null,
    roles         text[]      not null default '{CUSTOMER}',
    avatar_key    text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
-- emails are stored normalised (trimmed, lower case); the index guards against any slip
create unique index users_email_uq on users (lower(email));

create table events (
    id             uuid primary key,
    organizer_id   uuid        not null references users (id),
    name           text        not null,
    description    text        not null default '',
    venue          text        not null,
    starts_at      timestamptz not null,
    ends_at        timestamptz not null,
    timezone       text        not null,
    sales_start_at timestamptz not null,
    sales_end_at   timestamptz not null,
    status         text        not null default 'PUBLISHED' check (status in ('PUBLISHED', 'CANCELLED')),
    image_key      text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    check (ends_at > starts_at),
    check (sales_end_at > sales_start_at),
    check (sales_end_at <= ends_at)
);
create index events_starts_at on events (starts_at);
create index events_organizer on events (organizer_id);

create table ticket_types (
    id             uuid primary key,
    event_id       uuid        not null references events (id),
    position       int         not null,
    name           text        not null,
    price          bigint      not null check (price >= 0),
    currency       char(3)     not null,
    capacity       int         not null check (capacity between 1 and 1000000),
    per_user_limit int         not null check (per_user_limit >= 1 and per_user_limit <= capacity),
    created_at     timestamptz not null default now(),
    unique (event_id, position)
);

-- The structural guard against oversell: a ticket type has exactly `capacity` rows here, and a
-- unit is sold or held only by setting its order_id. No counter can drift past capacity.
create table inventory_units (
    ticket_type_id uuid not null references ticket_types (id),
    unit_no        int  not null,
    order_id       uuid,
    primary key (ticket_type_id, unit_no)
);
-- free units are claimed with FOR UPDATE SKIP LOCKED; without this partial index the planner
-- scans past every claimed row
create index inventory_units_free on inventory_units (ticket_type_id, unit_no) where order_id is null;
create index inventory_units_order on inventory_units (order_id) where order_id is not null;

create table orders (
    id              uuid primary key,
    user_id         uuid        not null references users (id),
    event_id        uuid        not null references events (id),
    ticket_type_id  uuid        not null references ticket_types (id),
    quantity        int         not null check (quantity >= 1),
    total           bigint      not null check (total >= 0),
    currency        char(3)     not null,
    status          text        not null check (status in ('RESERVED', 'CONFIRMED', 'EXPIRED', 'CANCELLED', 'REFUND_REQUIRED')),
    idempotency_key text,
    expires_at      timestamptz not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index orders_user_created on orders (user_id, created_at desc);
create index orders_reserved_expiry on orders (expires_at) where status = 'RESERVED';
create unique index orders_user_idempotency on orders (user_id, idempotency_key) where idempotency_key is not null;

-- Spring Modulith 2.0 event publication registry (schema-postgresql.sql of spring-modulith-events-jdbc)
create table event_publication (
    id                     uuid        not null primary key,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);

create table event_publication_archive (
    id                     uuid        not null primary key,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamptz
);
create index event_publication_archive_serialized_event_hash_idx on event_publication_archive using hash (serialized_event);
create index event_publication_archive_by_completion_date_idx on event_publication_archive (completion_date);
