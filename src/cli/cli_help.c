/* Help drawn from the tables: the overview from the command table (handed
 * over by cli.c, so that help never reaches back into it), a command's from
 * its row and the option table, a gate's from the gate table (`ingestgate
 * help [COMMAND|GATE]`, `COMMAND --help`); and usage errors, which point at
 * that help. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/ascii_text.h"
#include "core/gate_def.h"
#include "core/suggest.h"
#include "core/text.h"
#include "core/util.h"

/* SPEC 5.1: any gate's FAIL on a batch is sticky; a first diagnostic run
 * with a half-filled env file must not surprise anyone. */
static const char hold_text[] =
"batch status: a FAIL on a batch (any gate, or evidence NO-GO) puts it on\n"
"              HOLD until the Tech Lead and the Backend Lead sign it off\n"
"              on newer GO evidence (ingestgate help signoff).\n";

/* The widest line help prints, so that 80 columns show it unwrapped. */
#define HELP_WIDTH	79

static const char exit_text[] =
"exit status: 0 PASS, WARN or SKIPPED; 1 FAIL; 2 INCONCLUSIVE or ERROR;\n"
"             evidence: 0 GO, 1 NO-GO, 2 PENDING (or not recorded);\n"
"             64 usage error.\n";

/* Prints lines of text, each after prefix (the first after first). */
static void
print_lines(FILE *f, const char *first, const char *prefix, const char *text)
{
	const char *p = text;
	int n = 0;

	while (p != NULL && *p != '\0') {
		size_t len = strcspn(p, "\n");

		fprintf(f, "%s%.*s\n", n++ == 0 ? first : prefix, (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
}

/* Columns a run of UTF-8 takes where it takes most: a glyph is as wide
 * as its ASCII stand-in ("…" is "..." under LANG=C), any other character
 * one column. */
static int
columns(const char *p, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; ) {
		unsigned cp;
		size_t k = text_utf8_decode((const unsigned char *)p + i,
		    len - i, &cp), used;
		char seq[5] = { 0 };
		const char *a;

		k = k > 0 ? k : 1;
		memcpy(seq, p + i, k);
		a = k > 1 ? ascii_stand_in(seq, &used) : NULL;
		n += a != NULL ? (int)strlen(a) : 1;
		i += k;
	}
	return n;
}

/*
 * "  HEAD" padded to column col (no head: the text starts at column 0),
 * then text folded at word boundaries so that no line passes HELP_WIDTH;
 * the lines after the first start at col. An 80-column terminal then
 * shows the help as written, never wrapped in the middle of a word.
 */
static void
print_hanging(FILE *f, int col, const char *head, const char *text)
{
	int at = 0;

	if (head != NULL)
		at = fprintf(f, "  %-*s ", col - 3, head);
	if (at > col) {		/* a head too long for its column */
		fprintf(f, "\n%*s", col, "");
		at = col;
	}
	for (const char *p = text; *p != '\0'; ) {
		size_t len = strcspn(p, " ");
		int w = columns(p, len), line_start = head ? col : 0;

		if (at > line_start && at + 1 + w > HELP_WIDTH) {
			fprintf(f, "\n%*s", line_start, "");
			at = line_start;
		} else if (at > line_start) {
			fputc(' ', f);
			at++;
		}
		fprintf(f, "%.*s", (int)len, p);
		at += w;
		p += len;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

static void
print_option(FILE *f, const struct cli_option *o)
{
	char *head = xasprintf("--%s%s%s", o->name, o->metavar ? " " : "",
	    o->metavar ? o->metavar : "");

	print_hanging(f, 29, head, o->help);
	free(head);
}

/* Each option of the space-separated list, in the list's order. */
static void
print_options(FILE *f, const char *list)
{
	for (const char *p = list; *p != '\0'; ) {
		size_t len = strcspn(p, " ");
		char *name = xstrndup(p, len);
		const struct cli_option *o = cli_option_find(name);

		if (o != NULL)
			print_option(f, o);
		free(name);
		p += len;
		p += strspn(p, " ");
	}
}

static void
print_gate_list(FILE *f)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		const struct gate_def *g = gate_def_get((enum gate_id)i);

		fprintf(f, "  %-16s %-5s %s\n", g->name, g->fid ? g->fid : "",
		    g->title);
	}
}

void
cli_help_usage(FILE *f, const struct cli_command *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_lines(f, i == 0 ? "usage: " : "       ", "       ",
		    c[i].synopsis);
	fputs("       ingestgate --version | --help\n\ncommands:\n", f);
	for (size_t i = 0; i < n; i++)
		print_hanging(f, 13, c[i].name, c[i].summary);
	fputs("\ngates (ingestgate help GATE for one):\n", f);
	print_gate_list(f);
	fputs("\noptions (each command takes those of its help):\n", f);
	print_options(f, "env-file emitter-env config context reports-dir "
	    "batch window json offline activation-window quality-checks "
	    "playbook lang insecure no-color");
	fprintf(f, "\n%s\nSee 'ingestgate help COMMAND' and ingestgate(1).\n",
	    exit_text);
}

void
cli_help_command(FILE *f, const struct cli_command *c)
{
	print_lines(f, "usage: ", "       ", c->synopsis);
	fputc('\n', f);
	print_hanging(f, 0, NULL, c->summary);
	if (*c->options != '\0' || strcmp(c->name, "gate") == 0) {
		fputs("\noptions:\n", f);
		print_options(f, c->options);
		if (strcmp(c->name, "gate") == 0) {
			print_options(f, cli_gate_common_options);
			fputs("  (and per gate: ingestgate help GATE)\n", f);
		}
	}
	if (strcmp(c->name, "gate") == 0) {
		fputs("\ngates:\n", f);
		print_gate_list(f);
	}
	fputs("\nexamples:\n", f);
	print_lines(f, "  ", "  ", c->examples);
	if (strcmp(c->name, "gate") == 0)
		fprintf(f, "\n%s%s", exit_text, hold_text);
}

void
cli_help_gate(FILE *f, const struct gate_def *g)
{
	char *what = xasprintf("%s%s%s: %s.", g->fid ? g->fid : "",
	    g->fid ? " " : "", g->title, g->summary);

	fprintf(f, "usage: ingestgate gate %s [options]\n\n", g->name);
	print_hanging(f, 0, NULL, what);
	free(what);
	if (g->alias != NULL)
		fprintf(f, "runbook alias: %s\n", g->alias);
	fprintf(f, "last line: %s=VERDICT\nreports:   reports/%s/\n%s",
	    g->result_key, g->folder, g->needs_batch ?
	    "batch:     needed (PHASE2_BATCH_CODE or --batch)\n" : "");
	fputs("\noptions:\n", f);
	print_options(f, g->options);
	print_options(f, cli_gate_common_options);
	fputs("\nexamples:\n", f);
	print_lines(f, "  ", "  ", g->examples);
	fprintf(f, "\n%s%s", exit_text, hold_text);
}

/* The words help knows: commands, then gates and aliases. */
static const char *
help_nearest(const struct cli_command *c, size_t n, const char *word)
{
	const char *names[64], *gates[GATE_NAMES_MAX];
	size_t k = 0;

	for (size_t i = 0; i < n && k < 32; i++)
		names[k++] = c[i].name;
	gate_def_names(gates);
	for (size_t i = 0; gates[i] != NULL && k < 63; i++)
		names[k++] = gates[i];
	names[k] = NULL;
	return suggest_nearest(word, names);
}

int
cli_help(const struct cli_command *cmds, size_t n, int argc, char **argv)
{
	const struct cli_command *c;
	const struct gate_def *g;
	const char *near;

	if (argc == 0) {
		cli_help_usage(stdout, cmds, n);
		return 0;
	}
	if (argc > 1)
		return cli_cmd_usage("help", "one command or gate at a time");
	if ((c = cli_row_find(cmds, n, sizeof *cmds, argv[0])) != NULL) {
		cli_help_command(stdout, c);
		return 0;
	}
	if ((g = gate_def_find(argv[0])) != NULL) {
		cli_help_gate(stdout, g);
		return 0;
	}
	near = help_nearest(cmds, n, argv[0]);
	return cli_cmd_usage("help", "no command or gate '%s'%s%s%s", argv[0],
	    near ? " (did you mean '" : "", near ? near : "",
	    near ? "'?)" : "");
}

int
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("ingestgate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'ingestgate --help'.\n", stderr);
	return EXIT_USAGE;
}

/* A usage error of one command, pointing at that command's help. */
int
cli_cmd_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ingestgate: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	/* help's own help is the overview, which lists what help takes. */
	if (strcmp(cmd, "help") == 0)
		fputs("\nTry 'ingestgate --help'.\n", stderr);
	else
		fprintf(stderr, "\nTry 'ingestgate %s --help'.\n", cmd);
	return EXIT_USAGE;
}
