-- One row per learner and course with what the province report needs, so the report reads
-- 10,000 short rows instead of every lesson row (620,000 for 10,000 learners of the built-in
-- course). Kept by `hocso sync` in the learner's transaction, like question_stats.

-- Each lesson of a course gets a small number (0, 1, 2, … in the order sync first met it), the
-- position of its bit in the summary. Numbers are never changed or reused.
CREATE TABLE lesson_numbers (
    course_id text NOT NULL,
    lesson_id text NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (course_id, lesson_id),
    UNIQUE (course_id, n)
);

-- Bit n of `done`, `passed` and `tried` is about lesson n of lesson_numbers. A bit string may be
-- shorter than the course's numbers (lessons numbered later): the missing bits are 0.
CREATE TABLE learner_summary (
    learner_id text NOT NULL REFERENCES learners ON DELETE CASCADE,
    course_id  text NOT NULL,
    done       bit varying NOT NULL,  -- lesson passed, or finished (status 2)
    passed     bit varying NOT NULL,  -- a quiz attempt finished and the lesson passed
    tried      bit varying NOT NULL,  -- a quiz attempt finished (best score known)
    -- Lessons not passed: lesson id → scores of the finished attempts, lowest first ("cần giúp"
    -- depends on the pass mark of the course the report uses). NULL when there are none.
    struggling jsonb,
    PRIMARY KEY (learner_id, course_id)
);
CREATE INDEX learner_summary_course ON learner_summary (course_id);

-- The rows a database of version 2 already holds.
INSERT INTO lesson_numbers (course_id, lesson_id, n)
SELECT course_id, lesson_id, (row_number() OVER (PARTITION BY course_id ORDER BY lesson_id) - 1)::int
FROM (SELECT DISTINCT course_id, lesson_id FROM lesson_progress) d;

INSERT INTO learner_summary (learner_id, course_id, done, passed, tried, struggling)
SELECT lc.learner_id, lc.course_id,
    string_agg(CASE WHEN p.passed OR p.status = 2 THEN '1' ELSE '0' END, '' ORDER BY d.n)::varbit,
    string_agg(CASE WHEN p.passed AND p.best_score IS NOT NULL THEN '1' ELSE '0' END, ''
               ORDER BY d.n)::varbit,
    string_agg(CASE WHEN p.best_score IS NOT NULL THEN '1' ELSE '0' END, '' ORDER BY d.n)::varbit,
    (SELECT jsonb_object_agg(t.lesson_id, t.scores) FROM (
        SELECT a.lesson_id, jsonb_agg(a.score ORDER BY a.score) AS scores
        FROM attempts a JOIN lesson_progress q USING (learner_id, course_id, lesson_id)
        WHERE a.learner_id = lc.learner_id AND a.course_id = lc.course_id
          AND NOT q.passed AND a.score IS NOT NULL
        GROUP BY a.lesson_id) t)
FROM (SELECT DISTINCT learner_id, course_id FROM lesson_progress) lc
JOIN lesson_numbers d ON d.course_id = lc.course_id
LEFT JOIN lesson_progress p
    ON p.learner_id = lc.learner_id AND p.course_id = lc.course_id AND p.lesson_id = d.lesson_id
GROUP BY lc.learner_id, lc.course_id;
