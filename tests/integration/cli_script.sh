#!/usr/bin/env bash
# Scriptable output (issue 24, item 4): under a locale that is not UTF-8
# every byte the command line prints is ASCII; timeline --json is one JSON
# document and --json-lines one object a line; a command's errors end with
# "Try 'ingestgate CMD --help'"; "did you mean" only for a close match.
. "$(dirname "$0")/lib.sh"
need jq

e=$WORK/test.env
write_env "$e"
# Two F-00 runs with different verdicts: the timeline has something to say.
ig gate env-baseline --offline --env-file "$e"
sed -i 's/^INGEST_WEBHOOK_ENABLED=true/INGEST_WEBHOOK_ENABLED=false/' "$e"
ig gate env-baseline --offline --env-file "$e"
eq "second F-00 run fails" 1 "$RC"

# Every byte ASCII: a transcript of commands under each non-UTF-8 locale
# (C, POSIX, and one named but not installed), stdout and stderr alike.
transcript() {
	local g
	"$IG" --help; "$IG" help gate; "$IG" help evidence; "$IG" help replay
	for g in env-baseline processing dlq-growth quality release evidence; do
		"$IG" help "$g"
	done
	"$IG" playbook; "$IG" playbook DLQ_GROWTH_HIGH; "$IG" playbook ENV_FLAG_DISABLED --lang id
	"$IG" gate env-baseline --offline --env-file "$e" --reports-dir "$REPORTS"
	"$IG" gate evidence --offline --env-file "$e" --reports-dir "$REPORTS"
	"$IG" timeline --reports-dir "$REPORTS" --batch F-2026-02-20
	"$IG" status --offline --env-file "$e" --reports-dir "$REPORTS"
	"$IG" contexts; "$IG" completion fish
	"$IG" gate evidnece; "$IG" help nonsense; "$IG" replay --status CLOSED
}
for loc in C POSIX en_US.ISO-8859-1; do
	{ LC_ALL=$loc transcript > "$WORK/t.out" 2>&1; } 2>/dev/null
	bad=$(LC_ALL=C grep -c -P '[^\x00-\x7f]' "$WORK/t.out")
	eq "LC_ALL=$loc: every byte printed is ASCII" 0 "$bad"
	[ "$bad" = 0 ] || LC_ALL=C grep -n -P '[^\x00-\x7f]' "$WORK/t.out" | head -n 5
done
LC_ALL=C "$IG" help evidence > "$WORK/c.out"
has "LC_ALL=C: the ellipsis has its stand-in" "F-00...F-05" "$(cat "$WORK/c.out")"
LC_ALL=C "$IG" playbook DLQ_GROWTH_HIGH > "$WORK/c.out"
has "LC_ALL=C: the dash has its stand-in" "DLQ_GROWTH_HIGH -- " "$(cat "$WORK/c.out")"
LC_ALL=C.UTF-8 "$IG" help evidence > "$WORK/u.out"
has "a UTF-8 locale keeps the glyphs" "F-00…F-05" "$(cat "$WORK/u.out")"
LC_ALL=C "$IG" gate env-baseline --offline --env-file "$e" --reports-dir "$REPORTS" --json > "$WORK/j.out"
jq -e . "$WORK/j.out" >/dev/null && pass "LC_ALL=C: the JSON is still JSON" || fail "LC_ALL=C broke the JSON"

# timeline --json: one document; --json-lines: one object a line.
ig timeline --batch F-2026-02-20 --json
eq "timeline --json: one JSON document" 1 "$(printf '%s' "$OUT" | jq -s length)"
eq "timeline --json: an array" array "$(printf '%s' "$OUT" | jq -r type)"
n=$(printf '%s' "$OUT" | jq length)
[ "$n" -ge 2 ] && pass "timeline --json: the events ($n)" || fail "timeline --json: $n events"
ig timeline --batch F-2026-02-20 --json-lines
eq "timeline --json-lines: a line per event" "$n" "$(printf '%s\n' "$OUT" | grep -c .)"
eq "timeline --json-lines: each line an object" "$n" \
	"$(printf '%s\n' "$OUT" | while IFS= read -r l; do printf '%s' "$l" | jq -r type; done | grep -c '^object$')"
ig timeline --json --json-lines
eq "timeline --json --json-lines: usage error" 64 "$RC"

