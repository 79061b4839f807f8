#!/usr/bin/env bash
# `ingestgate doctor` (issue 22, SPEC section 9 "Scale") on a live ops_db:
# exit 0 on the project's recommended schema (tests/stack/schema.sql); on
# SPEC section 9's bare reference schema (tests/fixtures/schema_bare.sql,
# seeded with history and analysed) exit 1, every missing index named with
# its table's row estimate and a CREATE INDEX CONCURRENTLY that, once run by
# hand, makes doctor pass. Doctor itself never runs it, never ANALYZEs (the
# statements are planned, not executed) and works in a READ ONLY
# transaction; exit 2 when it cannot check.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq
INGESTGATE_STACK_PGSS=1 stack_up
seed degraded
BARE=${OPS_DB_URL%/ops_db}/ops_bare
bare() { psql -X -q -v ON_ERROR_STOP=1 -tA "$BARE" "$@"; }
stmts="failure_messages batch_rows duplicate_identity payment_orphan dlq_status_by_ids"

# The recommended schema: every statement bounded, nothing missing.
sql -c "SELECT pg_stat_statements_reset()" >/dev/null
ig doctor
eq "recommended schema: exit 0" 0 "$RC"
for s in $stmts; do has "recommended schema: $s explained" "$s:" "$OUT"; done
has "says what it checked" "READ ONLY, EXPLAIN without ANALYZE" "$OUT"
ig doctor --json
eq "recommended schema: --json bounded, nothing missing" "true 0 5" \
	"$(jqv '"\(.bounded) \(.missingIndexes | length) \(.statements | length)"')"
eq "each statement: its index path and what it serves" "" \
	"$(jqv '.statements[] | select(.bounded != true or .indexPath.index == null or .serves == "") | .name')"
eq "F-03's correlation goes through its index" ingest_event_log_failed_window \
	"$(jqv '.statements[] | select(.name == "failure_messages") | .indexPath.index')"
eq "the planner's own choice is reported too" "" \
	"$(jqv '.statements[] | select(.plan.accessPath == null or .plan.estimatedRows == null) | .name')"

# Never ANALYZE, never a write, in a READ ONLY transaction (what the
# server executed, from pg_stat_statements).
sent=$(sql -c "SELECT query FROM pg_stat_statements WHERE query ~* '(EXPLAIN|BEGIN|CREATE INDEX|ANALYZE)'")
has "a READ ONLY transaction" "BEGIN TRANSACTION READ ONLY" "$sent"
has "statements are EXPLAINed" "EXPLAIN (FORMAT JSON)" "$sent"
eq "never EXPLAIN ANALYZE, never CREATE INDEX" "" "$(printf '%s\n' "$sent" | grep -iE 'ANALY[SZ]E|CREATE INDEX')"

# The operator's own F-05 checks (--quality-checks DIR): explained as F-05
# sends them (wrapped, $1 the batch), in the same READ ONLY transaction,
# never run, and judged like the product's statements.
own=$WORK/own
mkdir -p "$own"
printf '%s\n' "SELECT p.id AS big_pay_marker, p.amount FROM payment p WHERE p.batch_code = \$1 AND p.amount > 900000" > "$own/big_payments.sql"
sql -c "SELECT pg_stat_statements_reset()" >/dev/null
ig doctor --quality-checks "$own"
eq "an operator's bounded check: exit 0" 0 "$RC"
has "the check is reported by name and file" "big_payments: F-05 quality: the operator's check $own/big_payments.sql" "$OUT"
has "the header counts it" "6 statements explained, 1 of them the operator's quality checks" "$OUT"
ig doctor --quality-checks "$own" --json
eq "the check: kind, file, bounded, its index, rows estimated" "quality-check $own/big_payments.sql true payment_batch_id true" \
	"$(jqv '.statements[] | select(.name == "big_payments") | "\(.kind) \(.file) \(.bounded) \(.indexPath.index) \(.plan.estimatedRows != null)"')"
eq "the product's statements still there" "product product product product product" \
	"$(jqv '[.statements[] | select(.kind == "product") | .kind] | join(" ")')"
eq "the check was explained, never run" "0 t" \
	"$(sql -c "SELECT count(*) FILTER (WHERE query !~ '^EXPLAIN'), count(*) FILTER (WHERE query ~ '^EXPLAIN') > 0 FROM pg_stat_statements WHERE query ~ 'big_pay_marker'" | tr '|' ' ')"
