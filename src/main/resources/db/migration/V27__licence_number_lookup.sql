-- The public query (证书查询) finds a licence by its number alone: the number is unique per type, and the unique
-- index (type_code, number) cannot serve a look-up that does not know the type.
create index licence_by_number on licence (number);
