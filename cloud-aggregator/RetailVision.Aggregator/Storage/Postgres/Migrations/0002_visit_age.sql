-- Version 2: visits carry their entry time, so the raw retention can drop the progress of visits it no longer holds
-- events for (ingest refuses messages older than the retention, so those visits cannot continue).
ALTER TABLE visits ADD COLUMN entered_ticks bigint NOT NULL DEFAULT 0;
CREATE INDEX visits_by_time ON visits (entered_ticks);
-- A visit key ends with its entry ticks ({store}/{camera}/{zone}/{track}/{ticks}; ids hold no '/').
UPDATE visits SET entered_ticks = split_part(visit_key, '/', 5)::bigint;
