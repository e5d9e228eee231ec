-- hocso province database, version 4: a commune's credentials reach only that commune.
--
-- Roles by function (see README, "Đồng bộ lên tỉnh"):
-- - the owner (the role that owns these tables; used only by `hocso province …`) bypasses row
--   security, so a database whose classes all still use it keeps working after this upgrade;
-- - one login role per unit, member of the unit group, listed in hocso_roles with its unit;
-- - report roles (`hocso province add-reader`), members of the reader group: read only.
-- The policies are keyed on hocso_roles (the unit the connected role belongs to), so PostgreSQL
-- itself refuses another unit's rows, whatever the client sends.
--
-- Creating the two group roles needs CREATEROLE, which the owner of an existing database may
-- not have: this migration tries, and `hocso province init` does it again (and says why when
-- it cannot). Tables, functions and policies only need ownership of the tables.

CREATE TABLE hocso_roles (
    role_name  text PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('unit', 'reader')),
    unit_key   text REFERENCES units,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'unit') = (unit_key IS NOT NULL))
);

-- The unit of the connected role (NULL for the owner, a reader or anyone else). Invoker rights:
-- it reads hocso_roles through that table's own policy (a role sees only its own row).
CREATE FUNCTION hocso_my_unit() RETURNS text LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
    SELECT unit_key FROM hocso_roles WHERE role_name = current_user AND kind = 'unit'
$$;

CREATE FUNCTION hocso_is_reader() RETURNS boolean LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
    SELECT EXISTS (SELECT 1 FROM hocso_roles WHERE role_name = current_user AND kind = 'reader')
$$;

-- The learner is one of the connected unit's (through learners' own policy).
CREATE FUNCTION hocso_owns(id text) RETURNS boolean LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
    SELECT EXISTS (SELECT 1 FROM learners WHERE learner_id = id AND unit_key = hocso_my_unit())
$$;

-- Group role names are per database (roles are shared by every database of a server).
CREATE FUNCTION hocso_group(kind text) RETURNS text LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
    SELECT 'hocso_' || kind || 's_' || left(value, 8) FROM hocso_meta WHERE key = 'instance'
$$;

-- Creates the group roles (if missing) and grants them what their function needs. Safe to run
-- again. Needs CREATEROLE (or superuser) and ownership of the tables.
CREATE FUNCTION hocso_setup_roles() RETURNS void LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    u text := hocso_group('unit');
    r text := hocso_group('reader');
    g text;
BEGIN
    FOREACH g IN ARRAY ARRAY[u, r] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', g);
        END IF;
    END LOOP;
    EXECUTE format('GRANT SELECT ON hocso_meta, refinery_schema_history, hocso_roles, '
        'lesson_numbers TO %I, %I', u, r);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON units, classes, learners, learner_courses, '
        'lesson_progress, attempts, answers, question_stats, learner_summary TO %I', u);
    EXECUTE format('GRANT INSERT ON lesson_numbers TO %I', u);
    EXECUTE format('GRANT SELECT ON units, classes, learners, learner_courses, lesson_progress, '
        'attempts, answers, question_stats, learner_summary TO %I', r);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), u, r);
    -- Only hocso's roles connect; nobody but the owner creates objects. Both need the database
    -- (or schema) owner: skipped, not failed, when the tables' owner is not it.
    BEGIN
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
        EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'hocso: could not revoke PUBLIC rights (not the database owner)';
    END;
END $$;

-- Creates (or gives a new password to) a unit's or a reader's login role.
CREATE FUNCTION hocso_add_role(p_role text, p_kind text, p_unit text, p_password text)
RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
        IF NOT EXISTS (SELECT 1 FROM hocso_roles WHERE role_name = p_role) THEN
            RAISE EXCEPTION 'role % exists and is not one of this database''s hocso roles', p_role;
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', p_role, p_password);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_role, p_password);
    END IF;
    EXECUTE format('GRANT %I TO %I', hocso_group(p_kind), p_role);
    INSERT INTO hocso_roles (role_name, kind, unit_key) VALUES (p_role, p_kind, p_unit)
    ON CONFLICT (role_name) DO UPDATE SET kind = excluded.kind, unit_key = excluded.unit_key;
END $$;

REVOKE EXECUTE ON FUNCTION hocso_setup_roles(), hocso_add_role(text, text, text, text) FROM PUBLIC;

-- Row security. No DELETE policy and no DELETE grant anywhere: a unit's role deletes nothing.
ALTER TABLE hocso_roles ENABLE ROW LEVEL SECURITY;
CREATE POLICY hocso_self ON hocso_roles FOR SELECT USING (role_name = current_user);

DO $$
DECLARE t text;
BEGIN
    -- Tables with a unit_key: the unit's own rows.
    FOREACH t IN ARRAY ARRAY['units', 'classes', 'learners', 'question_stats'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY hocso_read ON %I FOR SELECT USING '
            '(unit_key = (SELECT hocso_my_unit()) OR (SELECT hocso_is_reader()))', t);
        EXECUTE format('CREATE POLICY hocso_insert ON %I FOR INSERT WITH CHECK '
            '(unit_key = (SELECT hocso_my_unit()))', t);
        EXECUTE format('CREATE POLICY hocso_update ON %I FOR UPDATE USING '
            '(unit_key = (SELECT hocso_my_unit())) WITH CHECK (unit_key = (SELECT hocso_my_unit()))', t);
    END LOOP;
    -- Tables of a learner: rows of the unit's own learners.
    FOREACH t IN ARRAY ARRAY['learner_courses', 'lesson_progress', 'attempts', 'answers',
                             'learner_summary'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY hocso_read ON %I FOR SELECT USING '
            '((SELECT hocso_is_reader()) OR hocso_owns(learner_id))', t);
        EXECUTE format('CREATE POLICY hocso_insert ON %I FOR INSERT WITH CHECK '
            '(hocso_owns(learner_id))', t);
        EXECUTE format('CREATE POLICY hocso_update ON %I FOR UPDATE USING '
            '(hocso_owns(learner_id)) WITH CHECK (hocso_owns(learner_id))', t);
    END LOOP;
    -- The group roles, when this role may create them (else `hocso province init` will).
    BEGIN
        PERFORM hocso_setup_roles();
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'hocso: run `hocso province init` with a role that may create roles';
    END;
END $$;
