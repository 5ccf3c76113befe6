-- Run once by the postgres image when its data volume is new: one database per server, as each
-- server owns its data (docs/ARCHITECTURE.md). They share the one role compose creates.
CREATE DATABASE auth;
CREATE DATABASE bureau;
CREATE DATABASE shop;
CREATE DATABASE settlement;
