-- Version 4: the hourly KPI rollups summed per UTC day as well, kept in the same transactions, so that a KPI request
-- over months reads one row per zone and day instead of one per hour. Built here from the hourly rows already kept.
CREATE TABLE zone_day_rollups (LIKE zone_rollups INCLUDING ALL);
ALTER TABLE zone_day_rollups RENAME COLUMN hour_ticks TO day_ticks;
CREATE TABLE line_day_rollups (LIKE line_rollups INCLUDING ALL);
ALTER TABLE line_day_rollups RENAME COLUMN hour_ticks TO day_ticks;

-- Sums dwell histograms bin by bin.
CREATE AGGREGATE rv_sum_counts(jsonb) (SFUNC = rv_add_counts, STYPE = jsonb, INITCOND = '{}');

-- Ticks count from 0001-01-01T00:00Z, so a day starts at a multiple of 864,000,000,000.
INSERT INTO zone_day_rollups
SELECT store_id, hour_ticks - hour_ticks % 864000000000, camera_id, zone_id, sum(visits), sum(completed_visits), sum(dwell_sum_seconds),
       rv_sum_counts(dwell), sum(pass_by), sum(browse), sum(engaged), sum(served), sum(abandoned)
FROM zone_rollups GROUP BY 1, 2, 3, 4;

INSERT INTO line_day_rollups
SELECT store_id, hour_ticks - hour_ticks % 864000000000, camera_id, line_id, sum(crossed_in), sum(crossed_out)
FROM line_rollups GROUP BY 1, 2, 3, 4;
