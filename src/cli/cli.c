/* The command line's front: the command table (one row per command, read
 * by dispatch and by help), the options parsed with getopt and checked
 * against the command they are given to, and the dispatch to the command.
 * The commands' bodies live in cli_gate.c, cli_playbook.c, cli_replay.c and
 * cli_contexts.c (signoff, verify and timeline in cli_trust.c); their
 * options are the option table of cli_flags.c, and help (cli_help.c) is
 * drawn from both, the command table handed to it. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/ascii_out.h"
#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_trust.h"
#include "gates/gate.h"
#include "config/context.h"
#include "config/settings.h"
#include "core/suggest.h"
#include "core/util.h"

/* signoff, verify and timeline live in cli_trust.c. */
static int
cmd_trust(const struct cli_args *a, int argc, char **argv)
{
	struct settings s;
	const char *cmd = a->command;
	int status;

	if ((status = cli_load_settings(a, &s)) != 0)
		return status;
	if (strcmp(cmd, "signoff") == 0)
		status = trust_cmd_signoff(&s, &a->trust, argc, argv);
	else if (strcmp(cmd, "verify") == 0)
		status = trust_cmd_verify(&s, &a->trust, argc, argv);
	else
		status = trust_cmd_timeline(&s, &a->trust, argc, argv);
	settings_free(&s);
	return status;
}

static int
run_console(const struct cli_args *a, int argc, char **argv)
{
	struct settings s;
	int status;

	if (argc > 0)
		return cli_cmd_usage("console", "unexpected argument '%s'",
		    argv[0]);
	if (a->console == NULL)
		return cli_usage("the console is not part of this build");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_usage("the console needs a terminal; use "
		    "'ingestgate gate NAME' in scripts");
	if ((status = cli_load_settings(a, &s)) != 0)
		return status;
	/* A console that can replay writes: it needs a name for the audit. */
	if (!s.readonly && (status = cli_need_operator(&s, "console")) != 0) {
		settings_free(&s);
		return status;
	}
	ascii_out_remove();
	status = a->console(&s);
	settings_free(&s);
	return status;
}

static int run_help(const struct cli_args *a, int argc, char **argv);
static int run_completion(const struct cli_args *a, int argc, char **argv);

/* The commands: one row each (SPEC section 4). options: the long names that
 * apply; for `gate`, add cli_gate_common_options and the gate's own. */
