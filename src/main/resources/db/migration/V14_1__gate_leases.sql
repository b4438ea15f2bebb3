-- Issue 14: every unit the Redis gate admits is, within a bound, either held by a committed
-- order or back in the gate, and rebuilds of the gate are exact.

-- One row per ticket type: the gate's epoch. A rebuild takes the ticket type's advisory lock
-- exclusively, bumps the epoch and reads the free units; a claim or a release takes the same
-- lock shared and checks (claim) or records (release) the epoch it ran under. So after a
-- rebuild no admission of an older gate can still commit, and no release of one is applied twice.
create table inventory_gates (
    ticket_type_id uuid        primary key references ticket_types (id),
    epoch          bigint      not null default 0,
    -- until when admissions may exist (the sale's end); the lease reaper looks at these types
    active_until   timestamptz not null
);
insert into inventory_gates (ticket_type_id, active_until)
select tt.id, e.sales_end_at from ticket_types tt join events e on e.id = tt.event_id;

-- The arbiter between a claim and the lease reaper: the claim transaction inserts its admission
-- id (reaped = false); a reaper that finds the lease past its deadline inserts it with
-- reaped = true. The primary key lets exactly one of them exist, so an admission the reaper gave
-- back can never commit afterwards, and one that committed is never given back.
create table gate_admissions (
    admission_id   uuid        primary key,
    ticket_type_id uuid        not null,
    reaped         boolean     not null default false,
    created_at     timestamptz not null default now()
);
create index gate_admissions_created on gate_admissions (created_at);

-- Units freed in Postgres whose return to the Redis gate is still to be applied (a transactional
-- outbox): written in the transaction that frees them, applied once after commit (a marker key
-- in Redis makes a repeat a no-op), deleted afterwards; the reaper applies any left by a crash.
create table gate_returns (
    id             uuid        primary key,
    ticket_type_id uuid        not null,
    user_id        uuid        not null,
    quantity       int         not null check (quantity > 0),
    epoch          bigint      not null,
    created_at     timestamptz not null default now()
);
create index gate_returns_created on gate_returns (created_at);

-- Who holds each unit, so the gate's per-user counts are rebuilt from the inventory's own rows.
alter table inventory_units add column holder_id uuid;
update inventory_units u set holder_id = o.user_id from orders o where u.order_id = o.id;
create index inventory_units_holder on inventory_units (ticket_type_id, holder_id) where order_id is not null;
