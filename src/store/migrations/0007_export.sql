-- Final lists (制证名单 / 不予制证名单): the log of every export, the column choices the
-- office saved per list, and closing a campaign (the frozen lists, the closing recorded).
-- See src/export/mod.rs.

-- One row per file written: what, when, how many rows, where, and whether it carries
-- full ID numbers (sensitive: the log says which files to look after).
CREATE TABLE export_log (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    list            TEXT    NOT NULL CHECK (list IN ('final', 'excluded')),
    format          TEXT    NOT NULL CHECK (format IN ('xlsx', 'csv')),
    encoding        TEXT    NOT NULL DEFAULT '',
    as_of           TEXT    NOT NULL,
    rows            INTEGER NOT NULL CHECK (rows >= 0),
    file_name       TEXT    NOT NULL,
    columns         TEXT    NOT NULL,  -- JSON array of the headers written, in order
    has_id_numbers  INTEGER NOT NULL CHECK (has_id_numbers IN (0, 1)),
    frozen          INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),
    created_at      TEXT    NOT NULL
);
CREATE INDEX export_log_campaign ON export_log (campaign_id, id);

-- The columns (headers, in order) the office chose for a list; office-wide, so next
-- year's campaign starts with this year's habit.
CREATE TABLE export_columns (
    list      TEXT PRIMARY KEY CHECK (list IN ('final', 'excluded')),
    columns   TEXT NOT NULL,  -- JSON array of headers
    saved_at  TEXT NOT NULL
);

-- Every closing of a campaign; the open one (reopened_at IS NULL) freezes the campaign.
CREATE TABLE campaign_closing (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    closed_at    TEXT    NOT NULL,
    as_of        TEXT    NOT NULL,
    summary      TEXT    NOT NULL,  -- JSON: head counts at closing
    reopened_at  TEXT
);
CREATE UNIQUE INDEX campaign_closing_one_open
    ON campaign_closing (campaign_id) WHERE reopened_at IS NULL;

-- The lists as they stood at a closing, one JSON row each (all fields, full ID number).
CREATE TABLE closing_row (
    closing_id  INTEGER NOT NULL REFERENCES campaign_closing(id) ON DELETE CASCADE,
    list        TEXT    NOT NULL CHECK (list IN ('final', 'excluded')),
    position    INTEGER NOT NULL,
    student_no  TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (closing_id, list, position)
);
