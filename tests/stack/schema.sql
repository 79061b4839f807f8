-- ops_db reference schema (SPEC section 9), with the indexes the project
-- recommends beside SPEC's own: each one names the statement it serves.
-- Every statement reads only index ranges bounded by its window, its batch
-- or the ids it touches, never the history around them (SPEC section 9,
-- "Scale"); `ingestgate doctor` checks a live ops_db against the product's
-- ones (src/clients/ops_db_statements.c) and prints the CREATE INDEX
-- CONCURRENTLY of any that is missing. The man page lists them (DATABASE).
CREATE TABLE ingest_event_log (
  id bigserial PRIMARY KEY,
  event_id text NOT NULL,
  batch_code text NOT NULL,
  source text NOT NULL,
  channel text NOT NULL,
  event_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('RECEIVED','SUCCEEDED','FAILED')),
  error_code text,
  error_message text,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX ingest_event_log_received_at ON ingest_event_log (received_at);
CREATE INDEX ingest_event_log_status_received_at ON ingest_event_log (status, received_at);
-- Serves core-api's processing counts by source and its top errors (the
-- simulator's do_processing): a row is in the window by
-- COALESCE(processed_at, received_at) (SPEC section 9), which the two
-- indexes above cannot serve; one range per status, bounded by the window.
CREATE INDEX ingest_event_log_status_processed_or_received
  ON ingest_event_log (status, (COALESCE(processed_at, received_at)));
-- Serves the product's failure_messages (F-03's correlation, the console's
-- refresh): the window's FAILED rows only, with every column the statement
-- reads, so it is an index-only scan over a few index pages instead of one
-- heap page per failure (1M events, 4000 failures: 70 ms through the index
-- above, 5 ms through this one).
CREATE INDEX ingest_event_log_failed_window
  ON ingest_event_log ((COALESCE(processed_at, received_at)))
  INCLUDE (processed_at, received_at, batch_code, source, channel, error_code,
    error_message)
  WHERE status = 'FAILED';
-- Serves core-api's replay worker (the simulator's worker_settle): the
-- batch and type of the events a replay settles, looked up by their ids
-- instead of a walk over every event ever logged.
CREATE INDEX ingest_event_log_event_id ON ingest_event_log (event_id);

CREATE TABLE ingest_dead_letter (
  id bigserial PRIMARY KEY,
  event_id text NOT NULL,
  source text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL CHECK (status IN ('OPEN','FAILED','REPLAYING','RESOLVED')),
  error_code text,
  error_message text,
  replay_count int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX ingest_dead_letter_status ON ingest_dead_letter (status);
CREATE INDEX ingest_dead_letter_created_at ON ingest_dead_letter (created_at);
CREATE INDEX ingest_dead_letter_resolved_at ON ingest_dead_letter (resolved_at);
-- Serves core-api's replay selection (the simulator's do_replay count and
-- move: status = $1 ... ORDER BY id LIMIT n): the first n entries of one
-- status in id order, never a walk along the primary key through the
-- RESOLVED history to find them.
CREATE INDEX ingest_dead_letter_status_id ON ingest_dead_letter (status, id);
-- Serves core-api's oldest OPEN entry (the simulator's do_queue
-- oldestOpenAt): the first entry of the OPEN range.
CREATE INDEX ingest_dead_letter_status_created_at
  ON ingest_dead_letter (status, created_at);

-- Serves core-api's DLQ count by status (the simulator's do_queue
-- byStatus.RESOLVED): RESOLVED rows are the DLQ's history, so counting them
-- is kept by statement-level triggers instead of a count over all of them
-- on every refresh (the live statuses are counted through the indexes).
CREATE TABLE ingest_dead_letter_count (
  status text PRIMARY KEY,
  n bigint NOT NULL
);
INSERT INTO ingest_dead_letter_count (status, n)
  VALUES ('OPEN', 0), ('FAILED', 0), ('REPLAYING', 0), ('RESOLVED', 0);
CREATE FUNCTION ingest_dead_letter_count_track() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE ingest_dead_letter_count SET n = 0;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE ingest_dead_letter_count c SET n = c.n - d.n
    FROM (SELECT status, count(*) AS n FROM old_rows GROUP BY status) d
    WHERE c.status = d.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE ingest_dead_letter_count c SET n = c.n + d.n
    FROM (SELECT status, count(*) AS n FROM new_rows GROUP BY status) d
    WHERE c.status = d.status;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ingest_dead_letter_count_insert AFTER INSERT ON ingest_dead_letter
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_dead_letter_count_track();
CREATE TRIGGER ingest_dead_letter_count_update AFTER UPDATE ON ingest_dead_letter
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_dead_letter_count_track();
CREATE TRIGGER ingest_dead_letter_count_delete AFTER DELETE ON ingest_dead_letter
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_dead_letter_count_track();
CREATE TRIGGER ingest_dead_letter_count_truncate AFTER TRUNCATE ON ingest_dead_letter
  FOR EACH STATEMENT EXECUTE FUNCTION ingest_dead_letter_count_track();

CREATE TABLE booking (
  id bigserial PRIMARY KEY,
  batch_code text NOT NULL,
  source text NOT NULL,
  booking_ref text NOT NULL,
  customer_email text,
  created_at timestamptz DEFAULT now()
);
-- Serves the product's batch_rows, duplicate_identity and payment_orphan
-- (F-05): the batch's bookings alone, counted and grouped from the index,
-- and a payment's booking found by (batch, booking_ref).
CREATE INDEX booking_batch_ref ON booking (batch_code, booking_ref, source);

CREATE TABLE payment (
  id bigserial PRIMARY KEY,
  batch_code text NOT NULL,
  booking_ref text NOT NULL,
  amount numeric(14,2) NOT NULL,
  paid_at timestamptz DEFAULT now()
);
-- Serves the product's batch_rows and payment_orphan (F-05): the batch's
-- payments alone, already in the id order the orphan samples are listed in
-- (so the primary key's walk through every payment is never the cheaper
-- way to that order), with the columns the check returns.
CREATE INDEX payment_batch_id ON payment (batch_code, id) INCLUDE (booking_ref, amount);