# A command's errors point at that command's help.
try() {	# try CMD ARGS...: a usage error of CMD ending with its Try line
	local c=$1
	ig "$@"
	eq "$c error: exit 64 ($*)" 64 "$RC"
	eq "$c error ends with its help ($*)" "Try 'ingestgate $c --help'." "$(printf '%s\n' "$ERR" | tail -n 1)"
}
try replay --status FAILED
try replay --status FAILED --role MANAGER extra
try signoff --by Dewi
try verify
try timeline --since 24
try gate nosuchgate
try playbook A B
"$IG" help a b 2> "$WORK/err"
eq "help error ends with the overview (help's own help)" "Try 'ingestgate --help'." "$(tail -n 1 "$WORK/err")"
# A missing config file is named where it would be, not as a variable.
msg=$(HOME=$WORK/home XDG_CONFIG_HOME= "$IG" contexts 2>&1)
has "no contexts: the config file's path, resolved" "to $WORK/home/.config/ingestgate/config" "$msg"
try completion
try status --bogus
try gate processing --window
try contexts extra

# "Did you mean": a close match only.
ERR=$("$IG" help nonsense 2>&1)
has "help nonsense: says so" "no command or gate 'nonsense'" "$ERR"
hasnt "help nonsense: no far suggestion" "did you mean" "$ERR"
ERR=$("$IG" help procesing 2>&1)
has "help procesing: the close one" "did you mean 'processing'" "$ERR"
ig gate qualty
has "gate qualty: the close one" "did you mean 'quality'" "$ERR"
ig gate zzzzzz
hasnt "gate zzzzzz: no suggestion" "did you mean" "$ERR"
ig playbook NOT_A_CODE_AT_ALL
hasnt "playbook far code: no suggestion" "did you mean" "$ERR"

# Options are written whole: getopt_long's unique prefixes would let half a
# word turn TLS verification off (--ins) or confirm a write (--y).
before=$(find "$REPORTS" -type f | wc -l)
ig gate env-baseline --ins --offline --env-file "$e"
eq "--ins: a usage error" 64 "$RC"
has "--ins: names the whole option" "option '--ins' is short for '--insecure': write it whole" "$ERR"
eq "--ins: no report written" "$before" "$(find "$REPORTS" -type f | wc -l)"
ig replay --status FAILED --role MANAGER --y
eq "--y: a usage error" 64 "$RC"
has "--y: names --yes" "short for '--yes'" "$ERR"
ig gate env-baseline --offline --env-file "$e" --insecure
eq "--insecure written whole still works" 1 "$RC"
has "--insecure written whole: flagged" "TLS VERIFICATION WAS OFF" "$OUT"
# A forgotten value does not eat the next option as a file name.
ig gate env-baseline --env-file --offline
eq "--env-file --offline: a usage error" 64 "$RC"
has "--env-file --offline: says the value is missing" "option '--env-file' needs a value, not the option '--offline'" "$ERR"
ig timeline --since --batch F-2026-02-20
has "--since --batch: says the value is missing" "option '--since' needs a value, not the option '--batch'" "$ERR"
for v in --off -h --batch=X; do
	ig gate env-baseline --env-file "$v"
	eq "--env-file $v: a usage error" 64 "$RC"
	has "--env-file $v: says the value is missing" "option '--env-file' needs a value, not the option '$v'" "$ERR"
done
# A value that only looks like an option is a value: one that is no option,
# one attached with '=', one quoted with a space in it. Each sign-off (an
# ack of the evidence above, by four people) records its note as given.
ig signoff --by ana --as QA --note --not-an-option --batch F-2026-02-20 --operator ana
eq "--note --not-an-option: signed" 0 "$RC"
ig signoff --by budi --as QA --note=--yes --batch F-2026-02-20 --operator ana
eq "--note=--yes: signed" 0 "$RC"
ig signoff --by citra --as QA --note=--batch=X --batch F-2026-02-20 --operator ana
eq "--note=--batch=X: signed" 0 "$RC"
ig signoff --by dewi --as QA --note "--batch=F-1 was rerun" --batch F-2026-02-20 --operator ana
eq "--note '--batch=F-1 was rerun': signed" 0 "$RC"
eq "the four notes, as given" "--not-an-option|--yes|--batch=X|--batch=F-1 was rerun" \
	"$(jq -r .note "$REPORTS/release-evidence/F-2026-02-20/signoffs.jsonl" | paste -sd'|')"

