-- Verification outcomes (学历照核对): besides 'verified' (核对通过), a student may mark the
-- photo wrong ('verify_failed', 核对有误, the note says what) or 学信网's face comparison
-- may fail ('compare_failed', 人像比对未通过). Either takes the photo away until a new one
-- is taken and checked.
--
-- SQLite cannot change a CHECK constraint in place, so progress_event is rebuilt the way
-- https://sqlite.org/lang_altertable.html#otheralter describes: the store runs migrations
-- with foreign keys off (a DROP would otherwise cascade into check_in and sync_event_uid),
-- and the migration runner checks every foreign key before it commits. Row ids are kept,
-- so sync_event_uid and check_in still point at the same events.

CREATE TABLE progress_event_new (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN
                  ('paid', 'checked_in', 'photographed', 'online_submitted', 'online_approved',
                   'walk_in_done', 'refund', 'verified', 'verify_failed', 'compare_failed')),
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
INSERT INTO progress_event_new
    (id, campaign_id, student_id, kind, date, source, note, recorded_by, origin, created_at,
     voided_at, void_reason)
    SELECT id, campaign_id, student_id, kind, date, source, note, recorded_by, origin,
           created_at, voided_at, void_reason
    FROM progress_event;
DROP TABLE progress_event;
ALTER TABLE progress_event_new RENAME TO progress_event;
CREATE INDEX progress_event_student ON progress_event(student_id, kind);
CREATE INDEX progress_event_campaign ON progress_event(campaign_id, id);
-- Dropped with the old table (0006): every new event gets its id across laptops.
CREATE TRIGGER sync_event_uid_new AFTER INSERT ON progress_event BEGIN
    INSERT INTO sync_event_uid (event_id, uid)
    VALUES (NEW.id, (SELECT value FROM sync_meta WHERE key = 'laptop_id') || '-'
                    || lower(hex(randomblob(8))));
END;
