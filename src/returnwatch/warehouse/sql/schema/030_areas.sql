-- The gazetteer, replaced on every run from the package's data files.
create table if not exists areas (
    area_id     varchar primary key,
    name        varchar not null,
    name_ar     varchar,
    kind        varchar not null,
    parent_id   varchar,
    country     varchar not null,
    pcode       varchar,
    admin_level integer,
    source      varchar
);

create table if not exists household_sizes (
    country         varchar not null,
    year            integer not null,
    household_size  double not null,
    source          varchar not null,
    primary key (country, year)
);
