#!/usr/bin/env bash
# Shell completion (issue 24, item 3): `ingestgate completion bash|zsh|fish`
# completes commands, gate names and aliases, playbook codes, context names,
# each command's flags and their value sets. The bash script is driven for
# real (COMP_WORDS in, COMPREPLY out); the expected words come from what
# the program's help, playbook list and config say, never from the script.
. "$(dirname "$0")/lib.sh"
need zsh

# complete WORDS...: what bash offers for the last word (sorted, one line).
complete_words() {
	bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_ingestgate ingestgate "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort -u | paste -sd " " -' _ "$WORK/ig.bash" "$@"
}
sorted() { tr ' ' '\n' | sed '/^$/d' | sort -u | paste -sd ' ' -; }

"$IG" completion bash > "$WORK/ig.bash"; RC=$?
eq "completion bash: exit 0" 0 "$RC"
bash -n "$WORK/ig.bash" && pass "the bash script parses" || fail "bash -n"

# What the program says it has.
commands=$("$IG" --help | sed -n '/^commands:/,/^$/p' | awk '/^  [^ ]/ {print $1}' | sorted)
gates=$( { "$IG" help gate | sed -n '/^gates:/,/^$/p' | awk '/^  [^ ]/ {print $1}'
	for g in $("$IG" help gate | sed -n '/^gates:/,/^$/p' | awk '/^  [^ ]/ {print $1}'); do
		"$IG" help "$g" | sed -n 's/^runbook alias: //p'
	done; } | sorted)
codes=$("$IG" playbook | awk '/^[A-Z][A-Z0-9_]+ / {print $1}' | sorted)
[ -n "$commands" ] && [ -n "$gates" ] && [ -n "$codes" ] || fail "the help lists nothing to compare with"

eq "ingestgate <TAB>: every command" "$commands" "$(complete_words ingestgate '')"
eq "ingestgate gate <TAB>: every gate and alias" "$gates" "$(complete_words ingestgate gate '')"
eq "ingestgate gate proc<TAB>" "processing" "$(complete_words ingestgate gate proc)"
eq "ingestgate playbook <TAB>: every code" "$codes" "$(complete_words ingestgate playbook '')"
eq "ingestgate help <TAB>: commands and gates" "$(printf '%s %s' "$commands" "$gates" | sorted)" \
	"$(complete_words ingestgate help '')"
eq "ingestgate completion <TAB>: the shells" "bash fish zsh" "$(complete_words ingestgate completion '')"
eq "--status: OPEN FAILED" "FAILED OPEN" "$(complete_words ingestgate replay --status '')"
eq "--role: MANAGER ADMIN" "ADMIN MANAGER" "$(complete_words ingestgate replay --dry-run --role '')"
eq "--lang: en id" "en id" "$(complete_words ingestgate playbook --lang '')"
eq "an option's value is not taken for a command" "$commands" "$(complete_words ingestgate --batch gate '')"
eq "only the first operand completes" "" "$(complete_words ingestgate gate processing '')"

# Each command's flags are those its help lists (plus --help).
for c in replay signoff timeline status playbook; do
	want=$( { echo --help; "$IG" "$c" --help | sed -n '/^options:/,/^$/p' |
		grep -oE '^  --[a-z-]+'; } | tr -d ' ' | sorted)
	eq "$c --<TAB>: the flags its help lists" "$want" "$(complete_words ingestgate "$c" --)"
done
has "gate --<TAB> has --metrics-file" "--metrics-file" "$(complete_words ingestgate gate evidence --)"
has "timeline --<TAB> has --json-lines" "--json-lines" "$(complete_words ingestgate timeline --)"

# Context names come from the config when completing.
mkdir -p "$XDG_CONFIG_HOME/ingestgate"
printf 'context = staging\n[context staging]\nreports-dir = %s/s\n[context prod-eu]\nreports-dir = %s/p\n' \
	"$WORK" "$WORK" > "$XDG_CONFIG_HOME/ingestgate/config"
PATH=$(dirname "$IG"):$PATH
eq "--context <TAB>: the config's contexts" "prod-eu staging" "$(complete_words ingestgate gate release --context '')"
eq "--context p<TAB>" "prod-eu" "$(complete_words ingestgate status --context p)"

# zsh and fish: the same words, from the same tables.
"$IG" completion zsh > "$WORK/_ingestgate"; RC=$?
eq "completion zsh: exit 0" 0 "$RC"
zsh -n "$WORK/_ingestgate" && pass "the zsh script parses" || fail "zsh -n"
has "zsh: a #compdef file" "#compdef ingestgate" "$(head -n 1 "$WORK/_ingestgate")"
"$IG" completion fish > "$WORK/ingestgate.fish"; RC=$?
eq "completion fish: exit 0" 0 "$RC"
fish_cmds=$(sed -n "s/^complete -c ingestgate -n '__ingestgate_is \"\"' -a \([a-z]*\) .*/\1/p" "$WORK/ingestgate.fish" | sorted)
eq "fish: every command" "$commands" "$fish_cmds"
missing=""
for w in $gates $codes; do
	grep -qw -- "$w" "$WORK/_ingestgate" && grep -qw -- "$w" "$WORK/ingestgate.fish" ||
		missing="$missing $w"
done
eq "zsh and fish name every gate, alias and code" "" "$missing"
has "fish: --status values" "-l status -x -a 'OPEN FAILED'" "$(cat "$WORK/ingestgate.fish")"

"$IG" completion 2> "$WORK/err"; RC=$?
eq "completion without a shell: usage error" 64 "$RC"
has "completion without a shell: its help" "Try 'ingestgate completion --help'" "$(cat "$WORK/err")"
"$IG" completion tcsh 2> "$WORK/err"; RC=$?
eq "completion tcsh: usage error" 64 "$RC"

finish
