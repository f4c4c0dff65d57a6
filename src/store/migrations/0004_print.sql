-- Printing: per-campaign settings such as the edited notice template and the font file
-- chosen in 设置, as key/value text.

CREATE TABLE print_setting (
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    key         TEXT    NOT NULL CHECK (key IN ('notice_template', 'font_path')),
    value       TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, key)
);
