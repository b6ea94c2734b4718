-- Version 3: heatmap snapshots summed per camera, UTC hour (of period start), grid and frame, kept with the snapshots.
-- Snapshots stored under version 2 are not rolled up: none were kept in production before this version.
CREATE TABLE heatmap_rollups (
    store_id text NOT NULL,
    hour_ticks bigint NOT NULL,
    camera_id text NOT NULL,
    columns int NOT NULL,
    rows int NOT NULL,
    frame_width int NOT NULL,
    frame_height int NOT NULL,
    cell_seconds double precision[] NOT NULL,
    snapshots int NOT NULL,
    period_start text NOT NULL,
    period_end text NOT NULL,
    period_start_ticks bigint NOT NULL,
    period_end_ticks bigint NOT NULL,
    PRIMARY KEY (store_id, hour_ticks, camera_id, columns, rows, frame_width, frame_height)
);

-- Adds two grids cell by cell, for the heatmap rollups' upserts.
CREATE FUNCTION rv_add_cells(a double precision[], b double precision[]) RETURNS double precision[] LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS cells(x, y, i)
$$;
