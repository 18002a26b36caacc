-- Raw payloads are personal data: after certhub.personal-data.raw-retention the purge job replaces the payload of an
-- issued, duplicate or discarded record with '{}' and says when; the row, its provenance and its payload hash stay.
alter table raw_record add column payload_purged_at timestamp with time zone;
