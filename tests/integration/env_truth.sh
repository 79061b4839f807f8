#!/usr/bin/env bash
# F-00 as strict as the runbook (issue 10, items 5 and 6), through the real
# binary: flags literally true/false, core-api's redis.status, hidden
# characters named with their offset, percent-encoded passwords and an IPv6
# host against the real Redis and PostgreSQL, and env files read as dotenv
# reads them (ignored lines warned about, a wrong file refused in one line,
# as the gate's ERROR ENV_PARSE_ERROR).
. "$(dirname "$0")/lib.sh"
need redis-server redis-cli psql curl jq

for k in $(env | grep -oE '^(CORE_API|INGEST|REDIS|OPS_DB|PHASE2|WEB_EMIT|RUN_EVIDENCE)[A-Z_]*'); do unset "$k"; done
check() { jqv ".checks[] | select(.name==\"$1\") | .$2"; }

# ---- offline: the env file and the values in it --------------------------
base() { write_env "$1"; }	# a clean runtime env file, fake secrets
e=$WORK/t.env
off() { igj env-baseline --offline --env-file "$e" "$@"; }

base "$e"
off
eq "clean file: PASS" PASS "$(jqv .verdict)"

# Flags: only the runbook's literal true/false.
for v in 1 yes TRUE on True '" true"' "'true '" ; do
	base "$e"; sed -i '/^INGEST_QUEUE_ENABLED=/d' "$e"
	printf 'INGEST_QUEUE_ENABLED=%s\n' "$v" >> "$e"
	off
	eq "INGEST_QUEUE_ENABLED=$v: ENV_FLAG_INVALID" ENV_FLAG_INVALID "$(check receiver-flags code)"
	eq "INGEST_QUEUE_ENABLED=$v: FAIL, exit 1" "FAIL 1" "$(jqv .verdict) $RC"
	hasnt "INGEST_QUEUE_ENABLED=$v: not claimed false" "=false" "$(check receiver-flags detail)"
done
base "$e"; sed -i 's/^INGEST_QUEUE_ENABLED=.*/INGEST_QUEUE_ENABLED=" true"/' "$e"
off
has "the value is shown with its space" "INGEST_QUEUE_ENABLED=' true'" "$(check receiver-flags detail)"
for v in 0 off no FALSE; do
	base "$e"; sed -i "s/^WEB_EMIT_BOOKING_EVENT_ENABLED=.*/WEB_EMIT_BOOKING_EVENT_ENABLED=$v/" "$e"
	off
	eq "WEB_EMIT_BOOKING_EVENT_ENABLED=$v: ENV_FLAG_INVALID" ENV_FLAG_INVALID "$(check emit-flag code)"
	has "WEB_EMIT_BOOKING_EVENT_ENABLED=$v: named with its value" "WEB_EMIT_BOOKING_EVENT_ENABLED='$v'" "$(check emit-flag detail)"
done
off --activation-window
eq "invalid emit flag fails in the activation window too" ENV_FLAG_INVALID "$(check emit-flag code)"
base "$e"; echo 'RUN_EVIDENCE_QUALITY_CHECK=yes' >> "$e"
off
eq "RUN_EVIDENCE_QUALITY_CHECK=yes: ENV_FLAG_INVALID" ENV_FLAG_INVALID "$(check quality-flag code)"
has "RUN_EVIDENCE_QUALITY_CHECK=yes: the quality check still runs" "quality check runs" "$(check quality-flag detail)"
base "$e"; echo 'RUN_EVIDENCE_QUALITY_CHECK=false' >> "$e"
off
eq "RUN_EVIDENCE_QUALITY_CHECK=false: PASS" PASS "$(check quality-flag verdict)"

