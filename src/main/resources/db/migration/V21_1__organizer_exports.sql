-- Issue 21: organizer exports page through an event's tickets and orders by id (keyset
-- paging: each page a short index range scan, whatever the export's size).
create index tickets_event_id on tickets (event_id, id);
create index orders_event_id on orders (event_id, id);
