-- A version of a type that issues OFD files too (catalogue files: [pdf, ofd]) has a second sealed file: the OFD,
-- sealed in the same step as the PDF by the type's SM2 seal, with the same identifier, number, QR code and status.
alter table licence_version add column ofd_file_path varchar(1000);
alter table licence_version add column ofd_file_sha256 varchar(64);
alter table licence_version add column ofd_seal_id varchar(64);
alter table licence_version add column ofd_seal_key_version integer;
