-- Seal registry: seals defined through the API, and every key a seal has had (from config/seals.yaml or the API).
create table seal (
    id              varchar(64)   not null primary key,
    name            varchar(200)  not null,
    authority_code  varchar(32),
    image           varchar(1000),
    created_at      timestamp with time zone not null
);

-- One row per key version of a seal; the active one has no retired_at. key_reference is the key's settings as JSON
-- (file, alias, library, token and key labels, and the NAMES of the environment variables that hold secrets; never
-- a secret itself).
create table seal_key (
    seal_id         varchar(64)   not null,
    version         integer       not null,
    origin          varchar(8)    not null,
    key_reference   varchar(4000) not null,
    subject         varchar(1000) not null,
    serial          varchar(128)  not null,
    not_after       timestamp with time zone not null,
    activated_at    timestamp with time zone not null,
    retired_at      timestamp with time zone,
    primary key (seal_id, version)
);

-- Which seal and key version sealed a licence version.
alter table licence_version add column seal_id varchar(64);
alter table licence_version add column seal_key_version integer;
