-- Issue 21: emails the service must send once (an order's tickets, an event's cancellation to each
-- buyer). A sender claims an email's row for a while (claimed_until), sends with no transaction
-- open, then marks it sent; a failed send lets go of the claim, and a sender that died loses it
-- when it runs out. A redelivered message finds the email sent, or claimed and retries later.
create table mail_sent (
    kind          text        not null,
    key           text        not null,
    recipient     text        not null,
    claimed_until timestamptz,
    sent_at       timestamptz,
    primary key (kind, key)
);
