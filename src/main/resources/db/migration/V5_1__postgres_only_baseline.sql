-- A stock counter on the ticket type row, used ONLY by the benchmark baseline strategy
-- (orders.strategy=postgres-only): the original Go service's hot-row design, kept so the
-- benchmark can measure what the Redis gate and unit rows buy us. Null means "capacity".
alter table ticket_types add column baseline_available int;
