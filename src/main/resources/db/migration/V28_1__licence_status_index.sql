-- The status list (/.well-known/certhub/status-list) reads the licences that are not valid.
create index licence_status on licence (status);
