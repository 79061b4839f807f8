-- Seed scenarios for the test stack. psql variables: scenario, batch,
-- events, dlq. Every number below is what the tests and the demo expect.
\set ON_ERROR_STOP on
BEGIN;
TRUNCATE ingest_event_log, ingest_dead_letter, booking, payment RESTART IDENTITY;

-- Events outside the window: they must never count.
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type,
  status, error_code, error_message, received_at, processed_at)
SELECT 'old-' || i, :'batch', 'partner-api', 'api', 'booking.created', 'FAILED',
  'OLD_FAILURE', 'failure outside the window',
  now() - interval '3 hours', now() - interval '3 hours'
FROM generate_series(1, CASE WHEN :'scenario' = 'bigdata' THEN 0 ELSE 100 END) i;

-- healthy: 2000 events, 5 failed (99.75%); DLQ shrinking; clean data.
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type,
  status, error_code, error_message, received_at, processed_at)
SELECT 'h-' || i, :'batch',
  (ARRAY['balisnap-web','partner-api','ota-feed'])[1 + i % 3],
  (ARRAY['web','api','feed'])[1 + i % 3], 'booking.created',
  CASE WHEN i <= 5 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i <= 5 THEN 'UPSTREAM_TIMEOUT' END,
  CASE WHEN i <= 5 THEN 'partner-api timed out after 30s' END,
  now() - (i % 1800) * interval '1 second', now() - (i % 1800) * interval '1 second'
FROM generate_series(1, CASE WHEN :'scenario' = 'healthy' THEN 2000 ELSE 0 END) i;

-- degraded: 2000 events, 42 failed (97.90%): 30 partner-api/api timeouts,
-- 12 ota-feed/feed schema errors.
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type,
  status, error_code, error_message, received_at, processed_at)
SELECT 'd-' || i, :'batch',
  CASE WHEN i <= 30 THEN 'partner-api' WHEN i <= 42 THEN 'ota-feed'
       ELSE (ARRAY['balisnap-web','partner-api','ota-feed'])[1 + i % 3] END,
  CASE WHEN i <= 30 THEN 'api' WHEN i <= 42 THEN 'feed'
       ELSE (ARRAY['web','api','feed'])[1 + i % 3] END,
  'booking.created',
  CASE WHEN i <= 42 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i <= 30 THEN 'UPSTREAM_TIMEOUT' WHEN i <= 42 THEN 'SCHEMA_INVALID' END,
  CASE WHEN i <= 30 THEN 'partner-api timed out after 30s'
       WHEN i <= 42 THEN 'payload missing field booking_ref' END,
  now() - (i % 1800) * interval '1 second', now() - (i % 1800) * interval '1 second'
FROM generate_series(1, CASE WHEN :'scenario' = 'degraded' THEN 2000 ELSE 0 END) i;

-- thin: 30 events, fewer than the minimum sample of 50.
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type,
  status, received_at, processed_at)
SELECT 't-' || i, :'batch', 'balisnap-web', 'web', 'booking.created',
  CASE WHEN i = 1 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  now() - i * interval '10 seconds', now() - i * interval '10 seconds'
FROM generate_series(1, CASE WHEN :'scenario' = 'thin' THEN 30 ELSE 0 END) i;

-- bigdata: :events events in the window, one failure in 250 (99.60%).
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type,
  status, error_code, error_message, received_at, processed_at)
SELECT 'b-' || i, :'batch',
  (ARRAY['balisnap-web','partner-api','ota-feed','agent-portal'])[1 + i % 4],
  (ARRAY['web','api','feed','portal'])[1 + i % 4], 'booking.created',
  CASE WHEN i % 250 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
  CASE WHEN i % 250 = 0 THEN 'UPSTREAM_TIMEOUT' END,
  CASE WHEN i % 250 = 0 THEN 'partner-api timed out after 30s' END,
  now() - (i % 2700) * interval '1 second', now() - (i % 2700) * interval '1 second'
FROM generate_series(1, CASE WHEN :'scenario' = 'bigdata' THEN :events ELSE 0 END) i;

-- DLQ. healthy: 3 old OPEN, 2 created and resolved in the window, 8 old
-- ones resolved in the window (growth -8).
INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code,
  error_message, created_at, resolved_at)