# A check that reads a history table sequentially: exit 1, named.
printf '%s\n' "SELECT b.id FROM booking b WHERE b.customer_email LIKE '%@example.invalid' AND \$1 IS NOT NULL" > "$own/odd_emails.sql"
ig doctor --quality-checks "$own"
eq "a check that reads history sequentially: exit 1" 1 "$RC"
has "names the check in the verdict" "grows with the history: check odd_emails" "$OUT"
has "names its scan" "Seq Scan on booking" "$(printf '%s\n' "$OUT" | grep -A2 '^odd_emails:')"
ig doctor --quality-checks "$own" --json
eq "--json: the unbounded check, its table" "false booking" \
	"$(jqv '.statements[] | select(.name == "odd_emails") | "\(.bounded) \([.plan.scans[].table] | unique | join(","))"')"
# A check that does not plan: reported with its file, its code and
# PostgreSQL's word; the others are still explained; exit 2 when nothing
# is unbounded (it cannot be judged), 1 when something is.
printf '%s\n' "SELECT id FROM bookings_typo WHERE batch_code = \$1" > "$own/broken.sql"
ig doctor --quality-checks "$own"
eq "a broken check beside an unbounded one: exit 1" 1 "$RC"
has "the broken check: its file" "the operator's check $own/broken.sql" "$(printf '%s\n' "$OUT" | grep '^broken:')"
has "the broken check: PostgreSQL's word" 'does not plan:    ops_db 127.0.0.1' "$(printf '%s\n' "$OUT" | grep -A1 '^broken:')"
has "the broken check: PostgreSQL's word" 'relation "bookings_typo" does not exist' "$OUT"
has "the broken check: its code" "QUALITY_CHECK_INVALID" "$OUT"
rm "$own/odd_emails.sql"
ig doctor --quality-checks "$own" --json
eq "a broken check alone: exit 2, bounded unknown" "2 null" "$RC $(jqv .bounded)"
eq "--json: the broken check's code and file" "QUALITY_CHECK_INVALID $own/broken.sql null" \
	"$(jqv '.statements[] | select(.name == "broken") | "\(.code) \(.file) \(.bounded)"')"
eq "--json: the checks after it still judged" "true true" \
	"$(jqv '[.statements[] | select(.name == "big_payments" or .name == "payment_orphan") | .bounded | tostring] | join(" ")')"
ig doctor --quality-checks "$WORK/no-such-dir"
eq "an unreadable folder: cannot check, exit 2" 2 "$RC"
has "an unreadable folder: named" "--quality-checks $WORK/no-such-dir" "$ERR"
# The context's quality-checks key is read as the gate reads it.
printf 'context = ci\n[context ci]\nquality-checks = %s\n' "$own" > "$WORK/ctx.conf"
ig doctor --config "$WORK/ctx.conf" --json
eq "the context's quality-checks folder" "2 broken" \
	"$RC $(jqv '[.statements[] | select(.kind == "quality-check" and .error != null) | .name] | join(" ")')"
rm "$own/broken.sql"

# The bare reference schema, with history: 20000 events, bookings and
# payments of 50 other batches, analysed so that estimates are real.
sql -c "CREATE DATABASE ops_bare OWNER ingest" >/dev/null
bare < "$top_srcdir/tests/fixtures/schema_bare.sql"
bare <<'SQL'
INSERT INTO ingest_event_log (event_id, batch_code, source, channel, event_type, status, received_at, processed_at)
SELECT 'h-' || i, 'OLD-' || (i % 50), 'partner-api', 'api', 'booking.created',
  CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, now() - interval '30 days', now() - interval '30 days'
FROM generate_series(1, 20000) i;
INSERT INTO booking (batch_code, source, booking_ref) SELECT 'OLD-' || (i % 50), 'web', 'BK-' || i FROM generate_series(1, 20000) i;
INSERT INTO payment (batch_code, booking_ref, amount) SELECT batch_code, booking_ref, 10 FROM booking;
ANALYZE;
SQL
OPS_DB_URL=$BARE ig doctor
eq "bare schema: exit 1" 1 "$RC"
has "bare schema: says the gate's time grows with history" "4 of 5 statements" "$OUT"
for ix in ingest_event_log_failed_window booking_batch_ref payment_batch_id; do
	has "bare schema: names $ix with its fix" "CREATE INDEX CONCURRENTLY $ix ON" "$OUT"
done
OPS_DB_URL=$BARE ig doctor --json
eq "bare schema: every missing index named" \
	"booking_batch_ref ingest_event_log_failed_window payment_batch_id" \
	"$(jqv '[.missingIndexes[].name] | sort | join(" ")')"
eq "bare schema: the unbounded statements" \
	"batch_rows duplicate_identity failure_messages payment_orphan" \
	"$(jqv '[.statements[] | select(.bounded == false) | .name] | sort | join(" ")')"
eq "bare schema: the table's row estimate beside each" "20000 20000 20000" \
	"$(jqv '[.missingIndexes[].tableRows] | map(tostring) | join(" ")')"
