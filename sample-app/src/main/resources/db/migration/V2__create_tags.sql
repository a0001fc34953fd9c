create table tags (
	id bigserial primary key,
	name varchar(50) not null unique
);

create table profile_tags (
	profile_id bigint not null references profiles on delete cascade,
	tag_id bigint not null references tags,
	primary key (profile_id, tag_id)
);
