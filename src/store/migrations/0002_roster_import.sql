-- Roster import: per-student warnings, remembered column mappings, and an import log.

-- Problems found in the imported row that did not stop the import (e.g. a wrong ID
-- check digit), as a JSON array of {"column", "reason"}; shown in the roster.
ALTER TABLE student ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';

-- The mapping the user confirmed for a file layout, keyed by the file's header row
-- (normalised header texts joined by U+001F), so next week's export maps itself.
CREATE TABLE header_mapping (
    header_key TEXT PRIMARY KEY,
    -- JSON array, one entry per column: a field identifier, "extra" or "ignore".
    mapping    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One line per roster import that was written (dry runs are not logged).
CREATE TABLE roster_import (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    file_name   TEXT    NOT NULL,
    sheet       TEXT    NOT NULL,
    imported_at TEXT    NOT NULL,
    read        INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    withdrawn   INTEGER NOT NULL,
    ineligible  INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    warnings    INTEGER NOT NULL
);
CREATE INDEX roster_import_campaign ON roster_import(campaign_id, id);