eq "bare schema: the sequential scan is named" "Seq Scan on booking" \
	"$(jqv '.statements[] | select(.name == "duplicate_identity") | .indexPath.accessPath')"
eq "printed, never run: the indexes are still missing" 0 \
	"$(bare -c "SELECT count(*) FROM pg_indexes WHERE indexname IN ('booking_batch_ref', 'payment_batch_id', 'ingest_event_log_failed_window')")"
jqv '.missingIndexes[].create' > "$WORK/fix.sql"
while IFS= read -r stmt; do bare -c "$stmt"; done < "$WORK/fix.sql"
OPS_DB_URL=$BARE ig doctor --json
eq "the printed statements fix it: exit 0, nothing missing" "0 true 0" \
	"$RC $(jqv '"\(.bounded) \(.missingIndexes | length)"')"

# An index of another name with the same definition counts as present.
bare -c "DROP INDEX booking_batch_ref; CREATE INDEX my_booking_idx ON booking (batch_code, booking_ref, source)"
OPS_DB_URL=$BARE ig doctor
eq "an equivalent index under another name: exit 0" 0 "$RC"

# Cannot check: exit 2, the backend named, no password.
OPS_DB_URL=postgresql://ingest:pw_S3CRET_9@127.0.0.1:1/ops_db ig doctor
eq "unreachable ops_db: exit 2" 2 "$RC"
has "unreachable ops_db: names the backend" "127.0.0.1:1" "$ERR"
hasnt "unreachable ops_db: no password" "pw_S3CRET_9" "$OUT$ERR"
OPS_DB_URL=postgresql://ingest:pw_S3CRET_9@127.0.0.1:1/ops_db ig doctor --json
eq "unreachable ops_db: --json says so" "2 null" "$RC $(jqv .bounded)"
OPS_DB_URL= ig doctor
eq "no OPS_DB_URL: exit 2" 2 "$RC"
sql -c "CREATE DATABASE ops_empty OWNER ingest" >/dev/null
OPS_DB_URL=${OPS_DB_URL%/ops_db}/ops_empty ig doctor
eq "no schema: exit 2" 2 "$RC"
has "no schema: PostgreSQL's word" "does not exist" "$ERR"
# A slow statement cut off by its timeout points at doctor, in the gate's
# detail and in the playbook entry of its code (both languages).
mkdir -p "$WORK/qc"
echo 'SELECT pg_sleep(2) WHERE $1 IS NOT NULL' > "$WORK/qc/slow.sql"
GATE_QUALITY_TIMEOUT_MS=200 igj quality --quality-checks "$WORK/qc"
has "a statement timeout names doctor" "statement timeout (a statement that outgrew its index? 'ingestgate doctor' names it)" \
	"$(jqv '.checks[] | select(.name == "slow") | .detail')"
for code in QUALITY_CHECK_INVALID OPS_DB_UNREACHABLE; do
	for lang in en id; do
		ig playbook "$code" --lang "$lang"
		has "playbook $code ($lang) points at doctor" '`ingestgate doctor`' "$OUT"
	done
done
ig playbook QUALITY_CHECK_INVALID --lang en
has "playbook QUALITY_CHECK_INVALID (en): doctor explains your own checks" "explains your own checks too (the folder of --quality-checks" "$OUT"
ig playbook QUALITY_CHECK_INVALID --lang id
has "playbook QUALITY_CHECK_INVALID (id): doctor explains your own checks" "menjelaskan pemeriksaan Anda sendiri (folder --quality-checks" "$OUT"
# The man page lists every index schema.sql creates beyond SPEC's (DATABASE).
man=$(cat "$top_builddir/man/ingestgate.1")
for ix in $(grep -oE '^CREATE (INDEX|TABLE) [a-z_]+' "$top_srcdir/tests/stack/schema.sql" | awk '{ print $3 }'); do
	grep -q "[ (]$ix[ ;)]" "$top_srcdir/tests/fixtures/schema_bare.sql" && continue
	has "man page DATABASE lists $ix" "$ix" "$man"
done
spec_ix=$(grep -oE '^CREATE INDEX [a-z_]+' "$top_srcdir/tests/fixtures/schema_bare.sql" | awk '{ print $3 }')
eq "schema.sql: a 'Serves' comment above each recommended index" "" \
	"$(awk '/^-- Serves/ { c = 1 } /^CREATE / { if ($2 == "INDEX" && !c) print $3; c = 0 }' \
		"$top_srcdir/tests/stack/schema.sql" | grep -vxF "$spec_ix")"
ig doctor extra
eq "an argument: usage error" 64 "$RC"
ig doctor --help
eq "doctor --help" 0 "$RC"
has "help names CONCURRENTLY" "indexes missing" "$OUT"
finish
