-- Student progress (进度跟踪): events recorded per student, and the campaign's progress
-- settings. A student's status is derived from these, never stored.
-- Dates are ISO 'YYYY-MM-DD' text, as in 0001.

CREATE TABLE progress_event (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN
                  ('paid', 'checked_in', 'photographed', 'online_submitted', 'online_approved',
                   'walk_in_done', 'refund', 'verified')),
    -- The day it happened (not the day it was typed).
    date        TEXT    NOT NULL,
    source      TEXT    NOT NULL CHECK (source IN ('typed', 'check_in', 'agency_import', 'sync')),
    note        TEXT    NOT NULL DEFAULT '',
    -- Who typed it (free text operator name); '' for imports without one.
    recorded_by TEXT    NOT NULL DEFAULT '',
    -- Where an imported event came from, e.g. '图片社缴费名单.xlsx 第12行'.
    origin      TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    -- A mistaken event is voided, never deleted, so the history stays.
    voided_at   TEXT,
    void_reason TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX progress_event_student ON progress_event(student_id, kind);
CREATE INDEX progress_event_campaign ON progress_event(campaign_id, id);

CREATE TABLE progress_settings (
    campaign_id        INTEGER PRIMARY KEY REFERENCES campaign(id) ON DELETE CASCADE,
    -- The student checks the photo on 学信网 this many days after it was taken.
    verification_days  INTEGER NOT NULL DEFAULT 40 CHECK (verification_days BETWEEN 1 AND 365),
    -- A student is at risk this many days before a payment or online deadline.
    warn_days          INTEGER NOT NULL DEFAULT 1 CHECK (warn_days BETWEEN 0 AND 60),
    -- … and this many days before the walk-in (final) deadline: travelling takes time.
    walk_in_warn_days  INTEGER NOT NULL DEFAULT 14 CHECK (walk_in_warn_days BETWEEN 0 AND 180)
);
