-- hocso province database, version 7: the integrity of the big child tables checked once per
-- statement instead of once per row.
--
-- Why. `answers` → `attempts` → `lesson_progress` → `learners` were foreign keys: PostgreSQL
-- checks each new child row with a query of its own and a FOR KEY SHARE lock on its parent.
-- A commune's first sync writes about 100,000 rows; those per-row checks alone cost 2.5× what
-- PostgreSQL's bare `COPY` of the same rows costs (measured: `COPY` into copies of the tables
-- 0.93 s, the same with the foreign keys 3.23 s). Here the same rule — no answer without its
-- attempt, no attempt without its lesson row, no lesson row without its learner; deleting a
-- parent deletes its children — is kept by statement triggers with transition tables: one
-- anti-join per statement over the rows it wrote (an index probe per row, no lock per row, no
-- queued trigger event per row), and one set-based delete of the children per deleting
-- statement. `learner_courses` and `learner_summary` (one row per learner and course) keep
-- their foreign keys.
--
-- The race a foreign key's row lock covered (a parent deleted by one transaction while another
-- adds a child to it, both committing) is covered by the learner's transaction lock, the one
-- `hocso sync` takes for every learner it writes (`pg_advisory_xact_lock(1751,
-- hashtext(learner_id))`, src/sync/db.rs): every statement that writes a child row, deletes a
-- parent or changes a parent's key takes that lock for each of its learners (again, at no cost,
-- for a sync that holds it), so the two take turns and the second sees what the first
-- committed. Nothing in hocso deletes learners (a commune's role may not delete at all; only
-- the tables' owner, by hand).
--
-- The functions run with the owner's rights (like a foreign key's checks): a commune's role
-- cannot see other communes' rows, but a row's parent must be looked up in all of them.

-- Refuses the statement when one of its new rows (transition table `hocso_new`) has no row in
-- the parent table TG_ARGV[0] with the same key columns TG_ARGV[1..] (the first: learner_id).
--
-- The parent's rows are read for the statement's learners only (the key's first column starts
-- every primary key here) and hashed; the new rows are checked against that hash. Neither a
-- probe per new row (slow: an index descent each) nor a join over the whole parent table (it
-- grows with every commune synced) — whence the planner settings.
CREATE FUNCTION hocso_check_parent() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT
SET enable_nestloop = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
DECLARE
    cols text[] := TG_ARGV[1:];
    ids text[];
    missing text;
