-- hocso province database, version 1. Applied by `hocso sync` (refinery, embedded in the binary).
-- Times are nanoseconds since 1970 (bigint, *_ns): the learner files keep nanoseconds and the
-- merge compares them exactly, which timestamptz (microseconds) would not.
-- Keys are the ids of the learner file, so writing a merged learner is an upsert.

-- Identity of this database, so a data folder notices when it is pointed at another one.
CREATE TABLE hocso_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO hocso_meta (key, value) VALUES ('instance', md5(random()::text || clock_timestamp()::text));

-- A commune or ward (xã/phường): the unit the province reports on.
CREATE TABLE units (
    unit_key      text PRIMARY KEY,          -- 'code:<commune code>' or 'name:<province>/<commune>'
    province      text NOT NULL,
    province_code text,
    commune       text NOT NULL,
    commune_code  text,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_province ON units (province);

-- A class (data folder) of a unit, and when it last synced.
CREATE TABLE classes (
    unit_key   text NOT NULL REFERENCES units,
    class_name text NOT NULL,
    trainer    text NOT NULL DEFAULT '',
    last_sync  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_key, class_name)
);

-- One learner. No phone or ID numbers: hocso never collects them.
CREATE TABLE learners (
    learner_id       text PRIMARY KEY,
    unit_key         text NOT NULL REFERENCES units,
    name             text NOT NULL,
    birth_year       smallint,
    group_name       text,
    created_ns       bigint NOT NULL,
    format           integer NOT NULL,
    settings         jsonb NOT NULL,
    last_activity_ns bigint NOT NULL,
    -- SHA-256 of the learner's whole progress as stored here: a data folder holding the same
    -- content has nothing to send or receive.
    content_hash     text NOT NULL,
    -- Transaction that last changed the learner (pull = "changed since my last snapshot").
    change_xid       bigint NOT NULL
);
CREATE INDEX learners_unit_change ON learners (unit_key, change_xid);

-- Progress in a course: where "Tiếp tục" takes the learner.
CREATE TABLE learner_courses (
    learner_id text NOT NULL REFERENCES learners ON DELETE CASCADE,
    course_id  text NOT NULL,
    resume     jsonb,
    PRIMARY KEY (learner_id, course_id)
);

CREATE TABLE lesson_progress (
    learner_id      text NOT NULL REFERENCES learners ON DELETE CASCADE,
    course_id       text NOT NULL,
    lesson_id       text NOT NULL,
    status          smallint NOT NULL,        -- 0 not started, 1 in progress, 2 done
    page            bigint NOT NULL,
    seconds         bigint NOT NULL,
    first_opened_ns bigint,
    completed_ns    bigint,
    best_score      smallint,
    passed          boolean NOT NULL,
    PRIMARY KEY (learner_id, course_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (course_id, lesson_id);

CREATE TABLE attempts (
    learner_id     text NOT NULL,
    course_id      text NOT NULL,
    lesson_id      text NOT NULL,
    attempt_id     text NOT NULL,
    started_ns     bigint NOT NULL,
    ended_ns       bigint,
    question_order text[] NOT NULL,
    score          smallint,
    PRIMARY KEY (learner_id, course_id, lesson_id, attempt_id),
    FOREIGN KEY (learner_id, course_id, lesson_id) REFERENCES lesson_progress ON DELETE CASCADE
);

CREATE TABLE answers (
    learner_id  text NOT NULL,
    course_id   text NOT NULL,
    lesson_id   text NOT NULL,
    attempt_id  text NOT NULL,
    question_id text NOT NULL,
    answer      jsonb NOT NULL,
    correct     boolean NOT NULL,
    hints       integer NOT NULL,
    shown       text[] NOT NULL,
    at_ns       bigint NOT NULL,
    PRIMARY KEY (learner_id, course_id, lesson_id, attempt_id, question_id),
    FOREIGN KEY (learner_id, course_id, lesson_id, attempt_id) REFERENCES attempts ON DELETE CASCADE
);

-- Per unit and question: learners who answered, of them wrong at the first try, answers given.
-- Kept exact by `hocso sync` (the difference each learner makes, in the learner's transaction),
-- so the province report never scans every answer.
CREATE TABLE question_stats (
    unit_key    text NOT NULL REFERENCES units,
    course_id   text NOT NULL,
    lesson_id   text NOT NULL,
    question_id text NOT NULL,
    learners    bigint NOT NULL,
    wrong_first bigint NOT NULL,
    answers     bigint NOT NULL,
    PRIMARY KEY (unit_key, course_id, lesson_id, question_id)
);
