-- RetailVision aggregator schema, version 1. Every table leads with store_id, so the schema can be distributed by
-- store (Citus: SELECT create_distributed_table('events', 'store_id'), and so on) without redesign.
-- Instants are UTC ticks (100 ns since 0001-01-01) in bigint columns: exact to the contract's precision, ordered,
-- and the partition key of the raw tables (one partition per UTC day, made on demand by the aggregator).

-- Every event and snapshot id ever stored, for deduplication across partitions and stores.
CREATE TABLE message_ids (
    id uuid PRIMARY KEY,
    store_id text NOT NULL,
    ticks bigint NOT NULL
);
CREATE INDEX message_ids_by_time ON message_ids (ticks);

CREATE TABLE events (
    store_id text NOT NULL,
    entered_ticks bigint NOT NULL,
    event_id uuid NOT NULL,
    camera_id text NOT NULL,
    zone_id text NOT NULL,
    kind text NOT NULL,
    payload text NOT NULL,
    seq bigserial NOT NULL, -- arrival order, for ties of entered_ticks
    PRIMARY KEY (store_id, entered_ticks, event_id)
) PARTITION BY RANGE (entered_ticks);

CREATE TABLE heatmaps (
    store_id text NOT NULL,
    period_ticks bigint NOT NULL,
    snapshot_id uuid NOT NULL,
    camera_id text NOT NULL,
    payload text NOT NULL,
    seq bigserial NOT NULL,
    PRIMARY KEY (store_id, period_ticks, snapshot_id)
) PARTITION BY RANGE (period_ticks);

CREATE TABLE dead_letters (
    id bigserial PRIMARY KEY,
    store_id text,
    record text NOT NULL
);
CREATE INDEX dead_letters_by_store ON dead_letters (store_id, id);

-- The stores, cameras and zones seen; zone_id '' marks a camera that has sent heatmaps.
CREATE TABLE catalog (
    store_id text NOT NULL,
    camera_id text NOT NULL,
    zone_id text NOT NULL,
    PRIMARY KEY (store_id, camera_id, zone_id)
);

-- Hourly KPI rollups, kept in the transaction that stores the events.
CREATE TABLE zone_rollups (
    store_id text NOT NULL,
    hour_ticks bigint NOT NULL,
    camera_id text NOT NULL,
    zone_id text NOT NULL,
    visits bigint NOT NULL,
    completed_visits bigint NOT NULL,
    dwell_sum_seconds double precision NOT NULL,
    dwell jsonb NOT NULL,
    pass_by bigint NOT NULL,
    browse bigint NOT NULL,
    engaged bigint NOT NULL,
    served bigint NOT NULL,
    abandoned bigint NOT NULL,
    PRIMARY KEY (store_id, hour_ticks, camera_id, zone_id)
);

CREATE TABLE line_rollups (
    store_id text NOT NULL,
    hour_ticks bigint NOT NULL,
    camera_id text NOT NULL,
    line_id text NOT NULL,
    crossed_in bigint NOT NULL,
    crossed_out bigint NOT NULL,
    PRIMARY KEY (store_id, hour_ticks, camera_id, line_id)
);

-- How far each visit has got (1 entered, 2 completed), so a visit counts once whichever event comes first.
CREATE TABLE visits (
    store_id text NOT NULL,
    visit_key text NOT NULL,
    progress smallint NOT NULL,
    PRIMARY KEY (store_id, visit_key)
);

-- Sums two {bin: count} histograms, for the rollups' upserts.
CREATE FUNCTION rv_add_counts(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
    FROM (SELECT key, sum(value::bigint) AS total
          FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS bins
          GROUP BY key) AS sums
$$;
