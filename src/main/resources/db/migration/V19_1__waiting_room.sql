-- The waiting room (docs/waiting-room.md). An event's queue settings belong to the events
-- module: an organizer opts an event in; the gate and the queue read them.
create table event_queues (
    event_id                 uuid primary key references events (id) on delete cascade,
    pre_queue_opens_at       timestamptz not null,
    -- null: automatic (the event's capacity admitted over one hold time)
    rate_per_minute          integer check (rate_per_minute between 1 and 1000000),
    admission_window_seconds integer     not null check (admission_window_seconds between 30 and 86400),
    refuse_new_accounts      boolean     not null default false,
    updated_at               timestamptz not null default now()
);

-- Each lottery of a pre-queue, for audit: anyone can recompute the order from the seed
-- and the entrants (the queue module owns it).
create table queue_draws (
    event_id  uuid        not null references events (id) on delete cascade,
    drawn_at  timestamptz not null,
    seed      text        not null,
    entrants  integer     not null,
    rule      text        not null,
    primary key (event_id, drawn_at)
);
