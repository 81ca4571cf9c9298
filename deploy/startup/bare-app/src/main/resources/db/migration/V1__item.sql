create sequence if not exists item_seq start with 1 increment by 50;
create table if not exists item (id bigint primary key, name varchar(255));
