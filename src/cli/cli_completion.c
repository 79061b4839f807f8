/* `ingestgate completion bash|zsh|fish`: a completion script written from
 * the program's own tables (commands and their operands from the command
 * table cli.c hands over, options and their value sets from the option
 * table, gate names and aliases from the registry, codes from the built-in
 * playbook), so that a new command, option or gate completes without a
 * second list. Context names change with the config file: the scripts ask
 * `ingestgate completion contexts` for them when completing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/gate_def.h"
#include "core/util.h"
#include "playbook/playbook.h"

/* What a value or an operand completes to. */
enum comp_kind { CK_NOTHING, CK_WORDS, CK_FILE, CK_DIR, CK_CONTEXT };

/* The words the scripts complete, gathered once from the tables. */
struct comp {
	const struct cli_command *cmds;
	size_t n;
	const struct cli_option *opts;
	size_t nopts;
	char *commands, *gates, *codes;	/* space-separated */
};

static const char shells[] = "bash zsh fish";

/* The kind of value an option takes, read from its row: a set, a file, a
 * folder, a context, or anything (nothing to offer). */
static enum comp_kind
value_kind(const struct cli_option *o)
{
	if (o->kind == CLI_SWITCH)
		return CK_NOTHING;
	if (o->kind == CLI_ONE_OF)
		return CK_WORDS;
	if (strcmp(o->name, "context") == 0)
		return CK_CONTEXT;
	if (o->kind == CLI_TEXT && (strcmp(o->metavar, "FILE") == 0 ||
	    strcmp(o->metavar, "PEM") == 0))
		return CK_FILE;
	if (o->kind == CLI_TEXT && strcmp(o->metavar, "DIR") == 0)
		return CK_DIR;
	return CK_NOTHING;
}

/* The options of one kind of value, as "--a|--b" (sep between). */
static char *
options_of(const struct comp *c, enum comp_kind k, int with_value,
    const char *sep)
{
	struct buf b = { 0 };

	buf_adds(&b, "");
	for (size_t i = 0; i < c->nopts; i++) {
		const struct cli_option *o = &c->opts[i];

		if (with_value ? o->kind == CLI_SWITCH : value_kind(o) != k)
			continue;
		buf_addf(&b, "%s--%s", b.len > 0 ? sep : "", o->name);
	}
	return buf_take(&b);
}

/* The options command c takes (all of its gates' for `gate`), --help
 * always, and --version where no command is given. */
static char *
command_options(const struct comp *c, const struct cli_command *cmd,
    int top)
{
	struct buf b = { 0 };

	buf_adds(&b, "--help");
	if (top)
		buf_adds(&b, " --version");
	for (size_t i = 0; i < c->nopts; i++)
		if (cli_option_applies(cmd, NULL, c->opts[i].name))
			buf_addf(&b, " --%s", c->opts[i].name);
	return buf_take(&b);
}

