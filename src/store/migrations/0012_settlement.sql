-- Fee settlement (费用结算): the agency's own head counts per route, typed in from its
-- bill so they can be compared with the counts Rollcall derives from the events. Only
-- these are stored; every figure of ours is counted from progress_event each time.
CREATE TABLE settlement_agency (
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    route       TEXT    NOT NULL CHECK (route IN ('onsite', 'online', 'walk_in', 'refund')),
    count       INTEGER NOT NULL CHECK (count BETWEEN 0 AND 1000000),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, route)
);
