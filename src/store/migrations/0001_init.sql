-- Rollcall schema, version 1: campaigns, their places and dates, and the roster.
-- Dates are ISO 'YYYY-MM-DD' text, times 'HH:MM' text: both sort and compare as strings.

CREATE TABLE campaign (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    grad_year       INTEGER NOT NULL CHECK (grad_year BETWEEN 2000 AND 2100),
    office_name     TEXT    NOT NULL,
    notice_date     TEXT    NOT NULL,
    school_code     TEXT    NOT NULL,
    region_code     TEXT    NOT NULL,
    batch_code      TEXT    NOT NULL,
    fee_onsite_fen  INTEGER NOT NULL CHECK (fee_onsite_fen >= 0),
    fee_online_fen  INTEGER NOT NULL CHECK (fee_online_fen >= 0),
    fee_walk_in_fen INTEGER NOT NULL CHECK (fee_walk_in_fen >= 0),
    agency_name     TEXT    NOT NULL,
    agency_address  TEXT    NOT NULL,
    agency_phone    TEXT    NOT NULL,
    office_contact  TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);

CREATE TABLE campus (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, name)
);

CREATE TABLE venue (
    id                  INTEGER PRIMARY KEY,
    campus_id           INTEGER NOT NULL REFERENCES campus(id) ON DELETE CASCADE,
    name                TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    stations            INTEGER NOT NULL CHECK (stations > 0),
    throughput_per_hour INTEGER NOT NULL DEFAULT 160 CHECK (throughput_per_hour > 0),
    UNIQUE (campus_id, name)
);

CREATE TABLE session_window (
    id       INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venue(id) ON DELETE CASCADE,
    date     TEXT    NOT NULL,
    start    TEXT    NOT NULL,
    end      TEXT    NOT NULL,
    CHECK (end > start)
);
CREATE INDEX session_window_venue ON session_window(venue_id, date, start);

CREATE TABLE milestone (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN
                  ('payment', 'onsite', 'online', 'walk_in', 'final_deadline', 'verification')),
    start_date  TEXT,
    end_date    TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    UNIQUE (campaign_id, kind)
);

CREATE TABLE student (
    id                INTEGER PRIMARY KEY,
    campaign_id       INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    student_no        TEXT    NOT NULL CHECK (length(student_no) > 0),
    name              TEXT    NOT NULL,
    gender            TEXT,
    id_number         TEXT,
    college           TEXT    NOT NULL DEFAULT '',
    major             TEXT    NOT NULL DEFAULT '',
    class_name        TEXT    NOT NULL DEFAULT '',
    intake_year       INTEGER,
    duration_years    INTEGER,
    level             TEXT    NOT NULL DEFAULT '',
    campus            TEXT    NOT NULL DEFAULT '',
    site              TEXT    NOT NULL DEFAULT '',
    enrolment_status  TEXT    NOT NULL DEFAULT '',
    grad_year         INTEGER,
    counselor         TEXT    NOT NULL DEFAULT '',
    phone             TEXT    NOT NULL DEFAULT '',
    -- NULL when eligible; otherwise why not (e.g. '学籍状态为休学').
    ineligible_reason TEXT,
    -- Set when a later roster import no longer lists the student; progress stays.
    withdrawn_at      TEXT,
    -- Columns of the imported file that map to no field, as a JSON object.
    extra             TEXT    NOT NULL DEFAULT '{}',
    UNIQUE (campaign_id, student_no)
);
CREATE INDEX student_class ON student(campaign_id, class_name);
