-- An event's uid was '<laptop>-<16 random hex digits>', so each new event went to a random
-- place in the uid index and recording an agency list of 10,000 rows touched every page
-- of it (a quarter of the import's time). A new uid puts the event's id first, as 10 hex
-- digits, so this laptop's new events go to the end of the index. The 8 random hex
-- digits after it still tell apart two events that got the same id (a database restored
-- from a backup and written again). Uids already given stay: other laptops know the
-- events by them.
DROP TRIGGER sync_event_uid_new;
CREATE TRIGGER sync_event_uid_new AFTER INSERT ON progress_event BEGIN
    INSERT INTO sync_event_uid (event_id, uid)
    VALUES (NEW.id, (SELECT value FROM sync_meta WHERE key = 'laptop_id') || '-'
                    || printf('%010x', NEW.id) || lower(hex(randomblob(4))));
END;