# Hidden characters anywhere, named with code point and byte offset.
hidden() {	# hidden NAME BYTES-OF-SECRET EXPECTED-NAME OFFSET
	base "$e"; sed -i '/^INGEST_SERVICE_SECRET=/d' "$e"
	printf 'INGEST_SERVICE_SECRET=%b\n' "$2" >> "$e"
	off
	eq "$1: ENV_SECRET_HIDDEN_CHARS" ENV_SECRET_HIDDEN_CHARS "$(check secret-hygiene code)"
	has "$1: named" "$3" "$(check secret-hygiene detail)"
	has "$1: byte offset" "byte offset $4" "$(check secret-hygiene detail)"
	hasnt "$1: no secret" PLANTED_SECRET "$OUT$ERR"
}
hidden "U+2007 inside" 'sec_PLANTED\xe2\x80\x87SECRET' "U+2007 FIGURE SPACE inside" 11
hidden "U+00AD at the end" 'sec_PLANTED_SECRET\xc2\xad' "U+00AD SOFT HYPHEN at the end" 18
hidden "U+3000 at the end, quoted" '"sec_PLANTED_SECRET\xe3\x80\x80"' "U+3000 IDEOGRAPHIC SPACE at the end" 18
hidden "U+2061 inside" 'sec_PLANTED\xe2\x81\xa1SECRET' "U+2061 FUNCTION APPLICATION" 11
hidden "U+2064 at the start, quoted" '"\xe2\x81\xa4sec_PLANTED_SECRET"' "U+2064 INVISIBLE PLUS at the start" 0
hidden "variation selector" 'sec_PLANTED\xef\xb8\x8fSECRET' "U+FE0F VARIATION SELECTOR-16" 11
hidden "C1 control" 'sec_PLANTED\xc2\x85SECRET' "U+0085 NEXT LINE" 11
hidden "space inside quotes" '"sec_PLANTED SECRET"' "U+0020 SPACE inside" 11
hidden "quote left inside" "sec_PLANTED'SECRET" "quote ' (U+0027) left in the value, inside" 11

# The values dotenv gives: an inline comment, "KEY: value" and backticks.
base "$e"
printf 'INGEST_SERVICE_TOKEN: svc_PLANTED_SECRET_B2\nINGEST_SERVICE_SECRET=`sec_PLANTED_SECRET_C3`#x\n' > "$WORK/emitter.env"
off --emitter-env "$WORK/emitter.env"
eq "dotenv reading: emitter matches" PASS "$(check emitter-match verdict)"
sed -i 's/^INGEST_SERVICE_SECRET=.*/INGEST_SERVICE_SECRET=sec_PLANTED_SECRET_C3#not-part-of-it/' "$e"
off --emitter-env "$WORK/emitter.env"
eq "inline # comment is not part of the secret" PASS "$(check emitter-match verdict)"
printf 'INGEST_SERVICE_TOKEN=svc_PLANTED_SECRET_B2\nINGEST_SERVICE_SECRET="sec_PLANTED_SECRET_C3#x"\n' > "$WORK/emitter.env"
off --emitter-env "$WORK/emitter.env"
eq "a quoted # is part of it: mismatch" ENV_SECRET_MISMATCH "$(check emitter-match code)"

# A hidden character in the emitter's token (not only the receiver's).
base "$e"
printf 'INGEST_SERVICE_TOKEN=svc_PLANTED\xe2\x80\x8bSECRET_B2\nINGEST_SERVICE_SECRET=sec_PLANTED_SECRET_C3\n' > "$WORK/emitter.env"
off --emitter-env "$WORK/emitter.env"
eq "emitter token with U+200B: ENV_SECRET_HIDDEN_CHARS" ENV_SECRET_HIDDEN_CHARS "$(check secret-hygiene code)"
has "emitter token named, with the character and offset" "emitter INGEST_SERVICE_TOKEN: U+200B" "$(check secret-hygiene detail)"
has "emitter token: byte offset" "byte offset 11" "$(check secret-hygiene detail)"
hasnt "emitter token: no secret" PLANTED_SECRET "$OUT$ERR"

# Lines dotenv ignores: a WARN naming the line; more than 20 refuse the file.
base "$e"
printf 'this is not a line\n  \xe2\x80\x8bZW=1\n' >> "$e"
off
eq "ignored lines: WARN" WARN "$(check env-file verdict)"
eq "ignored lines: ENV_PARSE_ERROR" ENV_PARSE_ERROR "$(check env-file code)"
has "ignored line 13 named" "t.env:13:" "$(check env-file detail)"
has "ignored line 14 named" "t.env:14:" "$(check env-file detail)"
hasnt "the line's text is not shown" "this is not" "$OUT$ERR"
eq "ignored lines alone: gate WARN, exit 0" "WARN 0" "$(jqv .verdict) $RC"
head -c 6000 /dev/urandom | base64 -w 50 | sed 's/^/ -/' > "$WORK/binary.env"
ig gate env-baseline --offline --env-file "$WORK/binary.env"
# A gate verdict, not a usage error (issue 21 item 15): ERROR ENV_PARSE_ERROR.
eq "a wrong file: ERROR, exit 2" "2 INGEST_ENV_BASELINE_RESULT=ERROR" "$RC $(printf '%s\n' "$OUT" | tail -n 1)"
eq "a wrong file: refused in one line" 1 "$(printf '%s\n' "$OUT" | grep -c binary.env)"
has "a wrong file: says why" "ENV_PARSE_ERROR: $WORK/binary.env: not an env file" "$OUT"
base "$e"
for i in $(seq 20); do echo "junk line $i"; done >> "$e"
off
eq "twenty ignored lines still read" WARN "$(check env-file verdict)"