static const struct cli_command commands[] = {
	{ "console", run_console,
	    "ingestgate [console] [--interval SEC] [--readonly] [--ascii] "
	    "[options]",
	    "the live console (the default when stdout is a terminal)",
	    "interval readonly no-mouse ascii env-file emitter-env config context "
	    "reports-dir batch window offline activation-window quality-checks "
	    "playbook lang insecure no-color no-record operator",
	    "ingestgate\n"
	    "ingestgate console --interval 5 --readonly\n"
	    "ingestgate --context staging --ascii --operator dina", NULL },
	{ "gate", cmd_gate,
	    "ingestgate gate NAME [options]",
	    "one gate headless: a summary, then KEY=VERDICT as the last line",
	    "",
	    "ingestgate gate processing\n"
	    "ingestgate gate evidence --batch F-2026-02-20 --json\n"
	    "ingestgate gate gate:ingest-dlq-growth --window 30\n"
	    "ingestgate gate release --metrics-file "
	    "/var/lib/node_exporter/ingestgate.prom", "gates" },
	{ "playbook", cmd_playbook,
	    "ingestgate playbook [CODE] [--lang en|id]",
	    "the troubleshooting entry of a failure code, or the list of codes",
	    "lang playbook env-file config context reports-dir no-color",
	    "ingestgate playbook\n"
	    "ingestgate playbook DLQ_GROWTH_HIGH\n"
	    "ingestgate playbook queue_redis_unreachable --lang id", "codes" },
	{ "replay", cmd_replay,
	    "ingestgate replay --status OPEN|FAILED [--source S] [--channel C]\n"
	    "                  [--limit N] --role MANAGER|ADMIN [--dry-run] "
	    "[--yes]\n                  [--operator NAME]\n"
	    "ingestgate replay --canary [--steps 1,10,100] [--settle SEC]\n"
	    "                  [--min-replay-success R] --status ... --role ...\n"
	    "                  [--json]",
	    "move DLQ entries back to REPLAYING (a write: count them first "
	    "with --dry-run)",
	    "status source channel limit role dry-run yes operator canary steps "
	    "settle min-replay-success json env-file config "
	    "context reports-dir insecure no-color",
	    "ingestgate replay --status FAILED --role MANAGER --dry-run\n"
	    "ingestgate replay --status FAILED --source partner-api --role "
	    "MANAGER --limit 10\n"
	    "ingestgate replay --status OPEN --role ADMIN --limit 5 --yes\n"
	    "ingestgate replay --canary --status FAILED --role MANAGER --dry-run",
	    NULL },
	{ "contexts", cmd_contexts_status,
	    "ingestgate contexts [--json]",
	    "the environments of the config file, and the one a run would use",
	    "json config context env-file emitter-env reports-dir "
	    "quality-checks batch no-color",
	    "ingestgate contexts\n"
	    "ingestgate contexts --json", NULL },
	{ "status", cmd_contexts_status,
	    "ingestgate status [--all] [--json] [--offline] [--metrics-file FILE]",
	    "each environment's last reports and a live F-03 and F-04 read, a "
	    "line each",
	    "all json offline config context env-file emitter-env reports-dir "
	    "quality-checks batch window insecure no-color metrics-file",
	    "ingestgate status\n"
	    "ingestgate status --all --json\n"
	    "ingestgate status --all --metrics-file "
	    "/var/lib/node_exporter/ingestgate.prom", NULL },
	{ "signoff", cmd_trust,
	    "ingestgate signoff [--batch B] --by NAME --as ROLE [--note TEXT]\n"
	    "                   [--lift-hold|--accept-warn] [--operator NAME]",
	    "record a sign-off of the batch; two leads lift a HOLD",
	    "batch by as note lift-hold accept-warn operator env-file config "
	    "context reports-dir no-color",
	    "ingestgate signoff --by Ana --as \"Tech Lead\" --lift-hold\n"
	    "ingestgate signoff --by Eka --as QA --accept-warn --note \"thin "
	    "sample seen\"", NULL },
	{ "verify", cmd_trust,
	    "ingestgate verify FILE [--pubkey PEM] [--digest-only] [--batch B]",
	    "check an evidence report's digest and signature, or a sign-off "
	    "chain and its head",
	    "pubkey digest-only batch env-file config context reports-dir "
	    "no-color",
	    "ingestgate verify reports/release-evidence/F-2026-02-20/latest.json "
	    "--pubkey ops.pub\n"
	    "ingestgate verify reports/release-evidence/F-2026-02-20/"
	    "signoffs.jsonl", "files" },
	{ "timeline", cmd_trust,
	    "ingestgate timeline [--batch B] [--since 24h] [--json|--json-lines]",
	    "what changed for the batch, in time order",
	    "batch since json json-lines env-file config context reports-dir "
	    "no-color",
	    "ingestgate timeline\n"
	    "ingestgate timeline --batch F-2026-02-20 --since 24h --json\n"
	    "ingestgate timeline --json-lines | jq -c 'select(.kind == \"signoff\")'",
	    NULL },
	{ "doctor", cmd_doctor,
	    "ingestgate doctor [--context NAME] [--quality-checks DIR] [--json]",
	    "explain every statement the product sends to ops_db and the "
	    "operator's quality checks (READ ONLY, never ANALYZE, never run) "
	    "and print the indexes missing",
	    "json env-file config context reports-dir batch window "
	    "quality-checks no-color",
	    "ingestgate doctor\n"
	    "ingestgate doctor --quality-checks /etc/ingestgate/quality\n"
	    "ingestgate doctor --context production --json", NULL },
	{ "session", cmd_session,
	    "ingestgate session list [--json]\n"
	    "ingestgate session replay FILE\n"
	    "ingestgate session report FILE [--md|--json] [--lang en|id]",
	    "the console's recorded sessions: list, replay read-only, write up",
	    "json md lang ascii no-color env-file config context reports-dir "
	    "playbook",
	    "ingestgate session list\n"
	    "ingestgate session replay reports/sessions/default/"
	    "20261204T021300Z.jsonl\n"
	    "ingestgate session report reports/sessions/default/"
	    "20261204T021300Z.jsonl --md --lang id", NULL },
	{ "help", run_help,
	    "ingestgate help [COMMAND|GATE] | ingestgate COMMAND --help",
	    "help for one command or gate, with examples",
	    "",
	    "ingestgate help gate\n"
	    "ingestgate help processing\n"
	    "ingestgate replay --help", "commands gates" },
	{ "completion", run_completion,
	    "ingestgate completion bash|zsh|fish",
	    "a shell completion script, written from the command and option "
	    "tables",
	    "",
	    "ingestgate completion bash > ~/.local/share/bash-completion/"
	    "completions/ingestgate\n"
	    "ingestgate completion zsh > \"${fpath[1]}/_ingestgate\"\n"
	    "ingestgate completion fish > ~/.config/fish/completions/"
	    "ingestgate.fish", "shells" },
};

