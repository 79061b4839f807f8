#!/usr/bin/env bash
# Every command a playbook step suggests runs as written (SPEC section 6,
# issue 12 item 12): the commands are taken from every step of both
# languages of the shipped playbook and run against the real stack, with
# nothing substituted but the documented placeholders {batch}, {source} and
# {emitter_env}. A command that would replay carries --dry-run. The
# Indonesian entries are Indonesian throughout.
. "$(dirname "$0")/lib.sh"
need redis-server psql curl jq

pb=$top_srcdir/src/playbook/playbook.json
stack_up
seed degraded
printf 'INGEST_SERVICE_TOKEN=%s\nINGEST_SERVICE_SECRET=%s\n' \
	"$INGEST_SERVICE_TOKEN" "$INGEST_SERVICE_SECRET" > "$WORK/emitter.env"

steps=$(jq -r '.entries[] | .en.steps[].text, .id.steps[].text' "$pb")
# A command is marked `ingestgate ...`; none may hide outside the marks.
bare=$(printf '%s\n' "$steps" | sed 's/`[^`]*`//g' | grep -o 'ingestgate [a-z][a-z-]*' | sort -u)
eq "every suggested command is marked with backticks" "" "$bare"
cmds=$(printf '%s\n' "$steps" | grep -o '`ingestgate [^`]*`' | tr -d '`' | sort -u)
n=$(printf '%s\n' "$cmds" | grep -c .)
[ "$n" -ge 10 ] && pass "$n distinct commands suggested" || fail "only $n commands found"
undocumented=$(printf '%s\n' "$cmds" | grep -o '{[^}]*}' | sort -u |
	grep -vx -e '{batch}' -e '{source}' -e '{emitter_env}')
eq "placeholders are the documented ones" "" "$undocumented"
# The two languages suggest the same commands.
en=$(jq -r '.entries[] | .en.steps[].text' "$pb" | grep -o '`ingestgate [^`]*`' | sort)
id=$(jq -r '.entries[] | .id.steps[].text' "$pb" | grep -o '`ingestgate [^`]*`' | sort)
eq "English and Indonesian suggest the same commands" "$en" "$id"

# Signed evidence on disk, and the commands run from the folder above the
# reports, so that `ingestgate verify reports/...` checks something (an
# unsigned report is "cannot check", exit 2, which is no answer).
openssl genpkey -algorithm ed25519 -out "$WORK/sign.pem" 2>/dev/null && chmod 600 "$WORK/sign.pem"
export INGESTGATE_SIGNING_KEY=$WORK/sign.pem
ig gate evidence </dev/null
[ -s "$REPORTS/release-evidence/$PHASE2_BATCH_CODE/latest.json" ] && pass "signed evidence to verify" ||
	fail "no evidence written: $ERR"
cd "$WORK" || exit 1

while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	case $cmd in
	*" replay "*)
		case " $cmd " in
		*" --dry-run "*) ;;
		*) fail "a replay without --dry-run: $cmd"; continue ;;
		esac ;;
	esac
	line=${cmd//\{batch\}/$PHASE2_BATCH_CODE}
	line=${line//\{source\}/partner-api}
	line=${line//\{emitter_env\}/$WORK/emitter.env}
	# Split as a shell would split the quoted words (xargs), without eval.
	mapfile -d '' words < <(printf '%s' "$line" | xargs printf '%s\0')
	ig "${words[@]:1}" </dev/null
	# 0 or 1 is an answer (PASS/WARN, FAIL, NO-GO); 2 is ERROR or "cannot
	# check", 64 a usage error, 128 and up a crash: none is a command that
	# works as written.
	case $RC in
	0|1) pass "runs as written (exit $RC): $cmd" ;;
	*) fail "$cmd: exit $RC: $ERR" ;;
	esac
	hasnt "no usage complaint: $cmd" "Try 'ingestgate" "$ERR"
done <<<"$cmds"

# Deploy commands name the context in use (issue 23), in both languages:
# staging's own scripts on a staging context, the runbook's prod ones on a
# production context.
printf 'CORE_API_BASE_URL=%s\n' "$CORE_API_BASE_URL" > "$WORK/ctx.env"
printf '[context staging]\nenv-file = %s\n[context production]\nenv-file = %s\n' \
	"$WORK/ctx.env" "$WORK/ctx.env" > "$WORK/ctx.conf"
for lang in en id; do
	ig playbook QUEUE_REDIS_UNREACHABLE --config "$WORK/ctx.conf" --context staging --lang $lang
	eq "$lang: --context staging: both deploy commands name staging" 2 \
		"$(printf '%s\n' "$OUT" | grep -c 'pnpm deploy:core-api-staging:redis:')"
	hasnt "$lang: --context staging: no production deploy command" "core-api-prod" "$OUT"
	ig playbook QUEUE_REDIS_UNREACHABLE --config "$WORK/ctx.conf" --context production --lang $lang
	eq "$lang: --context production: the runbook's prod commands" 2 \
		"$(printf '%s\n' "$OUT" | grep -c 'pnpm deploy:core-api-prod:redis:')"
done

# Indonesian throughout: no English sentence words outside commands, codes
# and names (a word list, not a translation check).
id_text=$(jq -r '.entries[] | .id | .title, .why, .steps[].text' "$pb" | sed 's/`[^`]*`//g')
english=$(printf '%s\n' "$id_text" | grep -owE '[Tt]he|and|with|then|after|again|before|[Cc]heck|[Rr]un|[Rr]ead|[Ww]rite|corrective action|throttling|traffic|probe|review|[Ss]uccess rate' | sort -u | tr '\n' ' ')
eq "no English words left in the Indonesian entries" "" "$english"
finish
