#!/usr/bin/env bash
# F-00 offline through the real binary: verdict, code, result line and exit
# status for every check, and no secret in stdout, stderr or any report.
. "$(dirname "$0")/lib.sh"
need jq

for k in $(env | grep -oE '^(CORE_API|INGEST|REDIS|OPS_DB|PHASE2|WEB_EMIT|RUN_EVIDENCE)[A-Z_]*'); do unset "$k"; done

expect() {	# expect NAME RC VERDICT CODE ENVFILE [extra args]
	local name=$1 rc=$2 verdict=$3 code=$4 env=$5; shift 5
	ig gate env-baseline --offline --env-file "$env" "$@"
	eq "$name: exit" "$rc" "$RC"
	eq "$name: result line" "INGEST_ENV_BASELINE_RESULT=$verdict" "$(printf '%s\n' "$OUT" | tail -n 1)"
	[ -n "$code" ] && has "$name: code" "$code" "$OUT"
	hasnt "$name: no secret in output" PLANTED_SECRET "$OUT$ERR"
	igj env-baseline --offline --env-file "$env" "$@"
	eq "$name: json verdict" "$verdict" "$(jqv .verdict)"
	eq "$name: json code" "${code:-null}" "$(jqv '.code // "null"')"
}

e=$WORK/test.env
write_env "$e"
expect "clean env" 0 PASS "" "$e"
eq "network checks skipped offline" SKIPPED "$(jqv '.checks[] | select(.name=="core-api-runtime") | .verdict')"

write_env "$e" OPS_DB_URL ""
expect "missing key" 1 FAIL ENV_MISSING_KEY "$e"
write_env "$e" INGEST_SERVICE_TOKEN "INGEST_SERVICE_TOKEN="
expect "empty key" 1 FAIL ENV_MISSING_KEY "$e"
write_env "$e" INGEST_WEBHOOK_ENABLED "INGEST_WEBHOOK_ENABLED=false"
expect "flag disabled" 1 FAIL ENV_FLAG_DISABLED "$e"
write_env "$e" WEB_EMIT_BOOKING_EVENT_ENABLED "WEB_EMIT_BOOKING_EVENT_ENABLED=true"
expect "emit early" 1 FAIL ENV_EMIT_ENABLED_EARLY "$e"
expect "emit allowed in the activation window" 0 PASS "" "$e" --activation-window
write_env "$e" CORE_API_BASE_URL "CORE_API_BASE_URL=core-api.internal"
expect "invalid url" 1 FAIL ENV_INVALID_URL "$e"
write_env "$e" REDIS_URL "REDIS_URL=http://:PLANTED_SECRET_D4@127.0.0.1:6379"
expect "redis url of the wrong scheme" 1 FAIL ENV_INVALID_URL "$e"
write_env "$e" INGEST_SERVICE_SECRET "INGEST_SERVICE_SECRET=\"sec_PLANTED_SECRET_C3 \""
expect "trailing space inside quotes" 1 FAIL ENV_SECRET_HIDDEN_CHARS "$e"
write_env "$e" INGEST_SERVICE_SECRET "$(printf 'INGEST_SERVICE_SECRET=sec_PLANTED_SECRET_C3\xe2\x80\x8b')"
expect "zero-width space" 1 FAIL ENV_SECRET_HIDDEN_CHARS "$e"
has "zero-width named" "U+200B ZERO WIDTH SPACE" "$OUT"
write_env "$e" CORE_API_ADMIN_TOKEN "$(printf 'CORE_API_ADMIN_TOKEN="adm_PLANTED_SECRET_A1\xc2\xa0"')"
expect "nbsp" 1 FAIL ENV_SECRET_HIDDEN_CHARS "$e"
write_env "$e" INGEST_SERVICE_TOKEN "INGEST_SERVICE_TOKEN=\"'svc_PLANTED_SECRET_B2'\""
expect "leftover quotes" 1 FAIL ENV_SECRET_HIDDEN_CHARS "$e"

# CRLF endings and a BOM are file format, not part of any value.
write_env "$e"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$e"; } > "$WORK/crlf.env"
expect "CRLF and BOM" 0 PASS "" "$WORK/crlf.env"

write_env "$e"
printf 'INGEST_SERVICE_TOKEN=svc_PLANTED_SECRET_B2\nINGEST_SERVICE_SECRET=sec_PLANTED_SECRET_C3\n' > "$WORK/emitter.env"
expect "emitter agrees" 0 PASS "" "$e" --emitter-env "$WORK/emitter.env"
printf 'INGEST_SERVICE_TOKEN=svc_PLANTED_SECRET_B2\nINGEST_SERVICE_SECRET=sec_PLANTED_SECRET_ZZ\n' > "$WORK/emitter.env"
expect "emitter differs" 1 FAIL ENV_SECRET_MISMATCH "$e" --emitter-env "$WORK/emitter.env"

# dotenv ignores line 13 (a WARN naming it) and keeps line 14's unclosed
# quote as text, which makes the URL invalid.
printf 'KEY_WITHOUT_VALUE\nCORE_API_BASE_URL="unclosed\n' >> "$e"
expect "malformed lines" 1 FAIL ENV_INVALID_URL "$e"
has "ignored line named with its number" "test.env:13:" "$ERR$OUT"
has "ignored line is ENV_PARSE_ERROR" ENV_PARSE_ERROR "$ERR$OUT"

