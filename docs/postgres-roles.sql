-- Roles of a shared PostgreSQL server for 민원창구 (issue 12: least privilege).
--
-- Run once per server and database as a superuser, e.g.
--   psql -U postgres -d minwon -f docs/postgres-roles.sql
-- after `CREATE DATABASE minwon;`. The tests run this file with the role names replaced.
--
--   minwon_owner    owns the schema: runs `python main.py --migrate --db postgresql://minwon_owner@host/minwon`
--                   (migrations, triggers and the counters' grants); used by the administrator only.
--   minwon_counter  what every counter PC connects as: reads and writes the business tables, may only
--                   INSERT into and SELECT from the access log (no UPDATE, DELETE, TRUNCATE, no ALTER,
--                   no trigger changes: it owns nothing), and cannot create tables.
--
-- Set passwords (and pg_hba.conf scram-sha-256 lines) for both before the server is reachable:
--   ALTER ROLE minwon_owner PASSWORD '...';  ALTER ROLE minwon_counter PASSWORD '...';

CREATE ROLE minwon_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
CREATE ROLE minwon_counter LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;

-- The schema belongs to the owner; nobody else may create objects in it.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO minwon_owner;
GRANT USAGE ON SCHEMA public TO minwon_counter;

-- Trigram indexes for the F7 search by part of a name (migration 0017): the owner role may not create extensions.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The table privileges are applied by `main.py --migrate` after every upgrade (db.engine.grant_counter_role):
-- SELECT, INSERT, UPDATE, DELETE on business tables; SELECT, INSERT on audit_log; SELECT, INSERT, UPDATE
-- on audit_chain, pii_keys and pii_key_rotations; SELECT on alembic_version; sequences USAGE, SELECT.
