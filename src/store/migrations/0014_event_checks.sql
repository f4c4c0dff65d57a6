-- progress_event's two CHECK constraints, written `kind IN ('paid', …)`, made SQLite
-- build a temporary b-tree of the ten kinds (and one of the four sources) for every row
-- it inserts: about half the time of writing a 10,000-row agency list's events (issue
-- 19). The same checks written as comparisons joined by OR cost next to nothing, and
-- they allow exactly the same values.
--
-- The table is rebuilt as 0011 rebuilt it (foreign keys off while migrating, every
-- foreign key checked before commit, row ids kept so sync_event_uid and check_in still
-- point at the same events), with its indexes and 0013's uid trigger.

CREATE TABLE progress_event_new (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL REFERENCES student(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (
                  kind = 'paid' OR kind = 'checked_in' OR kind = 'photographed'
                  OR kind = 'online_submitted' OR kind = 'online_approved'
                  OR kind = 'walk_in_done' OR kind = 'refund' OR kind = 'verified'
                  OR kind = 'verify_failed' OR kind = 'compare_failed'),
    -- The day it happened (not the day it was typed).
    date        TEXT    NOT NULL,
    source      TEXT    NOT NULL CHECK (
                  source = 'typed' OR source = 'check_in' OR source = 'agency_import'
                  OR source = 'sync'),
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
-- Dropped with the old table: every new event gets its id across laptops (as in 0013).
CREATE TRIGGER sync_event_uid_new AFTER INSERT ON progress_event BEGIN
    INSERT INTO sync_event_uid (event_id, uid)
    VALUES (NEW.id, (SELECT value FROM sync_meta WHERE key = 'laptop_id') || '-'
                    || printf('%010x', NEW.id) || lower(hex(randomblob(4))));
END;
