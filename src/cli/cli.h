/* The command line of SPEC section 4: the arguments as parsed, the table of
 * options and the table of commands. Adding a command is one row in the
 * command table of cli.c (with its options named there); adding an option
 * is one row in the option table of cli_flags.c. */
#ifndef INGESTGATE_CLI_H
#define INGESTGATE_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "cli/cli_trust.h"
#include "cli/cli_canary.h"
#include "config/settings.h"

#define EXIT_USAGE 64

struct gate_def;

/* The console's entry point, handed in by main so that the core never links
 * the terminal code. Returns an exit status. */
typedef int (*console_fn)(const struct settings *s);

/* The command line as parsed: values point into argv or, for an option with
 * a set of values, at the set's canonical spelling ("manager" -> "MANAGER"). */
struct cli_args {
	struct settings_flags flags;
	int json, offline, activation, insecure, no_color, readonly, ascii;
	int no_mouse;
	int dry_run, yes, all, help;
	int md, no_record;	/* session report --md; console --no-record */
	const char *status, *source, *channel, *limit, *role;
	const char *metrics_file;	/* gate, status: --metrics-file */
	struct canary_args canary;	/* replay --canary */
	struct trust_args trust;	/* signoff, verify, timeline */
	console_fn console;
	const char *command;	/* the name of the command run */
};

enum cli_value {
	CLI_SWITCH,		/* no value; sets an int to 1 */
	CLI_TEXT,		/* any value */
	CLI_NUMBER,		/* a whole number in [min, max] */
	CLI_ONE_OF		/* one of set, in any case */
};

struct cli_option {
	const char *name;	/* without "--" */
	enum cli_value kind;
	size_t offset;		/* of the int or const char * in cli_args */
	const char *metavar;	/* NULL for a switch */
	const char *help;
	long min, max;		/* CLI_NUMBER */
	const char *unit;	/* CLI_NUMBER, for messages: "minutes" */
	const char *const *set;	/* CLI_ONE_OF: canonical values, NULL-ended */
};

struct cli_command {
	const char *name;
	/* argv holds the words after the command's name. */
	int (*run)(const struct cli_args *a, int argc, char **argv);
	const char *synopsis;	/* lines after "usage: " */
	const char *summary;	/* one line */
	const char *options;	/* the long names that apply, space-separated */
	const char *examples;	/* one command per line */
	/* What the first operand completes to (cli_completion.c): "gates",
	 * "codes", "commands", "shells", "files", several space-separated,
	 * or NULL for none. */
	const char *operands;
};

/* Runs the program; returns the exit status. */
int cli_main(int argc, char **argv, console_fn console);

/* The tables (cli.c, cli_flags.c). */
const struct cli_command *cli_command_find(const char *name);
/* The command table itself (the console's ':' prompt completes from it). */
const struct cli_command *cli_commands(size_t *n);
const struct cli_option *cli_options(size_t *n);
const struct cli_option *cli_option_find(const char *name);

/* The options every gate takes; a gate's own are in the gate table. */
extern const char cli_gate_common_options[];

/* 1 when --opt applies to command c; for `gate`, g narrows it to that gate's
 * options (NULL: any gate's). */
int cli_option_applies(const struct cli_command *c, const struct gate_def *g,
    const char *opt);
/* Checks a value of option o: 0 with *canon set (the value, or the set's
 * spelling of it), or -1 with *why (caller frees) naming the flag and what
 * it accepts. */
int cli_value_check(const struct cli_option *o, const char *value,
    const char **canon, char **why);
/* "A or B" / "A, B or C" of a NULL-terminated list; caller frees. */
char *cli_join_or(const char *const *set);
/* 1 when word is one of the space-separated words of list. */
int cli_word_in(const char *list, const char *word);
/* The row called name of a table of n rows of size bytes whose first member
 * is the row's name (const char *); NULL when there is none. */
const void *cli_row_find(const void *rows, size_t n, size_t size,
    const char *name);

/* Help (cli_help.c), from the command table cmds of n rows that cli.c hands
 * over: the overview, one command's help, one gate's. */
void cli_help_usage(FILE *f, const struct cli_command *cmds, size_t n);
void cli_help_command(FILE *f, const struct cli_command *c);
void cli_help_gate(FILE *f, const struct gate_def *g);
/* `ingestgate help [COMMAND|GATE]` (argv: the words after "help"). */
int cli_help(const struct cli_command *cmds, size_t n, int argc, char **argv);

/* `ingestgate completion bash|zsh|fish` from the command table cmds of n
 * rows (cli_completion.c); argv: the words after "completion". */
int cli_completion(const struct cli_command *cmds, size_t n, int argc,
    char **argv);

/* "report root: DIR" (absolute), the line every summary ends with so that
 * nobody reads another folder's batch status for theirs (cli_settings.c). */
void cli_print_root(FILE *f, const struct settings *s);

/* A usage error: "ingestgate: " and the message on stderr, then where the
 * help is (the overview, or command cmd's); returns EXIT_USAGE. */
int cli_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
int cli_cmd_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
