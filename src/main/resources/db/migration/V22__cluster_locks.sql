-- Cluster locks (ShedLock's JDBC provider, platform.ClusterLocks): a scheduled job or a polled source runs on the node
-- that holds its row until lock_until; a node that dies leaves the row to expire, and another node takes it then.
create table shedlock (
    name        varchar(64)  not null primary key,
    lock_until  timestamp    not null,
    locked_at   timestamp    not null,
    locked_by   varchar(255) not null
);
