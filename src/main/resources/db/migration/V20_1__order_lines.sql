-- Issue 20: an order holds one or more lines (ticket types of one event, each once), reserved
-- all or nothing. orders.ticket_type_id stays the first line's type and orders.quantity the
-- units over all lines, so clients of the single-type contract read an order as before.
create table order_lines (
    order_id       uuid   not null references orders (id),
    line_no        int    not null check (line_no >= 1),
    ticket_type_id uuid   not null references ticket_types (id),
    quantity       int    not null check (quantity >= 1),
    unit_price     bigint not null check (unit_price >= 0),
    primary key (order_id, line_no),
    unique (order_id, ticket_type_id)
);
insert into order_lines (order_id, line_no, ticket_type_id, quantity, unit_price)
select id, 1, ticket_type_id, quantity, total / quantity from orders;
-- sales per ticket type are summed from the lines
create index order_lines_ticket_type on order_lines (ticket_type_id);

-- An event's limit of units per order over all its ticket types (null: none).
alter table events add column max_tickets_per_order int check (max_tickets_per_order >= 1);
