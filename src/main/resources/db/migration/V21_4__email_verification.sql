-- Issue 21: an email address is verified by a link. email_verified_at is set when the link's token
-- comes back for the address the account still has; the tokens are stored hashed (SHA-256), each
-- good until it expires or the address is verified.
alter table users add column email_verified_at timestamptz;

create table email_verifications (
    token_hash text primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    email      text        not null,
    expires_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index email_verifications_user on email_verifications (user_id);
