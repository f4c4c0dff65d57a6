-- Session planning (拍摄安排): per-campaign plan settings, per-class constraints, the
-- schedule's slots, and the undo history of schedule changes.
-- Dates are ISO 'YYYY-MM-DD' text, times 'HH:MM' text, as in 0001.

CREATE TABLE plan_settings (
    campaign_id     INTEGER PRIMARY KEY REFERENCES campaign(id) ON DELETE CASCADE,
    -- Slot lengths are rounded up to a multiple of this many minutes.
    round_minutes   INTEGER NOT NULL DEFAULT 5 CHECK (round_minutes BETWEEN 1 AND 60),
    -- A class arrives this many minutes before its slot starts.
    arrival_minutes INTEGER NOT NULL DEFAULT 20 CHECK (arrival_minutes BETWEEN 0 AND 240)
);

CREATE TABLE class_setting (
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    class_name  TEXT    NOT NULL,
    -- The campus the class is shot at instead of the one its roster says; NULL: roster.
    campus      TEXT,
    -- 1: the class takes part online instead of on site.
    online      INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    -- The class cannot come before this date (e.g. still on internship).
    not_before  TEXT,
    -- JSON array of 'YYYY-MM-DD' dates the class cannot come.
    not_on      TEXT    NOT NULL DEFAULT '[]',
    PRIMARY KEY (campaign_id, class_name)
);

CREATE TABLE schedule_slot (
    id             INTEGER PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    venue_id       INTEGER NOT NULL REFERENCES venue(id) ON DELETE CASCADE,
    date           TEXT    NOT NULL,
    start          TEXT    NOT NULL,
    end            TEXT    NOT NULL,
    class_name     TEXT    NOT NULL,
    college        TEXT    NOT NULL DEFAULT '',
    major          TEXT    NOT NULL DEFAULT '',
    counselor      TEXT    NOT NULL DEFAULT '',
    headcount      INTEGER NOT NULL CHECK (headcount > 0),
    -- A class larger than a whole window is split: part k of parts.
    part           INTEGER NOT NULL DEFAULT 1,
    parts          INTEGER NOT NULL DEFAULT 1,
    -- Students of the class (by 学号) before this part: part k takes the next headcount.
    student_offset INTEGER NOT NULL DEFAULT 0 CHECK (student_offset >= 0),
    locked         INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    CHECK (end > start),
    CHECK (part BETWEEN 1 AND parts),
    UNIQUE (campaign_id, class_name, part)
);
CREATE INDEX schedule_slot_venue ON schedule_slot(venue_id, date, start);

-- The slots as they were before each change, newest last; `schedule undo` restores one.
CREATE TABLE schedule_undo (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    action      TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    slots       TEXT    NOT NULL
);
CREATE INDEX schedule_undo_campaign ON schedule_undo(campaign_id, id);
