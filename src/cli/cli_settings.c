/* The settings a command runs with, from the parsed flags: the files and
 * the environment loaded, a failure named (exit 64), the env files' line
 * errors and the TLS warning on stderr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "config/operator.h"
#include "config/settings.h"
#include "core/util.h"

static void
print_env_file_errors(const struct envfile *ef, const char *what)
{
	for (size_t i = 0; i < ef->nerrors; i++)
		fprintf(stderr, "ingestgate: %s%s:%u: %s\n", what, ef->path,
		    ef->errors[i].line, ef->errors[i].message);
}

void
cli_print_root(FILE *f, const struct settings *s)
{
	char *abs = realpath(s->reports_dir, NULL), cwd[4096];

	if (abs != NULL)
		fprintf(f, "report root: %s\n", abs);
	else if (s->reports_dir[0] != '/' && getcwd(cwd, sizeof cwd) != NULL)
		fprintf(f, "report root: %s/%s (not written yet)\n", cwd,
		    s->reports_dir + (strncmp(s->reports_dir, "./", 2) == 0 ?
		    2 : 0));
	else
		fprintf(f, "report root: %s (not written yet)\n",
		    s->reports_dir);
	free(abs);
}

int
cli_need_operator(const struct settings *s, const char *cmd)
{
	if (s->operator_name != NULL)
		return 0;
	return cli_cmd_usage(cmd, "who is writing? No operator is known: %s "
	    "(or $LOGNAME)", operator_how);
}

/* Flags were checked when parsed, so what fails here is a file, a context
 * or the environment: named, without a pointer to --help that would not
 * help. Still exit 64: the run never started. */
int
cli_load_settings(const struct cli_args *a, struct settings *s)
{
	char *cause = NULL;

	if (settings_load(s, &a->flags, &cause) != 0) {
		/* The env file's cause starts with its path: say which flag. */
		fprintf(stderr, "ingestgate: %s%s\n", a->flags.env_file != NULL &&
		    str_has_prefix(cause, a->flags.env_file) ? "--env-file " : "",
		    cause);
		free(cause);
		settings_free(s);
		return EXIT_USAGE;
	}
	/* Not an env file: a gate reports it as its verdict (ERROR
	 * ENV_PARSE_ERROR, with its reports); nothing else starts on it. */
	if (s->env_refused != NULL && (a->command == NULL ||
	    strcmp(a->command, "gate") != 0)) {
		fprintf(stderr, "ingestgate: %s%s\n", a->flags.env_file != NULL &&
		    str_has_prefix(s->env_refused, a->flags.env_file) ?
		    "--env-file " : "", s->env_refused);
		settings_free(s);
		return EXIT_USAGE;
	}
	s->json = a->json;
	s->offline = a->offline;
	s->activation_window = a->activation;
	s->insecure = a->insecure;
	s->no_color = a->no_color || (getenv("NO_COLOR") != NULL &&
	    *getenv("NO_COLOR") != '\0');
	s->readonly = a->readonly;
	s->no_mouse = a->no_mouse;
	s->ascii = a->ascii;
	/* A read-only console writes nothing: no session recording either. */
	s->no_record = a->no_record || a->readonly;
	if (s->have_env_file)
		print_env_file_errors(&s->env_file, "");
	if (s->have_emitter_env)
		print_env_file_errors(&s->emitter_env, "emitter env ");
	if (s->insecure)
		fputs("ingestgate: WARNING: TLS verification is OFF (--insecure): "
		    "core-api's identity is not checked\n", stderr);
	return 0;
}