const struct cli_command *
cli_command_find(const char *name)
{
	return cli_row_find(commands, nitems(commands), sizeof *commands, name);
}

const struct cli_command *
cli_commands(size_t *n)
{
	*n = nitems(commands);
	return commands;
}

/* `ingestgate help [COMMAND|GATE]`: help reads the table it is given. */
static int
run_help(const struct cli_args *a, int argc, char **argv)
{
	(void)a;
	return cli_help(commands, nitems(commands), argc, argv);
}

/* `ingestgate completion SHELL`; `completion contexts` lists the context
 * names of the config file, for the scripts to offer after --context. */
static int
run_completion(const struct cli_args *a, int argc, char **argv)
{
	struct cli_args b = *a;
	struct settings s;
	int status;

	if (argc != 1 || strcmp(argv[0], "contexts") != 0)
		return cli_completion(commands, nitems(commands), argc, argv);
	b.flags.context = context_none;
	if ((status = cli_load_settings(&b, &s)) != 0)
		return status;
	for (size_t i = 0; i < s.contexts.n; i++)
		puts(s.contexts.items[i].name);
	settings_free(&s);
	return 0;
}

/* An unknown command: the nearest one, or the gate it names. */
static int
unknown_command(const char *word)
{
	const char *names[nitems(commands) + 1], *near;
	const struct gate_def *g = gate_def_find(word);

	if (g != NULL)
		return cli_usage("unknown command '%s' (did you mean "
		    "'ingestgate gate %s'?)", word, g->name);
	for (size_t i = 0; i < nitems(commands); i++)
		names[i] = commands[i].name;
	names[nitems(commands)] = NULL;
	if ((near = suggest_nearest(word, names)) != NULL)
		return cli_usage("unknown command '%s' (did you mean '%s'?)",
		    word, near);
	{
		char *all = cli_join_or(names);
		int r = cli_usage("unknown command '%s' (%s)", word, all);

		free(all);
		return r;
	}
}

/* The command an option error belongs to, found before getopt knows it:
 * its help is where the answer is. NULL: none (the overview's). */
static const char *usage_cmd;

static void
find_usage_cmd(int argc, char **argv)
{
	usage_cmd = NULL;
	for (int i = 1; i < argc && usage_cmd == NULL; i++) {
		if (strcmp(argv[i], "--") == 0)
			return;
		if (argv[i][0] != '-' && cli_command_find(argv[i]) != NULL)
			usage_cmd = argv[i];
	}
}

/* A usage error, under the command's name once it is known. */
#define usage_here(...) (usage_cmd != NULL ? \
	cli_cmd_usage(usage_cmd, __VA_ARGS__) : cli_usage(__VA_ARGS__))

/* An unknown option: the nearest one. */
static int
unknown_option(const char *arg)
{
	size_t n;
	const struct cli_option *o = cli_options(&n);
	const char **names = xcalloc(n + 3, sizeof *names), *near;
	char *word = xstrdup(arg + strspn(arg, "-"));
	int r;

	word[strcspn(word, "=")] = '\0';
	for (size_t i = 0; i < n; i++)
		names[i] = o[i].name;
	names[n] = "help";
	names[n + 1] = "version";
	if ((near = suggest_nearest(word, names)) != NULL)
		r = usage_here("unknown option '%s' (did you mean '--%s'?)", arg,
		    near);
	else
		r = usage_here("unknown option '%s'", arg);
	free(word);
	free(names);
	return r;
}

