-- Office-wide settings shown in 设置, kept with the data so a restored backup or a second
-- laptop brings them along. One row per key; a missing row means the default.
-- See src/settings.rs (the only place that reads or writes this table).

CREATE TABLE setting (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
