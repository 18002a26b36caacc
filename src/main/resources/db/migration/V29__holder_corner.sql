-- The holder's corner (本人查询, the holder package; docs/verification.md, "The holder's corner").

-- A holder's certificates are looked up by the holder's code (the ID number) at each sign-in and on each page, and
-- the expiry reminders look up the certificates whose validity ends in the next days: the library's indexes for them.
create index licence_by_holder on licence (holder_code);
create index licence_version_valid_to on licence_version (valid_to);

-- Where the hub reaches a holder (one-time codes, expiry reminders): a mobile number or an e-mail address, set through
-- PUT /api/v1/holder-contacts. Not licence data: a new phone number is no reason to issue a certificate again.
create table holder_contact (
    holder_code  varchar(64)   not null primary key,
    channel      varchar(8)    not null,
    address      varchar(254)  not null,
    updated_at   timestamp with time zone not null
);

-- A holder's sign-in on any node: a one-time code sent and waited for (CODE_SENT, then CODE_USED once confirmed or
-- tried too often), or a signed-in session (SIGNED_IN). The browser's cookie carries a random id; only its SHA-256 is
-- kept, and the code only hashed with that id, so a reader of this table can neither take over a session nor find a
-- code.
create table holder_session (
    id_hash        varchar(64)   not null primary key,
    holder_code    varchar(64)   not null,
    state          varchar(16)   not null,
    code_hash      varchar(64),
    code_attempts  integer       not null default 0,
    created_at     timestamp with time zone not null,
    last_seen_at   timestamp with time zone not null
);
create index holder_session_holder on holder_session (holder_code, created_at);
create index holder_session_seen on holder_session (last_seen_at);

-- Failed sign-ins per ID number and name (the SHA-256 of the two as typed, normalised): too many within the window lock
-- the pair for a while, whether or not such a holder exists.
create table holder_sign_in_failure (
    pair_hash     varchar(64)   not null primary key,
    failures      integer       not null,
    first_at      timestamp with time zone not null,
    locked_until  timestamp with time zone
);

-- Expiry reminders sent: one per certificate (its licence and end of validity: a renewal's new end is reminded
-- again) and threshold (30 and 7 days before, by default). The row is written before the message is sent.
create table holder_reminder (
    licence_id    bigint        not null references licence (id),
    valid_to      date          not null,
    days_before   integer       not null,
    sent_at       timestamp with time zone not null,
    primary key (licence_id, valid_to, days_before)
);
