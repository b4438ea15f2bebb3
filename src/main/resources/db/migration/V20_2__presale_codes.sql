-- Issue 20: presale access codes. The events module keeps the codes (each stored by its hash;
-- a code the service drew, unguessable, also in plain text for the organizer's export); the
-- inventory keeps the use slots of the codes limited in uses (the structural guard of their
-- uses, as inventory_units is of stock).
create table presale_codes (
    id                  uuid        primary key,
    event_id            uuid        not null references events (id),
    batch_id            uuid        not null,
    label               text        not null default '',
    kind                text        not null check (kind in ('SHARED', 'SINGLE_USE')),
    code_hash           text        not null,
    code                text,
    ticket_type_ids     uuid[]      not null,
    starts_at           timestamptz not null,
    ends_at             timestamptz not null,
    max_uses            int         check (max_uses >= 1),
    max_tickets_per_use int         check (max_tickets_per_use >= 1),
    created_at          timestamptz not null default now(),
    unique (event_id, code_hash)
);
create index presale_codes_batch on presale_codes (batch_id);

-- One row per use a limited code allows (max_uses rows), claimed by the order reserved with the
-- code in the transaction that claims its units (FOR UPDATE SKIP LOCKED, as inventory_units), and
-- freed with them: however Redis counts, a code is never used more often than it allows.
create table presale_code_slots (
    event_id  uuid not null,
    code_hash text not null,
    slot_no   int  not null,
    order_id  uuid,
    primary key (event_id, code_hash, slot_no)
);
create index presale_code_slots_free on presale_code_slots (event_id, code_hash, slot_no) where order_id is null;
create index presale_code_slots_order on presale_code_slots (order_id) where order_id is not null;
