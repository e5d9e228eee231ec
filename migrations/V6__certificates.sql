-- hocso province database, version 6: certificates belong to the unit (commune/ward), not to one PC.
--
-- - certificate_keys: the unit's secrets. The first one added is the one every data folder of
--   the unit makes new codes with; the others are keys folders used before they first synced,
--   kept so the codes already printed with them stay valid. Only the unit's own role (and the
--   owner) can read them: a reader or another unit never can (no grant, and row security).
-- - certificates: every unit's register of issued certificates, with the exact text each code
--   was computed over, so every PC of the unit gets the others' entries.
-- - hocso_verify_certificate(code): checks a code in the database itself. The secret never
--   leaves the server: a province reader learns whether the code is genuine, never the key.

CREATE TABLE certificate_keys (
    unit_key text NOT NULL REFERENCES units,
    secret   text NOT NULL,                  -- hex
    added    timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (unit_key, secret)
);

CREATE TABLE certificates (
    unit_key   text NOT NULL REFERENCES units,
    code       text NOT NULL,                -- 'K7Q2M-9XMD4'
    payload    text NOT NULL,                -- the JSON the code was computed over, byte for byte
    learner_id text NOT NULL,
    issued     text NOT NULL,                -- YYYY-MM-DD
    added      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_key, code)
);
CREATE INDEX certificates_code ON certificates (code);

-- Row security: no UPDATE or DELETE policy or grant. A unit adds keys and entries, never
-- changes or removes one (paper already handed out must stay verifiable).
ALTER TABLE certificate_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY hocso_read ON certificate_keys FOR SELECT USING (unit_key = (SELECT hocso_my_unit()));
CREATE POLICY hocso_insert ON certificate_keys FOR INSERT
    WITH CHECK (unit_key = (SELECT hocso_my_unit()));
ALTER TABLE certificates ENABLE ROW LEVEL SECURITY;
CREATE POLICY hocso_read ON certificates FOR SELECT
    USING (unit_key = (SELECT hocso_my_unit()) OR (SELECT hocso_is_reader()));
CREATE POLICY hocso_insert ON certificates FOR INSERT
    WITH CHECK (unit_key = (SELECT hocso_my_unit()));

-- HMAC-SHA256 (RFC 2104) with the built-in sha256() (PostgreSQL 11+): no extension needed.
CREATE FUNCTION hocso_hmac_sha256(k bytea, m bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path FROM CURRENT AS $$
DECLARE
    kb bytea := CASE WHEN length(k) > 64 THEN sha256(k) ELSE k END;
    ipad bytea;
    opad bytea;
BEGIN
    kb := kb || decode(repeat('00', 64 - length(kb)), 'hex');
    ipad := kb;
    opad := kb;
    FOR i IN 0..63 LOOP
        ipad := set_byte(ipad, i, get_byte(kb, i) # 54);
        opad := set_byte(opad, i, get_byte(kb, i) # 92);
    END LOOP;
    RETURN sha256(opad || sha256(ipad || m));
END $$;

-- The code of a payload under a key, as hocso computes it (src/trainer/certificate/code.rs):
-- the first 50 bits of the HMAC in Crockford's base 32, as XXXXX-XXXXX.
CREATE FUNCTION hocso_certificate_code(k bytea, payload text) RETURNS text LANGUAGE plpgsql
IMMUTABLE STRICT SET search_path FROM CURRENT AS $$
DECLARE
    d bytea := hocso_hmac_sha256(k, convert_to(payload, 'UTF8'));
    b bigint := ('x' || encode(substring(d FROM 1 FOR 8), 'hex'))::bit(64)::bigint;
    alphabet text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    res text := '';
BEGIN
    FOR i IN 0..9 LOOP
        res := res || substr(alphabet, ((b >> (59 - 5 * i)) & 31)::int + 1, 1);
    END LOOP;
    RETURN substr(res, 1, 5) || '-' || substr(res, 6, 5);
END $$;

-- The register entries with this code that the connected login role may see (its own unit's; a
-- reader or the owner: every unit's), each with whether the code matches its entry under one
-- of the unit's keys. Runs with the owner's rights to read the keys, so it decides who may
-- see what from session_user (the login role), not from row security.
CREATE FUNCTION hocso_verify_certificate(p_code text)
RETURNS TABLE (o_unit text, o_province text, o_commune text, o_payload text, o_genuine boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    SELECT c.unit_key, u.province, u.commune, c.payload,
        EXISTS (SELECT 1 FROM certificate_keys k WHERE k.unit_key = c.unit_key
                AND hocso_certificate_code(decode(k.secret, 'hex'), c.payload) = c.code)
    FROM certificates c JOIN units u ON u.unit_key = c.unit_key
    WHERE c.code = p_code
      AND (pg_has_role(session_user,
                       (SELECT relowner FROM pg_class WHERE oid = 'certificates'::regclass), 'USAGE')
           OR EXISTS (SELECT 1 FROM hocso_roles r WHERE r.role_name = session_user
                      AND (r.kind = 'reader' OR r.unit_key = c.unit_key)))
    ORDER BY c.unit_key
$$;
REVOKE EXECUTE ON FUNCTION hocso_verify_certificate(text) FROM PUBLIC;

-- Version 4's grants, and those of the new tables and function.
CREATE OR REPLACE FUNCTION hocso_setup_roles() RETURNS void LANGUAGE plpgsql
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
    -- Version 6: a unit adds its keys and register entries; a reader reads registers, never keys.
    EXECUTE format('GRANT SELECT, INSERT ON certificate_keys, certificates TO %I', u);
    EXECUTE format('GRANT SELECT ON certificates TO %I', r);
    EXECUTE format('GRANT EXECUTE ON FUNCTION hocso_verify_certificate(text) TO %I, %I', u, r);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), u, r);
    BEGIN
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
        EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'hocso: could not revoke PUBLIC rights (not the database owner)';
    END;
END $$;
REVOKE EXECUTE ON FUNCTION hocso_setup_roles() FROM PUBLIC;

DO $$
BEGIN
    PERFORM hocso_setup_roles();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'hocso: run `hocso province init` with a role that may create roles';
END $$;