/* A word list for the shell, single-quoted ('\'' for a quote). */
static void
put_quoted(FILE *f, const char *s, int fish)
{
	fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs(fish ? "\\'" : "'\\''", f);
		else if (fish && *s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void
comp_init(struct comp *c, const struct cli_command *cmds, size_t n)
{
	const char *g[GATE_NAMES_MAX];
	struct playbook *pb;
	struct buf b = { 0 };
	char *cause = NULL;

	memset(c, 0, sizeof *c);
	c->cmds = cmds;
	c->n = n;
	c->opts = cli_options(&c->nopts);
	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", cmds[i].name);
	c->commands = buf_take(&b);
	gate_def_names(g);
	buf_adds(&b, "");
	for (size_t i = 0; g[i] != NULL; i++)
		buf_addf(&b, "%s%s", i ? " " : "", g[i]);
	c->gates = buf_take(&b);
	buf_adds(&b, "");
	/* The built-in playbook always parses (check_playbook). */
	if ((pb = playbook_load(NULL, &cause)) != NULL) {
		for (size_t i = 0; i < pb->n; i++)
			buf_addf(&b, "%s%s", i ? " " : "", pb->entries[i].code);
		playbook_free(pb);
	}
	free(cause);
	c->codes = buf_take(&b);
}

static void
comp_free(struct comp *c)
{
	free(c->commands);
	free(c->gates);
	free(c->codes);
}

/* The words of an operand kind ("gates", "codes", "commands gates", ...),
 * or NULL for files. */
static char *
operand_words(const struct comp *c, const char *kinds)
{
	struct buf b = { 0 };

	if (kinds != NULL && strcmp(kinds, "files") == 0)
		return NULL;
	buf_adds(&b, "");
	if (kinds != NULL && cli_word_in(kinds, "commands"))
		buf_addf(&b, " %s", c->commands);
	if (kinds != NULL && cli_word_in(kinds, "gates"))
		buf_addf(&b, " %s", c->gates);
	if (kinds != NULL && cli_word_in(kinds, "codes"))
		buf_addf(&b, " %s", c->codes);
	if (kinds != NULL && cli_word_in(kinds, "shells"))
		buf_addf(&b, " %s", shells);
	return buf_take(&b);
}

/* The value of option o offered by a bash or zsh script (zsh: 1). */
static void
put_value(FILE *f, const struct cli_option *o, int zsh)
{
	struct buf b = { 0 };
	char *set;

	switch (value_kind(o)) {
	case CK_WORDS:
		buf_adds(&b, "");
		for (size_t i = 0; o->set[i] != NULL; i++)
			buf_addf(&b, "%s%s", i ? " " : "", o->set[i]);
		set = buf_take(&b);
		if (zsh)
			fprintf(f, "compadd -- %s", set);
		else
			fprintf(f, "COMPREPLY=($(compgen -W '%s' -- \"$cur\"))",
			    set);
		free(set);
		break;
	case CK_FILE:
		fputs(zsh ? "_files" : "COMPREPLY=($(compgen -f -- \"$cur\"))",
		    f);
		break;
	case CK_DIR:
		fputs(zsh ? "_files -/" :
		    "COMPREPLY=($(compgen -d -- \"$cur\"))", f);
		break;
	case CK_CONTEXT:
		fputs(zsh ? "compadd -- ${(f)\"$(_ingestgate_words contexts)\"}" :
		    "COMPREPLY=($(compgen -W \"$(_ingestgate_words contexts)\" "
		    "-- \"$cur\"))", f);
		break;
	case CK_NOTHING:
		fputs(zsh ? "_message 'a value'" : "COMPREPLY=()", f);
		break;
	}
}

/* Shared by bash and zsh: the word lists, the scan for the command word
 * (skipping option values) and the completion of an option's value. */
static void
put_common(FILE *f, const struct comp *c, int zsh)
{
	char *valued = options_of(c, CK_NOTHING, 1, "|");

	fprintf(f, "_ingestgate_words() {\n\tcase $1 in\n"
	    "\tcommands) echo '%s' ;;\n\tgates) echo '%s' ;;\n"
	    "\tcodes) echo '%s' ;;\n\tshells) echo '%s' ;;\n"
	    "\tcontexts) ingestgate completion contexts 2>/dev/null ;;\n"
	    "\tesac\n}\n\n", c->commands, c->gates, c->codes, shells);
	fprintf(f, "_ingestgate_scan() {\t# sets cmd and nargs from words "
	    "before the cursor\n\tlocal i w\n\tcmd= nargs=0\n"
	    "\tfor ((i = %d; i < %s; i++)); do\n\t\tw=${words[i]}\n"
	    "\t\tcase $w in\n\t\t--*=*) ;;\n\t\t%s) i=$((i + 1)) ;;\n"
	    "\t\t-*) ;;\n\t\t*) if [ -z \"$cmd\" ]; then cmd=$w; "
	    "else nargs=$((nargs + 1)); fi ;;\n\t\tesac\n\tdone\n}\n\n",
	    zsh ? 2 : 1, zsh ? "CURRENT" : "cword", valued);
	free(valued);
	fprintf(f, "_ingestgate_value() {\t# completes the value of option "
	    "$1; 1 when $1 takes none\n\tcase $1 in\n");
	for (size_t i = 0; i < c->nopts; i++) {
		if (c->opts[i].kind == CLI_SWITCH)
			continue;
		fprintf(f, "\t--%s) ", c->opts[i].name);
		put_value(f, &c->opts[i], zsh);
		fputs(" ;;\n", f);
	}
	fputs("\t*) return 1 ;;\n\tesac\n}\n\n", f);
}

/* The case over the command word: the options and operands of each. */
static void
put_commands(FILE *f, const struct comp *c)
{
	const struct cli_command *console = cli_row_find(c->cmds, c->n,
	    sizeof *c->cmds, "console");
	char *o;

	fputs("\tcase $cmd in\n", f);
	for (size_t i = 0; i < c->n; i++) {
		o = command_options(c, &c->cmds[i], 0);
		fprintf(f, "\t%s) opts='%s'", c->cmds[i].name, o);
		if (c->cmds[i].operands != NULL)
			fprintf(f, "; [ \"$nargs\" -eq 0 ] && operands='%s'",
			    c->cmds[i].operands);
		fputs(" ;;\n", f);
		free(o);
	}
	/* No command: the console's options, and the commands. */
	o = console != NULL ? command_options(c, console, 1) :
	    xstrdup("--help --version");
	fprintf(f, "\t'') opts='%s'; operands=commands ;;\n\tesac\n", o);
	free(o);
}

static void
write_bash(FILE *f, const struct comp *c)
{
	fprintf(f, "# bash completion for ingestgate %s: written by "
	    "'ingestgate completion bash'\n# from the program's command and "
	    "option tables; regenerate, never edit.\n\n", PACKAGE_VERSION);
	put_common(f, c, 0);
	fputs("_ingestgate() {\n\tlocal cur prev words cword cmd nargs "
	    "opts= operands= k ws=\n"
	    "\tif declare -F _get_comp_words_by_ref >/dev/null 2>&1; then\n"
	    "\t\t_get_comp_words_by_ref -n : cur prev words cword\n\telse\n"
	    "\t\twords=(\"${COMP_WORDS[@]}\") cword=$COMP_CWORD\n"
	    "\t\tcur=${words[cword]} prev=${words[cword - 1]}\n\tfi\n"
	    "\tCOMPREPLY=()\n"
	    "\t_ingestgate_value \"$prev\" && return 0\n"
	    "\t_ingestgate_scan\n", f);
	put_commands(f, c);
	fputs("\tif [[ $cur == -* ]]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	    "\telif [ \"$operands\" = files ]; then\n"
	    "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	    "\telif [ -n \"$operands\" ]; then\n"
	    "\t\tfor k in $operands; do ws=\"$ws $(_ingestgate_words $k)\"; "
	    "done\n"
	    "\t\tCOMPREPLY=($(compgen -W \"$ws\" -- \"$cur\"))\n\tfi\n"
	    "\tif declare -F __ltrim_colon_completions >/dev/null 2>&1; then\n"
	    "\t\t__ltrim_colon_completions \"$cur\"\n\tfi\n\treturn 0\n}\n"
	    "complete -F _ingestgate ingestgate\n", f);
}

static void
write_zsh(FILE *f, const struct comp *c)
{
	fprintf(f, "#compdef ingestgate\n# zsh completion for ingestgate %s: "
	    "written by 'ingestgate completion zsh'\n# from the program's "
	    "command and option tables; regenerate, never edit.\n\n",
	    PACKAGE_VERSION);
	put_common(f, c, 1);
	fputs("_ingestgate() {\n\tlocal cmd nargs opts= operands= k\n"
	    "\t_ingestgate_value \"${words[CURRENT - 1]}\" && return 0\n"
	    "\t_ingestgate_scan\n", f);
	put_commands(f, c);
	fputs("\tif [[ $PREFIX == -* ]]; then\n"
	    "\t\tcompadd -- ${=opts}\n"
	    "\telif [[ $operands == files ]]; then\n\t\t_files\n"
	    "\telif [[ -n $operands ]]; then\n"
	    "\t\tfor k in ${=operands}; do compadd -- "
	    "${=$(_ingestgate_words $k)}; done\n\tfi\n}\n\n"
	    "_ingestgate \"$@\"\n", f);
}

/* One fish line per option of a command (cond: when it applies). */
static void
fish_option(FILE *f, const struct cli_option *o, const char *cond)
{
	fprintf(f, "complete -c ingestgate -n %s -l %s", cond, o->name);
	switch (value_kind(o)) {
	case CK_WORDS:
		fputs(" -x -a '", f);
		for (size_t i = 0; o->set[i] != NULL; i++)
			fprintf(f, "%s%s", i ? " " : "", o->set[i]);
		fputc('\'', f);
		break;
	case CK_FILE:
		fputs(" -r -F", f);
		break;
	case CK_DIR:
		fputs(" -x -a '(__fish_complete_directories)'", f);
		break;
	case CK_CONTEXT:
		fputs(" -x -a '(ingestgate completion contexts 2>/dev/null)'", f);
		break;
	case CK_NOTHING:
		if (o->kind != CLI_SWITCH)
			fputs(" -x", f);
		break;
	}
	fputs(" -d ", f);
	put_quoted(f, o->help, 1);
	fputc('\n', f);
}

static void
write_fish(FILE *f, const struct comp *c)
{
	char *valued = options_of(c, CK_NOTHING, 1, " ");

	fprintf(f, "# fish completion for ingestgate %s: written by "
	    "'ingestgate completion fish'\n# from the program's command and "
	    "option tables; regenerate, never edit.\n\n", PACKAGE_VERSION);
	fprintf(f, "function __ingestgate_cmd\t# the command word, if any\n"
	    "\tset -l skip 0\n\tfor t in (commandline -opc)[2..-1]\n"
	    "\t\tif test $skip = 1; set skip 0; continue; end\n"
	    "\t\tswitch $t\n\t\t\tcase '--*=*'\n\t\t\tcase %s\n"
	    "\t\t\t\tset skip 1\n\t\t\tcase '-*'\n\t\t\tcase '*'\n"
	    "\t\t\t\techo $t; return 0\n\t\tend\n\tend\nend\n"
	    "function __ingestgate_is\t# the command word is $argv[1]\n"
	    "\tset -l c (__ingestgate_cmd)\n\ttest \"$c\" = \"$argv[1]\"\n"
	    "end\n\ncomplete -c ingestgate -f\n"
	    "complete -c ingestgate -l help -d 'help'\n"
	    "complete -c ingestgate -n '__ingestgate_is \"\"' -l version "
	    "-d 'the version'\n", valued);
	free(valued);
	for (size_t i = 0; i < c->n; i++) {
		const struct cli_command *cmd = &c->cmds[i];
		char *cond = xasprintf("'__ingestgate_is %s'", cmd->name);
		char *words = operand_words(c, cmd->operands);

		fprintf(f, "\ncomplete -c ingestgate -n '__ingestgate_is \"\"' "
		    "-a %s -d ", cmd->name);
		put_quoted(f, cmd->summary, 1);
		fputc('\n', f);
		if (cmd->operands != NULL && words == NULL)
			fprintf(f, "complete -c ingestgate -n %s -F\n", cond);
		else if (words != NULL && *words != '\0')
			fprintf(f, "complete -c ingestgate -n %s -a '%s'\n",
			    cond, words + 1);
		for (size_t k = 0; k < c->nopts; k++)
			if (cli_option_applies(cmd, NULL, c->opts[k].name))
				fish_option(f, &c->opts[k], strcmp(cmd->name,
				    "console") == 0 ? "'__ingestgate_is \"\"; "
				    "or __ingestgate_is console'" : cond);
		free(words);
		free(cond);
	}
}

int
cli_completion(const struct cli_command *cmds, size_t n, int argc,
    char **argv)
{
	struct comp c;

	if (argc != 1)
		return cli_cmd_usage("completion", "which shell? (%s)", shells);
	if (!cli_word_in(shells, argv[0]))
		return cli_cmd_usage("completion", "no completion for '%s' "
		    "(bash, zsh or fish)", argv[0]);
	comp_init(&c, cmds, n);
	if (strcmp(argv[0], "bash") == 0)
		write_bash(stdout, &c);
	else if (strcmp(argv[0], "zsh") == 0)
		write_zsh(stdout, &c);
	else
		write_fish(stdout, &c);
	comp_free(&c);
	return 0;
}
