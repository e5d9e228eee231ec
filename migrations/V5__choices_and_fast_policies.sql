-- hocso province database, version 5.
--
-- 1. An attempt keeps the order its choices were shown in (the program shuffles the options of
--    "một ý" and "chọn nhiều" questions per attempt and stores that order with the attempt), so
--    a learner's unfinished quiz shows the same order on another PC after a sync. NULL: no
--    question of the attempt had its choices shuffled (older attempts, `shuffle: false`).
ALTER TABLE attempts ADD COLUMN choices jsonb;

-- 2. The policies of the tables of a learner, written so PostgreSQL can plan them as one join
--    instead of calling a function per row. Version 4 checked each row with hocso_owns(), a SQL
--    function with its own search_path, which PostgreSQL never inlines: a unit's first sync
--    spent ten times as long in those checks as in writing the rows (40 s against 3.8 s for
--    100 learners). The rule is unchanged: a unit's role reads and writes the rows of its own
--    unit's learners, a reader reads everything, nobody else anything. The inner SELECT on
--    learners goes through that table's own policy.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['learner_courses', 'lesson_progress', 'attempts', 'answers',
                             'learner_summary'] LOOP
        EXECUTE format('DROP POLICY hocso_read ON %I', t);
        EXECUTE format('DROP POLICY hocso_insert ON %I', t);
        EXECUTE format('DROP POLICY hocso_update ON %I', t);
        EXECUTE format('CREATE POLICY hocso_read ON %1$I FOR SELECT USING '
            '((SELECT hocso_is_reader()) OR EXISTS (SELECT 1 FROM learners l '
            'WHERE l.learner_id = %1$I.learner_id AND l.unit_key = (SELECT hocso_my_unit())))', t);
        EXECUTE format('CREATE POLICY hocso_insert ON %1$I FOR INSERT WITH CHECK '
            '(EXISTS (SELECT 1 FROM learners l '
            'WHERE l.learner_id = %1$I.learner_id AND l.unit_key = (SELECT hocso_my_unit())))', t);
        EXECUTE format('CREATE POLICY hocso_update ON %1$I FOR UPDATE USING '
            '(EXISTS (SELECT 1 FROM learners l '
            'WHERE l.learner_id = %1$I.learner_id AND l.unit_key = (SELECT hocso_my_unit()))) '
            'WITH CHECK (EXISTS (SELECT 1 FROM learners l '
            'WHERE l.learner_id = %1$I.learner_id AND l.unit_key = (SELECT hocso_my_unit())))', t);
    END LOOP;
END $$;
