-- File claims name the node that holds them (issue 13, item 5). Camel's JDBC repository (V25) let a node that failed
-- to claim a file delete the claim of the node reading it (its read lock removes the key on abort, whoever holds it),
-- so that a third poll took the same file again. Each claim now has an owner, and only its owner removes it or keeps
-- it alive; another node takes it over only once it is older than certhub.intake.file-claim-max-age.
drop table camel_messageprocessed;

create table file_claim (
    claim_key   varchar(1000)            not null primary key,
    owner       varchar(200)             not null,
    claimed_at  timestamp with time zone not null
);