# The man page's SYNOPSIS has every form the usage lists, as --help writes
# it (the command table is the one list; the page is checked against it).
missing=$("$IG" --help | python3 -c '
import re, subprocess, sys
forms = []
for line in sys.stdin.read().split("\n"):
    if line == "":
        break
    m = re.match(r"^(usage: |       )(ingestgate.*)$", line)
    if m:
        forms.append(m.group(2))
    else:
        forms[-1] += " " + line.strip()
man = subprocess.run(["man", "-l", sys.argv[1]], capture_output=True, text=True,
                     env={"MANWIDTH": "1000", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}).stdout
syn = man.split("SYNOPSIS", 1)[1].split("DESCRIPTION", 1)[0]
lines = {" ".join(l.split()).replace("\u2010", "-") for l in syn.split("\n")}
print("; ".join(f for f in (" ".join(f.split()) for f in forms) if f not in lines))
' "$top_builddir/man/ingestgate.1"); RC=$?
eq "man SYNOPSIS: the check ran (man, the page, the usage lines)" 0 "$RC"
eq "man SYNOPSIS: every form of the usage" "" "$missing"

# A gate's help says that its FAIL puts the batch on HOLD (SPEC 5.1).
for t in gate env-baseline evidence; do
	has "help $t: a FAIL puts the batch on HOLD" "puts it on
              HOLD until the Tech Lead and the Backend Lead" "$("$IG" help $t)"
done

# A step's placeholder the playbook has no value for is named, with where
# to find one (a command copied with {source} in it runs on nothing); the
# Indonesian entry says its own words around the steps.
OUT=$(env -u PHASE2_BATCH_CODE "$IG" playbook DLQ_GROWTH_HIGH --reports-dir "$REPORTS")
has "playbook: an unknown {source} is named" "fill in {source}: the DLQ source: run 'ingestgate gate dlq-growth'" "$OUT"
OUT=$(env -u PHASE2_BATCH_CODE "$IG" playbook BATCH_ON_HOLD --lang id --reports-dir "$REPORTS")
has "playbook --lang id: an unknown {batch}, in Indonesian" "isi sendiri {batch}: kode batch" "$OUT"
has "playbook --lang id: the live check, in Indonesian" "cek langsung: " "$OUT"
hasnt "playbook --lang id: no English frame" "live check:" "$OUT"
OUT=$(PHASE2_BATCH_CODE=F-2026-02-20 "$IG" playbook BATCH_ON_HOLD --reports-dir "$REPORTS")
has "playbook: a known batch filled in" "signoff --batch F-2026-02-20" "$OUT"
hasnt "playbook: a known batch is not asked for" "fill in {batch}" "$OUT"

# "next:" names the result's playbook entry, then the other stages' codes
# in stage order; a single gate names its one.
ig gate evidence --offline --env-file "$e"
nx=$(printf '%s\n' "$OUT" | grep '^  next: ')
if printf '%s\n' "$nx" | grep -qE '^  next: ingestgate playbook [A-Z_]+ \(also: [A-Z_]+(, [A-Z_]+)*\)$'; then
	pass "evidence next: the result's entry, then the other stages' codes ($nx)"
else
	fail "evidence next: not 'CODE (also: CODE, ...)': '$nx'"
fi
first=$(printf '%s\n' "$nx" | sed 's/^  next: ingestgate playbook \([A-Z_]*\) .*/\1/')
also=$(printf '%s\n' "$nx" | sed 's/.*(also: \(.*\))$/\1/' | tr -d ' ' | tr , '\n')
eq "evidence next: no code named twice" "" "$(printf '%s\n%s\n' "$first" "$also" | sort | uniq -d)"
# In stage order: the order the stages print their codes in.
staged=$(printf '%s\n' "$OUT" | sed -n 's/^    F-0[0-5] [^:]*: [A-Z]* \([A-Z_]*\)$/\1/p' | awk '!s[$0]++' | grep -vx "$first" | paste -sd,)
eq "evidence next: the others in stage order" "$staged" "$(printf '%s\n' "$also" | paste -sd,)"
ig gate env-baseline --offline --env-file "$e"
eq "single gate next: its one entry" "  next: ingestgate playbook ENV_FLAG_DISABLED" "$(printf '%s\n' "$OUT" | grep '^  next: ')"

# status reads the one environment's env file once: one warning, not two.
printf 'PHASE2_BATCH_CODE=F-2026-02-20\nbad line here\n' > "$WORK/warn.env"
"$IG" status --offline --env-file "$WORK/warn.env" --reports-dir "$REPORTS" >/dev/null 2>"$WORK/warn.err"
eq "status: an env file's warning once" 1 "$(grep -c 'dotenv ignores it' "$WORK/warn.err")"

# A missing key whose value sits under another name is said so: a name
# other apps use (DATABASE_URL), or a slip (INGEST_REDIS_ULR).
write_env "$WORK/alias.env" OPS_DB_URL "DATABASE_URL=postgresql://ingest:PLANTED_SECRET_E5@127.0.0.1:5432/ops_db" \
	INGEST_REDIS_URL "INGEST_REDIS_ULR=redis://127.0.0.1:6379/0"
ig gate env-baseline --offline --env-file "$WORK/alias.env"
has "missing key: the list as before" "missing or empty: INGEST_REDIS_URL, OPS_DB_URL;" "$OUT"
has "missing key: another app's name" "the env file names DATABASE_URL, not OPS_DB_URL" "$OUT"
has "missing key: a slip" "the env file names INGEST_REDIS_ULR, not INGEST_REDIS_URL" "$OUT"
hasnt "missing key: no secret in the hint" "PLANTED_SECRET" "$OUT$ERR"
# Not a slip: another key of the same family, an empty value; the case is.
write_env "$WORK/alias.env" INGEST_QUEUE_ENABLED "INGEST_QUEUE_DISABLED=true" \
	OPS_DB_URL "DATABASE_URL=" CORE_API_ADMIN_TOKEN "CORE_API_READ_TOKEN=x" \
	INGEST_REDIS_URL "ingest_redis_url=redis://127.0.0.1:6379/0"
ig gate env-baseline --offline --env-file "$WORK/alias.env"
has "missing keys listed" "missing or empty: CORE_API_ADMIN_TOKEN, INGEST_REDIS_URL, OPS_DB_URL, INGEST_QUEUE_ENABLED;" "$OUT"
hasnt "missing key: DISABLED is no slip for ENABLED" "INGEST_QUEUE_DISABLED, not" "$OUT"
hasnt "missing key: an empty DATABASE_URL holds nothing" "DATABASE_URL, not" "$OUT"
hasnt "missing key: another token is no slip" "CORE_API_READ_TOKEN, not" "$OUT"
has "missing key: the case differs" "the env file names ingest_redis_url, not INGEST_REDIS_URL" "$OUT"

# libpq's messages end with a newline: no trailing space is left of it.
write_env "$WORK/port.env" OPS_DB_URL "OPS_DB_URL=postgresql://ingest:PLANTED_SECRET_E5@127.0.0.1:99999/ops_db"
ig gate quality --env-file "$WORK/port.env"
has "ops_db bad port: libpq's message" 'invalid port number: "99999"' "$OUT"
eq "ops_db bad port: no trailing space" "" "$(printf '%s\n' "$OUT" | grep 'invalid port number' | grep ' $')"

# Help fits 80 columns: every line but an example's (a command to copy
# whole: the lines under "examples:" up to the blank line) folds at 79
# columns, under UTF-8 and C alike, the overview, each command's and each
# gate's; the exit status and batch status text after the examples too.
wide="" topics=0
for loc in C.UTF-8 C; do
	for topic in "" $("$IG" --help | sed -n '/^commands:/,/^$/p' | awk '/^  [^ ]/ {print $1}') \
	    $("$IG" help gate | sed -n '/^gates:/,/^$/p' | awk '/^  [^ ]/ {print $1}'); do
		topics=$((topics + 1))
		w=$(LC_ALL=$loc "$IG" help $topic 2>&1 | python3 -c '
import sys
lines = sys.stdin.buffer.read().decode("utf-8").splitlines()
if len(lines) < 5:
    print("only %d lines of help" % len(lines))
ex = False
for line in lines:
    if line == "examples:":
        ex = True
    elif line == "":
        ex = False
    elif not ex and len(line) > 79:
        print(repr(line))') || w="$w (the check failed)"
		[ -z "$w" ] || wide="$wide $loc help ${topic:-(overview)}: $w;"
	done
done
[ "$topics" -gt 40 ] && pass "help width: $topics topics read" || fail "help width: only $topics topics read"
eq "help: no line past 79 columns but examples" "" "$wide"

finish
