-- Refresh tokens: stored as SHA-256 hashes, one row per issued token. A token is used once
-- (rotation); presenting a used or revoked token revokes its whole family (theft detection).
create table refresh_tokens (
    id          uuid primary key,
    family_id   uuid        not null,
    user_id     uuid        not null references users (id),
    token_hash  text        not null unique,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz,
    revoked_at  timestamptz
);
create index refresh_tokens_family on refresh_tokens (family_id);