# ---- the real stack --------------------------------------------------------
stack_up
seed healthy
export INGEST_HTTP_TIMEOUT_MS=2000
igj env-baseline
eq "healthy: core-api-redis PASS" PASS "$(check core-api-redis verdict)"
fault '{"redisDown":true}'
igj env-baseline
eq "redis.status down: QUEUE_REDIS_UNREACHABLE" QUEUE_REDIS_UNREACHABLE "$(check core-api-redis code)"
eq "redis.status down: FAIL, exit 1" "FAIL 1" "$(jqv .verdict) $RC"
eq "our own PING still passes" PASS "$(check 'redis-ping REDIS_URL' verdict)"
clear_faults

# A password that needs percent-encoding, set on the real servers.
special='p@ss:w/rd%'
encoded='p%40ss%3Aw%2Frd%25'
rport=${REDIS_URL##*:}; rport=${rport%%/*}
rpass=${REDIS_URL#redis://:}; rpass=${rpass%%@*}
pgport=${OPS_DB_URL##*:}; pgport=${pgport%%/*}
rcli CONFIG SET requirepass "$special" >/dev/null
REDIS_URL="redis://:$encoded@127.0.0.1:$rport/0" INGEST_REDIS_URL="redis://default:$encoded@127.0.0.1:$rport/0" igj env-baseline
eq "Redis, percent-encoded password: PING" PASS "$(check 'redis-ping REDIS_URL' verdict)"
eq "Redis, user default, percent-encoded password: PING" PASS "$(check 'redis-ping INGEST_REDIS_URL' verdict)"
hasnt "no Redis password in output" "$encoded" "$OUT$ERR"
hasnt "no decoded Redis password in output" "$special" "$OUT$ERR"
REDIS_URL="redis://:p%40ss@127.0.0.1:$rport/0" igj env-baseline
eq "Redis, wrong password still refused" QUEUE_REDIS_UNREACHABLE "$(check 'redis-ping REDIS_URL' code)"
if grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null &&
	REDISCLI_AUTH="$special" redis-cli -h 127.0.0.1 -p "$rport" CONFIG SET bind '127.0.0.1 ::1' >/dev/null 2>&1; then
	REDIS_URL="redis://:$encoded@[::1]:$rport/0" igj env-baseline
	eq "Redis over IPv6 [::1]: PING" PASS "$(check 'redis-ping REDIS_URL' verdict)"
	has "IPv6 host shown in brackets" "[::1]:$rport" "$(check 'redis-ping REDIS_URL' detail)"
else
	echo "note: no IPv6 loopback here; the [::1] case is covered by check_secret only"
fi
REDISCLI_AUTH="$special" redis-cli -h 127.0.0.1 -p "$rport" CONFIG SET requirepass "$rpass" >/dev/null

sql -c "ALTER ROLE ingest PASSWORD '$special'" >/dev/null
OPS_DB_URL="postgresql://ingest:$encoded@127.0.0.1:$pgport/ops_db" igj quality
hasnt "PostgreSQL, percent-encoded password: connects" OPS_DB_UNREACHABLE "$(jqv .code)"
hasnt "PostgreSQL, percent-encoded password: not ERROR" ERROR "$(jqv .verdict)"
hasnt "no PostgreSQL password in output" "$encoded" "$OUT$ERR"
OPS_DB_URL="postgresql://ingest:$encoded@127.0.0.1:$pgport/ops_db" igj env-baseline
eq "F-00: URL with the encoded password is well formed" PASS "$(check urls verdict)"
OPS_DB_URL="postgresql://ingest:wrong@127.0.0.1:$pgport/ops_db" igj quality
eq "PostgreSQL, wrong password refused" OPS_DB_UNREACHABLE "$(jqv .code)"

nrep=$(find "$REPORTS" -type f -name '*.json' | wc -l)
[ "$nrep" -ge 4 ] && pass "$nrep JSON reports to search" || fail "only $nrep JSON reports: the search below proves nothing"
if grep -rqF -e PLANTED_SECRET -e "$encoded" -e "$special" "$REPORTS"; then fail "a secret reached a report"; else pass "no secret in reports"; fi
finish
