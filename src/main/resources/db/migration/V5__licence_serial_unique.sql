-- GB/T 36904: the identifier's serial is unique per issuer and type. Counters made it so; numbers that another
-- system assigns (a constructor's registration number) are checked before issuing, and this makes it a guarantee.
alter table licence add constraint licence_serial unique (type_code, issuer_code, serial);
