-- Run once by the postgres image (as its superuser, through psql) when its data volume is new: one
-- database and one login role per server, as each server owns its data (docs/ARCHITECTURE.md). A
-- role owns its own database and can connect to no other. The passwords come from the container's
-- environment (compose passes them from deploy/.env), never from this file; psql stops at the
-- first error, so a password that is missing fails the start instead of making a role without one.
\set ON_ERROR_STOP on

\getenv auth_password AUTH_DB_PASSWORD
\getenv bureau_password BUREAU_DB_PASSWORD
\getenv shop_password SHOP_DB_PASSWORD
\getenv settlement_password SETTLEMENT_DB_PASSWORD

CREATE ROLE auth LOGIN PASSWORD :'auth_password';
CREATE ROLE bureau LOGIN PASSWORD :'bureau_password';
CREATE ROLE shop LOGIN PASSWORD :'shop_password';
CREATE ROLE settlement LOGIN PASSWORD :'settlement_password';

CREATE DATABASE auth OWNER auth;
CREATE DATABASE bureau OWNER bureau;
CREATE DATABASE shop OWNER shop;
CREATE DATABASE settlement OWNER settlement;

REVOKE ALL ON DATABASE auth, bureau, shop, settlement FROM PUBLIC;
