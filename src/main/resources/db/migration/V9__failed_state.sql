-- Nothing is retried for ever: a version whose sealing or publication keeps failing for a reason that is not passing
-- ends FAILED after a bounded number of attempts, with the stage and the reason, until an operator re-drives it.
alter table licence_version add column attempts integer default 0 not null;
alter table licence_version add column last_error varchar(1000);
alter table licence_version add column failed_stage varchar(16);
alter table licence_version add column failed_at timestamp with time zone;
create index licence_version_failed on licence_version (state, failed_at);

-- The same for a status notice (suspend, revoke ...) that cannot be published.
alter table licence_event add column attempts integer default 0 not null;
alter table licence_event add column last_error varchar(1000);
alter table licence_event add column failed_at timestamp with time zone;
