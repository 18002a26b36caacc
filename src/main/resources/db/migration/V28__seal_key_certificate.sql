-- Each seal key's certificate (DER, Base64): the trust list for offline verification names every key that has
-- signed QR payloads, retired ones too. Keys activated before this column existed get theirs at the next start while
-- they are active; a key already retired by then has none and is left out of the trust list.
alter table seal_key add column certificate text;
