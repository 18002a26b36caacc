-- A version being sealed is claimed (issue 13): lease_owner names the node and batch that holds it, until
-- lease_until; another node takes it only after that, and the stalled-work sweeper re-enqueues it only then.
alter table licence_version add column lease_owner varchar(255);
alter table licence_version add column lease_until timestamp with time zone;
create index licence_version_lease on licence_version (state, lease_until);
