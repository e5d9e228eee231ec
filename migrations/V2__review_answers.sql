-- Spaced review ("Ôn tập"): the answers a learner gave in review, per course, as the JSON list
-- the learner file holds (oldest first). The review schedule is worked out from these and the
-- quiz answers, so the merge is the union of the lists (see src/progress/merge.rs).
ALTER TABLE learner_courses ADD COLUMN review jsonb NOT NULL DEFAULT '[]'::jsonb;
