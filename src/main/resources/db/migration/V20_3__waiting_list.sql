-- Issue 20: the waiting list of a sold-out ticket type. Units that come back (an expired hold, a
-- cancellation) are offered to the first entries in order, each offer an order on hold for the
-- entry's account (RESERVED, its own expiry), made in the transaction that frees the units: they
-- never reach public sale meanwhile. An offer that runs out frees its units again, and they go
-- to the next entries.
create sequence waiting_list_seq;
create table waiting_list_entries (
    id             uuid        primary key,
    event_id       uuid        not null references events (id),
    ticket_type_id uuid        not null references ticket_types (id),
    user_id        uuid        not null references users (id),
    -- units wanted, and units offered so far (one offer or several, as units come back)
    quantity       int         not null check (quantity >= 1),
    offered        int         not null default 0 check (offered >= 0 and offered <= quantity),
    -- WAITING until every unit wanted was offered (OFFERED), the buyer left (LEFT), or no
    -- more can be offered: the buyer's per-user limit is used up (LIMIT_REACHED)
    status         text        not null check (status in ('WAITING', 'OFFERED', 'LEFT', 'LIMIT_REACHED')),
    -- the place: lower goes first; joining again after leaving draws a new one
    seq            bigint      not null default nextval('waiting_list_seq'),
    joined_at      timestamptz not null,
    updated_at     timestamptz not null,
    unique (ticket_type_id, user_id)
);
create index waiting_list_entries_waiting on waiting_list_entries (ticket_type_id, seq) where status = 'WAITING';
create index waiting_list_entries_user on waiting_list_entries (user_id);

alter table orders add column waiting_list_entry_id uuid references waiting_list_entries (id);
create index orders_waiting_list_entry on orders (waiting_list_entry_id) where waiting_list_entry_id is not null;

-- A return of freed units may hand some of them straight to waiting buyers' offers: those
-- units move from the freeing holder's count to the offer holder's in the gate, and never
-- reach its stock. "userId:units,userId:units"; empty when every unit goes back to sale.
alter table gate_returns add column takes text not null default '';