SELECT 'dl-h-' || i, 'partner-api', 'api',
  CASE WHEN i <= 3 THEN 'OPEN' ELSE 'RESOLVED' END, 'UPSTREAM_TIMEOUT',
  'partner-api timed out after 30s',
  CASE WHEN i BETWEEN 4 AND 5 THEN now() - interval '10 minutes'
       ELSE now() - interval '3 hours' END,
  CASE WHEN i <= 3 THEN NULL WHEN i <= 5 THEN now() - interval '5 minutes'
       ELSE now() - interval '20 minutes' END
FROM generate_series(1, CASE WHEN :'scenario' = 'healthy' THEN 13 ELSE 0 END) i;

-- degraded: OPEN 8, FAILED 30, REPLAYING 2, RESOLVED 5; 25 created in the
-- window (20 FAILED, 5 OPEN), 3 resolved in it: growth 22, FAILED dominant.
INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code,
  error_message, created_at, resolved_at)
SELECT 'dl-d-' || i,
  CASE WHEN i <= 24 THEN 'partner-api' ELSE 'ota-feed' END,
  CASE WHEN i <= 24 THEN 'api' ELSE 'feed' END,
  CASE WHEN i <= 30 THEN 'FAILED' WHEN i <= 38 THEN 'OPEN'
       WHEN i <= 40 THEN 'REPLAYING' ELSE 'RESOLVED' END,
  CASE WHEN i <= 24 THEN 'UPSTREAM_TIMEOUT' ELSE 'SCHEMA_INVALID' END,
  CASE WHEN i <= 24 THEN 'partner-api timed out after 30s'
       ELSE 'payload missing field booking_ref' END,
  CASE WHEN i <= 20 OR i BETWEEN 31 AND 35 THEN now() - interval '15 minutes'
       ELSE now() - interval '3 hours' END,
  CASE WHEN i <= 40 THEN NULL WHEN i <= 43 THEN now() - interval '5 minutes'
       ELSE now() - interval '2 hours' END
FROM generate_series(1, CASE WHEN :'scenario' = 'degraded' THEN 45 ELSE 0 END) i;

-- bigdata: :dlq rows, mostly RESOLVED long ago.
INSERT INTO ingest_dead_letter (event_id, source, channel, status, error_code,
  error_message, created_at, resolved_at)
SELECT 'dl-b-' || i,
  (ARRAY['balisnap-web','partner-api','ota-feed','agent-portal'])[1 + i % 4],
  (ARRAY['web','api','feed','portal'])[1 + i % 4],
  CASE WHEN i % 100 = 0 THEN 'OPEN' WHEN i % 100 = 1 THEN 'FAILED'
       ELSE 'RESOLVED' END,
  'UPSTREAM_TIMEOUT', 'partner-api timed out after 30s',
  now() - interval '5 hours' + (i % 3600) * interval '1 second',
  CASE WHEN i % 100 > 1 THEN now() - interval '2 hours' END
FROM generate_series(1, CASE WHEN :'scenario' = 'bigdata' THEN :dlq ELSE 0 END) i;

-- Bookings and payments of the batch.
INSERT INTO booking (batch_code, source, booking_ref, customer_email)
SELECT :'batch', (ARRAY['balisnap-web','partner-api'])[1 + i % 2],
  'BK-' || lpad(i::text, 7, '0'), 'guest' || i || '@example.test'
FROM generate_series(1, CASE :'scenario' WHEN 'healthy' THEN 500
  WHEN 'degraded' THEN 300 WHEN 'thin' THEN 10
  ELSE greatest(:events / 10, 1) END) i;
INSERT INTO payment (batch_code, booking_ref, amount)
SELECT :'batch', booking_ref, 100 + (id % 50) FROM booking WHERE batch_code = :'batch';

-- degraded: 3 duplicated identities and 2 payment orphans.
INSERT INTO booking (batch_code, source, booking_ref, customer_email)
SELECT :'batch', source, booking_ref, 'dup-' || customer_email FROM booking
WHERE :'scenario' = 'degraded' AND booking_ref IN ('BK-0000010', 'BK-0000020', 'BK-0000030');
INSERT INTO payment (batch_code, booking_ref, amount)
SELECT :'batch', 'ORPHAN-' || i, 250 FROM generate_series(1,
  CASE WHEN :'scenario' = 'degraded' THEN 2 ELSE 0 END) i;

COMMIT;
ANALYZE;
