/* The settings a command runs with, from the parsed flags: the files and
 * the environment loaded, a failure named (exit 64), the env files' line
 * errors and the TLS warning on stderr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "config/settings.h"
#include "core/util.h"

static void
print_env_file_errors(const struct envfile *ef, const char *what)
{
	for (size_t i = 0; i < ef->nerrors; i++)
		fprintf(stderr, "ingestgate: %s%s:%u: %s\n", what, ef->path,
		    ef->errors[i].line, ef->errors[i].message);
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
	s->json = a->json;
	s->offline = a->offline;
	s->activation_window = a->activation;
	s->insecure = a->insecure;
	s->no_color = a->no_color || (getenv("NO_COLOR") != NULL &&
	    *getenv("NO_COLOR") != '\0');
	s->readonly = a->readonly;
	s->ascii = a->ascii;
	s->operator_name = a->operator_name;
	s->no_record = a->no_record;
	if (s->have_env_file)
		print_env_file_errors(&s->env_file, "");
	if (s->have_emitter_env)
		print_env_file_errors(&s->emitter_env, "emitter env ");
	if (s->insecure)
		fputs("ingestgate: WARNING: TLS verification is OFF (--insecure): "
		    "core-api's identity is not checked\n", stderr);
	return 0;
}
