-- Several laptops, one campaign: identities, on-site check-in details, and the sync
-- journal (shared facts keyed by ids that are unique across laptops), the log of sync
-- files written and read. See src/sync/mod.rs for the design.

-- Facts about this copy of the database. 'laptop_id': random id of this copy; a restore
-- gives the restored copy a new one, so two laptops never share it.
CREATE TABLE sync_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO sync_meta (key, value) VALUES ('laptop_id', lower(hex(randomblob(6))));

-- A campaign's identity across laptops: every copy of one campaign carries the same uuid.
CREATE TABLE campaign_identity (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaign(id) ON DELETE CASCADE,
    uuid        TEXT    NOT NULL UNIQUE
);
INSERT INTO campaign_identity (campaign_id, uuid)
    SELECT id, lower(hex(randomblob(16))) FROM campaign;
CREATE TRIGGER campaign_identity_new AFTER INSERT ON campaign BEGIN
    INSERT INTO campaign_identity (campaign_id, uuid)
    VALUES (NEW.id, lower(hex(randomblob(16))));
END;

-- Every progress event's id across laptops: '<laptop_id>-<random>', given on insert
-- (an event merged from another laptop gets that laptop's id instead).
CREATE TABLE sync_event_uid (
    event_id INTEGER PRIMARY KEY REFERENCES progress_event(id) ON DELETE CASCADE,
    uid      TEXT    NOT NULL UNIQUE
);
INSERT INTO sync_event_uid (event_id, uid)
    SELECT id, (SELECT value FROM sync_meta WHERE key = 'laptop_id') || '-'
               || lower(hex(randomblob(8)))
    FROM progress_event;
CREATE TRIGGER sync_event_uid_new AFTER INSERT ON progress_event BEGIN
    INSERT INTO sync_event_uid (event_id, uid)
    VALUES (NEW.id, (SELECT value FROM sync_meta WHERE key = 'laptop_id') || '-'
                    || lower(hex(randomblob(8))));
END;

-- When and in which slot a check-in event happened (progress_event keeps the date only).
CREATE TABLE check_in (
    event_id INTEGER PRIMARY KEY REFERENCES progress_event(id) ON DELETE CASCADE,
    -- schedule_slot id; no foreign key: a re-plan replaces slots, the check-in stays.
    slot_id  INTEGER,
    time     TEXT    NOT NULL
);

-- Someone who came to a session with a 学号 that is not on the roster (现场补登).
CREATE TABLE walk_up (
    uid         TEXT    PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    student_no  TEXT    NOT NULL,
    slot_id     INTEGER,
    date        TEXT    NOT NULL,
    time        TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL
);
CREATE INDEX walk_up_campaign ON walk_up(campaign_id, date, student_no);

-- The journal: facts shared between laptops, insert-only, keyed by global ids. Sync
-- files are SQLite session changesets of these three tables.
CREATE TABLE sync_journal_event (
    uid           TEXT    PRIMARY KEY,
    campaign_uuid TEXT    NOT NULL,
    student_no    TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    date          TEXT    NOT NULL,
    time          TEXT,
    slot_id       INTEGER,
    source        TEXT    NOT NULL,
    note          TEXT    NOT NULL,
    recorded_by   TEXT    NOT NULL,
    origin        TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX sync_journal_event_campaign ON sync_journal_event(campaign_uuid);

CREATE TABLE sync_journal_void (
    event_uid     TEXT    PRIMARY KEY,
    campaign_uuid TEXT    NOT NULL,
    voided_at     TEXT    NOT NULL,
    reason        TEXT    NOT NULL
);

CREATE TABLE sync_journal_walk_up (
    uid           TEXT    PRIMARY KEY,
    campaign_uuid TEXT    NOT NULL,
    student_no    TEXT    NOT NULL,
    slot_id       INTEGER,
    date          TEXT    NOT NULL,
    time          TEXT    NOT NULL,
    note          TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

-- Every sync file written (with its changeset, for `sync export --since`) or read.
CREATE TABLE sync_log (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('export', 'import')),
    file_id     TEXT    NOT NULL,
    -- The laptop that wrote the file.
    laptop_id   TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    events      INTEGER NOT NULL,
    voids       INTEGER NOT NULL,
    walk_ups    INTEGER NOT NULL,
    -- What an import did, as JSON (duplicates merged, students not on the roster …).
    summary     TEXT    NOT NULL DEFAULT '{}',
    changeset   BLOB
);
CREATE UNIQUE INDEX sync_log_import ON sync_log(file_id) WHERE direction = 'import';
CREATE INDEX sync_log_campaign ON sync_log(campaign_id, id);