# --offline still runs every URL check in full (SPEC section 3, issue 21
# item 10): rediss:// refused, ports 1-65535, a Redis database a number.
urls() { jqv '.checks[] | select(.name == "urls") | .detail'; }
write_env "$e" REDIS_URL "REDIS_URL=rediss://:PLANTED_SECRET_D4@127.0.0.1:6379/0"
expect "rediss refused offline" 1 FAIL ENV_INVALID_URL "$e"
has "rediss: says why" "REDIS_URL: rediss:// (TLS) is not supported" "$(urls)"
write_env "$e" INGEST_REDIS_URL "INGEST_REDIS_URL=redis://:PLANTED_SECRET_D4@127.0.0.1:0/0"
expect "port 0 refused offline" 1 FAIL ENV_INVALID_URL "$e"
has "port 0: says why" "INGEST_REDIS_URL: port 0 is not from 1 to 65535" "$(urls)"
write_env "$e" OPS_DB_URL "OPS_DB_URL=postgresql://ingest:PLANTED_SECRET_E5@127.0.0.1:65536/ops_db"
expect "port 65536 refused offline" 1 FAIL ENV_INVALID_URL "$e"
write_env "$e" REDIS_URL "REDIS_URL=redis://:PLANTED_SECRET_D4@127.0.0.1:6379/zero"
expect "Redis database not a number, offline" 1 FAIL ENV_INVALID_URL "$e"
has "database: says why" "REDIS_URL: the database in the URL path is not a whole number" "$(urls)"

# Plain http:// to a core-api off loopback would carry the admin token in
# cleartext (issue 25 item 5): FAIL unless --insecure, which says so; the
# reports name the scheme.
write_env "$e" CORE_API_BASE_URL "CORE_API_BASE_URL=http://core-api.internal:8080"
expect "plain http to a remote core-api" 1 FAIL ENV_INVALID_URL "$e"
has "plain http: says why" "plain http:// to core-api.internal, which is not on loopback" "$(urls)"
eq "plain http: the scheme reported" http "$(jqv .coreApiScheme)"
expect "plain http allowed by --insecure" 0 PASS "" "$e" --insecure
has "--insecure: shown as such" "allowed by --insecure: the admin token travels in CLEARTEXT" "$(urls)"
eq "--insecure: tlsVerify false" false "$(jqv .tlsVerify)"
has "--insecure: the report says no TLS" "core-api URL is plain \`http://\`: no TLS" \
	"$(cat "$REPORTS/gates/ingest-env-baseline/latest.md")"
hasnt "offline: the report claims no reach" "reached" \
	"$(cat "$REPORTS/gates/ingest-env-baseline/latest.md")"
for u in http://127.0.0.1:8080 http://localhost:8080 'http://[::1]:8080'; do
	write_env "$e" CORE_API_BASE_URL "CORE_API_BASE_URL=$u"
	expect "plain http on loopback ($u)" 0 PASS "" "$e"
done
write_env "$e"
igj env-baseline --offline --env-file "$e"
eq "https: the scheme reported" "https true" "$(jqv '.coreApiScheme + " " + (.tlsVerify | tostring)')"
# No gate sends the token there either: refused before any connection.
CORE_API_BASE_URL=http://core-api.internal:8080 igj processing
eq "processing refuses plain http off loopback" "ERROR ENV_INVALID_URL" "$(jqv '.verdict + " " + .code')"
has "processing: says why" "admin token would travel in cleartext" \
	"$(jqv '.checks[] | select(.name == "metrics") | .detail')"

# An env file with more than 20 ignored lines is a gate verdict (issue 21
# item 15): ERROR ENV_PARSE_ERROR with a result line, JSON and a report.
for i in $(seq 1 21); do echo "not a KEY=value line $i"; done > "$WORK/junk.env"
ig gate env-baseline --offline --env-file "$WORK/junk.env"
eq "not an env file: exit 2" 2 "$RC"
eq "not an env file: result line" INGEST_ENV_BASELINE_RESULT=ERROR "$(printf '%s\n' "$OUT" | tail -n 1)"
has "not an env file: said" "not an env file: 21 lines are not KEY=value" "$OUT"
igj env-baseline --offline --env-file "$WORK/junk.env"
eq "not an env file: JSON" "ERROR ENV_PARSE_ERROR" "$(jqv '.verdict + " " + .code')"
eq "not an env file: the report" "ERROR ENV_PARSE_ERROR" \
	"$(jq -r '.verdict + " " + .code' "$REPORTS/gates/ingest-env-baseline/latest.json")"
igj processing --env-file "$WORK/junk.env"
eq "not an env file: any gate" "ERROR ENV_PARSE_ERROR 2" "$(jqv '.verdict + " " + .code') $RC"
head -n 20 "$WORK/junk.env" > "$WORK/twenty.env"
cat "$e" >> "$WORK/twenty.env"
igj env-baseline --offline --env-file "$WORK/twenty.env"
eq "20 ignored lines: still read (WARN)" "WARN ENV_PARSE_ERROR" "$(jqv '.verdict + " " + .code')"
ig playbook --env-file "$WORK/junk.env"
eq "not an env file: other commands do not start" 64 "$RC"

ig gate nope
eq "unknown gate exit" 64 "$RC"
ig gate processing --window 0
eq "bad flag value exit" 64 "$RC"

# No planted secret anywhere: outputs were checked per run; now every report.
nrep=$(find "$REPORTS" -type f -name '*.json' | wc -l)
[ "$nrep" -ge 4 ] && pass "$nrep JSON reports to search" || fail "only $nrep JSON reports: the search below proves nothing"
if grep -rq PLANTED_SECRET "$REPORTS"; then fail "a secret reached a report"; else pass "no secret in $(find "$REPORTS" -type f | wc -l) report files"; fi
finish