/* An option given without its value: what the value would be. */
static int
missing_value(const char *arg)
{
	const char *name = arg + strspn(arg, "-");
	const struct cli_option *o = cli_option_find(name);

	return usage_here("option '%s' needs a value%s%s%s", arg,
	    o != NULL ? " (" : "", o != NULL ? o->metavar : "",
	    o != NULL ? ")" : "");
}

/*
 * The option as it was typed, when it was not written whole: getopt_long
 * takes any unique prefix (`--ins` for --insecure), and a switch that
 * turns TLS verification off or writes (`--yes`, `--lift-hold`) must not
 * be turned on by half a word. NULL when typed whole (or as -h).
 */
static const char *
abbreviated(char **argv, const char *full)
{
	/* The value, when given as its own word, is the last word read. */
	const char *tok = argv[optind - 1];

	if (optarg != NULL && optarg == argv[optind - 1] && optind >= 2)
		tok = argv[optind - 2];
	if (strncmp(tok, "--", 2) != 0)
		return NULL;
	if (strncmp(tok + 2, full, strlen(full)) == 0 &&
	    (tok[2 + strlen(full)] == '\0' || tok[2 + strlen(full)] == '='))
		return NULL;
	return tok;
}

/* A value given as its own word that is itself an option (`--env-file
 * --offline`, `--env-file --off`, `--env-file -h`): the value was
 * forgotten, and the next option must not be eaten as a file name. A value
 * attached with '=' (`--note=--yes`) or quoted with a space in it is what
 * was meant. */
static int
value_is_option(char **argv)
{
	size_t n, len;
	const struct cli_option *o = cli_options(&n);
	const char *v = optarg;

	if (v == NULL || optind < 1 || v != argv[optind - 1])
		return 0;
	if (strcmp(v, "-h") == 0)
		return 1;
	/* A word with a space in it was quoted: a value, whatever it says. */
	if (strncmp(v, "--", 2) != 0 || v[2] == '\0' || strpbrk(v, " \t"))
		return 0;
	v += 2;
	len = strcspn(v, "=");
	/* The option or a prefix of one, as getopt_long would take it. */
	for (size_t i = 0; i < n; i++)
		if (strncmp(o[i].name, v, len) == 0)
			return 1;
	return strncmp("help", v, len) == 0 || strncmp("version", v, len) == 0;
}

#define MAX_GIVEN 64

/* The options as given, in order, for the checks once the command is known. */
struct parsed {
	const struct cli_option *given[MAX_GIVEN];
	size_t ngiven;
};

/* getopt_long's table, made from the option table; caller frees. */
static struct option *
long_options(void)
{
	size_t n;
	const struct cli_option *o = cli_options(&n);
	struct option *lo = xcalloc(n + 3, sizeof *lo);

	for (size_t i = 0; i < n; i++) {
		lo[i].name = o[i].name;
		lo[i].has_arg = o[i].kind == CLI_SWITCH ? no_argument :
		    required_argument;
		lo[i].val = 256 + (int)i;
	}
	lo[n].name = "help";
	lo[n].val = 'h';
	lo[n + 1].name = "version";
	lo[n + 1].val = 'V';
	return lo;
}

/* Reads the options into a and p; 0, or -1 with the exit status in *status
 * (a usage error, or --version answered). */
