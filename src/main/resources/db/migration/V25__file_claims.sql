-- Which node reads which dropped file (issue 13): Camel's JDBC idempotent repository, as its queries name it
-- (intake.FileClaims). A node keeps its claims alive while it reads; a claim no longer kept alive (its node died) is
-- taken over by another node after certhub.intake.file-claim-max-age.
create table camel_messageprocessed (
    processorname  varchar(255) not null,
    messageid      varchar(800) not null,
    createdat      timestamp    not null,
    primary key (processorname, messageid)
);
