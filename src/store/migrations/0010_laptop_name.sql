-- Laptops get a human name (设置 → 本机名称): this copy's own is 'laptop_name' in
-- sync_meta (absent: the computer's host name); other laptops' names arrive in the
-- signed header of their sync files and are kept here, shown next to their ids.
CREATE TABLE laptop (
    laptop_id TEXT PRIMARY KEY,
    name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    seen_at   TEXT NOT NULL
);
