/* The commands of SPEC section 11: signoff, verify and timeline. cli.c
 * parses the options into struct trust_args and dispatches here. */
#ifndef INGESTGATE_CLI_TRUST_H
#define INGESTGATE_CLI_TRUST_H

struct settings;

struct trust_args {
	const char *by, *as, *note, *pubkey, *since;
	int lift_hold, accept_warn;
	int digest_only;	/* verify: an unsigned report's digest is enough */
	int json_lines;		/* timeline --json-lines */
};

int trust_cmd_signoff(const struct settings *s, const struct trust_args *t,
    int argc, char **argv);
int trust_cmd_verify(const struct settings *s, const struct trust_args *t,
    int argc, char **argv);
int trust_cmd_timeline(const struct settings *s, const struct trust_args *t,
    int argc, char **argv);

#endif
