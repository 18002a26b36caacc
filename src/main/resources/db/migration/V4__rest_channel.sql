-- The REST push channel: nonces of signed requests, and the answers given to requests with an Idempotency-Key.

-- A nonce is remembered until its request's timestamp leaves the accepted window; a request that brings it again
-- is a replay. Shared by every node, kept across restarts; expired rows are deleted by a scheduled clean-up.
create table rest_nonce (
    key_id      varchar(64)  not null,
    nonce       varchar(128) not null,
    expires_at  timestamp with time zone not null,
    constraint rest_nonce_pk primary key (key_id, nonce)
);
create index rest_nonce_expiry on rest_nonce (expires_at);

-- One row per (source, Idempotency-Key): the hash of the first body, and once answered, the answer as it was sent.
create table rest_request (
    source_id        varchar(64)  not null,
    idempotency_key  varchar(200) not null,
    request_sha256   varchar(64)  not null,
    state            varchar(16)  not null,
    response_status  integer,
    response_type    varchar(100),
    response_body    text,
    created_at       timestamp with time zone not null,
    completed_at     timestamp with time zone,
    constraint rest_request_pk primary key (source_id, idempotency_key)
);
create index rest_request_created on rest_request (state, created_at);
