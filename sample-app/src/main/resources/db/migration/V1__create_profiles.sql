create table profiles (
	id bigserial primary key,
	version bigint not null,
	email varchar(320) not null unique,
	display_name varchar(200) not null,
	bio varchar(2000),
	updated_at timestamptz
);
