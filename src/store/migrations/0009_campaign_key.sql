-- Each campaign's secret sync key: 32 random bytes that sign its sync files
-- (HMAC-SHA256, see src/sync/file.rs). It lives only in this database; a second laptop
-- gets it by starting from a backup of this one, never from a sync file.
-- randomblob() is SQLite's ChaCha20 generator seeded from the operating system's
-- randomness. A trigger makes the key with every new campaign, whichever code creates it.
CREATE TABLE campaign_key (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaign(id) ON DELETE CASCADE,
    key         BLOB    NOT NULL CHECK (length(key) = 32)
);
INSERT INTO campaign_key (campaign_id, key) SELECT id, randomblob(32) FROM campaign;
CREATE TRIGGER campaign_key_new AFTER INSERT ON campaign BEGIN
    INSERT INTO campaign_key (campaign_id, key) VALUES (NEW.id, randomblob(32));
END;