BEGIN
    SELECT array_agg(l ORDER BY l COLLATE "C") INTO ids
    FROM (SELECT DISTINCT learner_id AS l FROM hocso_new) s;
    PERFORM pg_advisory_xact_lock(1751, hashtext(l)) FROM unnest(ids) l;
    EXECUTE format(
        'SELECT row(%s)::text FROM hocso_new n WHERE NOT EXISTS '
        '(SELECT 1 FROM %s p WHERE p.learner_id = ANY ($1) AND %s) LIMIT 1',
        (SELECT string_agg(format('n.%I', c), ', ') FROM unnest(cols) c),
        TG_ARGV[0],
        (SELECT string_agg(format('p.%1$I = n.%1$I', c), ' AND ') FROM unnest(cols) c))
    INTO missing USING ids;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('%s %s has no row in %s', TG_TABLE_NAME, missing, TG_ARGV[0]),
            DETAIL = format('Key (%s) is not present in table %s.',
                            array_to_string(cols, ', '), TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;

-- After a parent's rows were deleted (transition table `hocso_old`): deletes their rows in the
-- child table TG_ARGV[0] (same key columns TG_ARGV[1..]), whose own trigger goes on down.
CREATE FUNCTION hocso_delete_children() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
    cols text[] := TG_ARGV[1:];
BEGIN
    PERFORM pg_advisory_xact_lock(1751, hashtext(l))
    FROM (SELECT DISTINCT learner_id COLLATE "C" AS l FROM hocso_old ORDER BY 1) s;
    EXECUTE format('DELETE FROM %s c USING (SELECT DISTINCT %s FROM hocso_old) o WHERE %s',
        TG_ARGV[0],
        (SELECT string_agg(format('%I', c), ', ') FROM unnest(cols) c),
        (SELECT string_agg(format('c.%1$I = o.%1$I', c), ' AND ') FROM unnest(cols) c));
    RETURN NULL;
END $$;

-- After a parent's rows were updated (`hocso_old`, `hocso_new`: the rows before and after):
-- refuses the statement when a key that is gone (in the rows before, not after) still has rows
-- in the child table TG_ARGV[0] (a foreign key's NO ACTION). hocso's upserts never change a
-- key, so this is a set difference of the statement's rows and nothing more.
CREATE FUNCTION hocso_keep_children() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
DECLARE
    cols text := (SELECT string_agg(format('%I', c), ', ') FROM unnest(TG_ARGV[1:]) c);
    orphaned text;
BEGIN
    EXECUTE format(
        'SELECT row(%1$s)::text FROM (SELECT %1$s FROM hocso_old EXCEPT SELECT %1$s '
        'FROM hocso_new) o WHERE EXISTS (SELECT 1 FROM %2$s c WHERE (%3$s) = (%1$s)) LIMIT 1',
        cols, TG_ARGV[0],
        (SELECT string_agg(format('c.%I', c), ', ') FROM unnest(TG_ARGV[1:]) c))
    INTO orphaned;
    IF orphaned IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = format('%s %s changed its key and still has rows in %s', TG_TABLE_NAME,
                             orphaned, TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;

-- Emptying a parent empties its children (TRUNCATE has no transition table). A child named in
-- the same TRUNCATE is still "in use" by it (and already empty): it is emptied row by row
-- instead, which then costs nothing.
CREATE FUNCTION hocso_truncate_children() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
    BEGIN
        EXECUTE format('TRUNCATE %s', TG_ARGV[0]);
    EXCEPTION WHEN object_in_use THEN
        EXECUTE format('DELETE FROM %s', TG_ARGV[0]);
    END;
    RETURN NULL;
END $$;

-- Sets the triggers of one parent → child link (the child's key columns name the parent's).
CREATE FUNCTION hocso_link(parent regclass, child regclass, cols text[]) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    p text := parent::text;
    c text := child::text;
    args text := (SELECT string_agg(quote_literal(x), ', ') FROM unnest(cols) x);
    name text := 'hocso_' || replace(c, '.', '_');
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS hocso_new '
        'FOR EACH STATEMENT EXECUTE FUNCTION hocso_check_parent(%L, %s)',
        name || '_ins', c, p, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING NEW TABLE AS hocso_new '
        'FOR EACH STATEMENT EXECUTE FUNCTION hocso_check_parent(%L, %s)',
        name || '_upd', c, p, args);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS hocso_old '
        'FOR EACH STATEMENT EXECUTE FUNCTION hocso_delete_children(%L, %s)',
        name || '_del', p, c, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s '
        'REFERENCING OLD TABLE AS hocso_old NEW TABLE AS hocso_new '
        'FOR EACH STATEMENT EXECUTE FUNCTION hocso_keep_children(%L, %s)',
        name || '_key', p, c, args);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s '
        'FOR EACH STATEMENT EXECUTE FUNCTION hocso_truncate_children(%L)',
        name || '_trunc', p, c);
END $$;
REVOKE EXECUTE ON FUNCTION hocso_link(regclass, regclass, text[]) FROM PUBLIC;

DO $$
DECLARE con record;
BEGIN
    FOR con IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
               WHERE contype = 'f'
                 AND conrelid IN ('lesson_progress'::regclass, 'attempts'::regclass,
                                  'answers'::regclass) LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', con.t, con.conname);
    END LOOP;
END $$;

DO $$
BEGIN
    PERFORM hocso_link('learners', 'lesson_progress', ARRAY['learner_id']);
    PERFORM hocso_link('lesson_progress', 'attempts',
                       ARRAY['learner_id', 'course_id', 'lesson_id']);
    PERFORM hocso_link('attempts', 'answers',
                       ARRAY['learner_id', 'course_id', 'lesson_id', 'attempt_id']);
END $$;
