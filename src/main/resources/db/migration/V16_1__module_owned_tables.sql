-- Organizers' sales figures are summed from the orders module's own rows (they used to be
-- counted by joining other modules' tables); this index serves that sum and the release of
-- an event's orders when it is cancelled.
create index orders_event_status on orders (event_id, status);

-- The benchmark's Postgres-only baseline keeps its counter in a table of its own now
-- (benchmark/baseline); the product's ticket types no longer carry it.
alter table ticket_types drop column if exists baseline_available;
