-- What each hub node runs (issue 13): its route files (by SHA-256) and mappings (by version), with the problem of an
-- edit it refused. Each node replaces its own rows whenever what it runs changes (reload.LiveVersions), so that
-- GET /api/v1/routes on any node shows every node's versions and where they differ.
create table node_live_file (
    node        varchar(255)  not null,
    kind        varchar(16)   not null,
    file        varchar(255)  not null,
    version     varchar(64),
    loaded_at   timestamp with time zone,
    problem     varchar(4000),
    reported_at timestamp with time zone not null,
    primary key (node, kind, file)
);