static int
parse_options(int argc, char **argv, struct cli_args *a, struct parsed *p,
    int *status)
{
	struct option *lo = long_options();
	size_t n;
	const struct cli_option *o = cli_options(&n);
	int c, r = 0, li;

	opterr = 0;
	while (r == 0) {
		const char *typed = NULL;

		li = -1;	/* set for a long option only: -h is whole */
		if ((c = getopt_long(argc, argv, ":h", lo, &li)) == -1)
			break;
		if (c != ':' && c != '?' && li >= 0)
			typed = abbreviated(argv, lo[li].name);
		if (typed != NULL) {
			*status = usage_here("option '%s' is short for '--%s': "
			    "write it whole", typed, lo[li].name);
			r = -1;
		} else if (c >= 256 && c < 256 + (int)n &&
		    o[c - 256].kind != CLI_SWITCH && value_is_option(argv)) {
			*status = usage_here("option '--%s' needs a value, "
			    "not the option '%s'", o[c - 256].name, optarg);
			r = -1;
		} else if (c >= 256 && c < 256 + (int)n) {
			char *field = (char *)a + o[c - 256].offset;

			if (o[c - 256].kind == CLI_SWITCH)
				*(int *)field = 1;
			else
				*(const char **)field = optarg;
			if (p->ngiven < MAX_GIVEN)
				p->given[p->ngiven++] = &o[c - 256];
		} else if (c == 'h')
			a->help = 1;
		else if (c == 'V') {
			printf("ingestgate %s\n", PACKAGE_VERSION);
			*status = 0;
			r = -1;
		} else if (c == ':') {
			*status = missing_value(argv[optind - 1]);
			r = -1;
		} else {
			*status = unknown_option(argv[optind - 1]);
			r = -1;
		}
	}
	free(lo);
	return r;
}

/* Each option given applies to c (and gate g) and has a value it accepts;
 * a value of a set is replaced by the set's spelling. */
static int
check_given(struct cli_args *a, const struct parsed *p,
    const struct cli_command *c, const struct gate_def *g)
{
	for (size_t i = 0; i < p->ngiven; i++) {
		const struct cli_option *o = p->given[i];
		const char **field = (const char **)((char *)a + o->offset);
		const char *canon;
		char *why = NULL;
		int r;

		if (!cli_option_applies(c, g, o->name)) {
			if (g != NULL)
				return cli_cmd_usage("gate", "--%s does not "
				    "apply to gate %s (see 'ingestgate help "
				    "%s')", o->name, g->name, g->name);
			return cli_cmd_usage(c->name, "--%s does not apply "
			    "to '%s'", o->name, c->name);
		}
		if (o->kind == CLI_SWITCH)
			continue;
		if (cli_value_check(o, *field, &canon, &why) != 0) {
			r = cli_cmd_usage(c->name, "%s", why);
			free(why);
			return r;
		}
		*field = canon;
	}
	return 0;
}

/* --help after a command, a gate or nothing. */
static int
help_for(int argc, char **argv)
{
	const struct cli_command *c;
	const struct gate_def *g;

	if (argc == 0) {
		cli_help_usage(stdout, commands, nitems(commands));
		return 0;
	}
	if ((c = cli_command_find(argv[0])) != NULL) {
		if (strcmp(c->name, "gate") == 0 && argc > 1 &&
		    (g = gate_def_find(argv[1])) != NULL)
			cli_help_gate(stdout, g);
		else if (strcmp(c->name, "help") == 0 && argc > 1)
			return run_help(NULL, argc - 1, argv + 1);
		else
			cli_help_command(stdout, c);
		return 0;
	}
	if ((g = gate_def_find(argv[0])) != NULL) {
		cli_help_gate(stdout, g);
		return 0;
	}
	return unknown_command(argv[0]);
}

int
cli_main(int argc, char **argv, console_fn console)
{
	struct cli_args a;
	struct parsed p;
	const struct cli_command *c;
	const struct gate_def *g = NULL;
	int status;

	memset(&a, 0, sizeof a);
	memset(&p, 0, sizeof p);
	a.console = console;
	/* Under a locale that is not UTF-8 every byte printed is ASCII; the
	 * console takes its own care (run_console lifts this). */
	ascii_out_install();
	find_usage_cmd(argc, argv);
	if (parse_options(argc, argv, &a, &p, &status) != 0)
		return status;
	argc -= optind;
	argv += optind;
	if (a.help)
		return help_for(argc, argv);
	if (argc == 0) {
		if (!isatty(STDOUT_FILENO))
			return cli_usage("no command (gate, playbook, replay, "
			    "console) and stdout is not a terminal");
		c = cli_command_find("console");
	} else if ((c = cli_command_find(argv[0])) == NULL)
		return unknown_command(argv[0]);
	else {
		argc--;
		argv++;
	}
	if (strcmp(c->name, "gate") == 0 && argc > 0)
		g = gate_def_find(argv[0]);
	if ((status = check_given(&a, &p, c, g)) != 0)
		return status;
	a.command = c->name;
	return c->run(&a, argc, argv);
}
