/* signoff, verify and timeline on the command line: argument checks, the
 * core calls and what is printed. Exit statuses: signoff 0 recorded, 1
 * refused (or a broken chain), 2 cannot; verify 0 valid, 1 changed or badly
 * signed, 2 cannot check; timeline 0, 2 when the report root is unreadable;
 * 64 for usage errors. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_trust.h"
#include "release/integrity.h"
#include "config/settings.h"
#include "core/fileio.h"
#include "release/signoff.h"
#include "release/timeline.h"
#include "core/util.h"

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t")] == '\0';
}

int
trust_cmd_signoff(const struct settings *s, const struct trust_args *t,
    int argc, char **argv)
{
	struct signoff_request req;
	struct signoff_result r;

	if (argc > 0)
		return cli_cmd_usage("signoff", "unexpected argument '%s'", argv[0]);
	if (t->pubkey != NULL || t->since != NULL)
		return cli_cmd_usage("signoff", "--%s does not apply (signoff "
		    "takes --batch, --by, --as, --note, --lift-hold or "
		    "--accept-warn)",
		    t->pubkey != NULL ? "pubkey" : "since");
	if (blank(t->by) || blank(t->as))
		return cli_cmd_usage("signoff", "--by NAME and --as ROLE are "
		    "required (e.g. --by \"Dewi\" --as \"Tech Lead\")");
	if (t->lift_hold && t->accept_warn)
		return cli_cmd_usage("signoff", "--lift-hold and --accept-warn "
		    "exclude each other");
	if (s->batch == NULL)
		return cli_cmd_usage("signoff", "needs a batch code "
		    "(PHASE2_BATCH_CODE or --batch)");
	if (cli_need_operator(s, "signoff") != 0)
		return EXIT_USAGE;
	memset(&req, 0, sizeof req);
	req.operator_name = s->operator_name;
	req.by = t->by;
	req.as = t->as;
	req.action = t->lift_hold ? SIGNOFF_LIFT_HOLD : t->accept_warn ?
	    SIGNOFF_ACCEPT_WARN : SIGNOFF_ACK;
	signoff_record(s->reports_dir, s->batch, &req, t->note, time(NULL), &r);
	fprintf(r.status == 0 ? stdout : stderr, "%s%s\n", r.status == 0 ?
	    "" : "ingestgate: ", r.message);
	cli_print_root(r.status == 0 ? stdout : stderr, s);
	{
		int st = r.status;

		signoff_result_free(&r);
		return st;
	}
}

static int
ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0 &&
	    (a == b || s[a - b - 1] == '/');
}

/* Checks a sign-off chain; 0, 1 broken, 2 unreadable. */
static int
verify_chain(const char *path, const struct integrity_key *pub)
{
	struct signoff_chain c;
	struct stat sb;
	char *cause = NULL;
	int st = 0;

	/* A link, a FIFO or a device is not a chain ingestgate wrote (and a
	 * FIFO would hang the read): cannot check. */
	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    access(path, R_OK) != 0) {
		printf("%s: cannot check: %s\n", path, lstat(path, &sb) != 0 ?
		    "not readable" : S_ISLNK(sb.st_mode) ? "a symbolic link "
		    "(refused: ingestgate never reads its files through a link)" :
		    !S_ISREG(sb.st_mode) ? "not a regular file (refused)" :
		    "not readable");
		return 2;
	}
	if (signoff_chain_read(path, pub, pub != NULL, &c, &cause) != 0) {
		printf("EVIDENCE_SIGNATURE_INVALID: %s\n", cause);
		st = 1;
	} else
		printf("%s: sign-off chain holds (%zu line%s%s%s)\n", path, c.n,
		    c.n == 1 ? "" : "s", c.checked_sigs > 0 ?
		    ", signatures checked" : c.n > 0 && pub == NULL &&
		    c.unsigned_lines < c.n ? ", signatures not checked: no key" :
		    "", c.unsigned_lines > 0 ? ", some lines unsigned" : "");
	if (st == 0 && c.torn > 0)
		printf("  note: %zu bytes after line %zu have no line end: a write "
		    "cut short by a crash or a full disk, not a sign-off and not "
		    "tampering; the next sign-off sets them aside in %s.torn\n",
		    c.torn, c.n, path);
	free(cause);
	signoff_chain_free(&c);
	return st;
}

/* An unsigned report's digest proves nothing against an edit (anyone can
 * recompute it): it cannot be checked, unless --digest-only asks for the
 * digest alone. */
static void
not_signed(struct integrity_report *ir, int digest_only)
{
	if (ir->status != INTEGRITY_VALID || ir->is_signed || digest_only)
		return;
	ir->status = INTEGRITY_UNCHECKABLE;
	free(ir->message);
	ir->message = xstrdup("not signed: the digest holds, but a digest "
	    "proves nothing against an edit (anyone can recompute it); sign "
	    "evidence with INGESTGATE_SIGNING_KEY, or check the digest alone "
	    "with --digest-only");
}

static int
worse(int a, int b)
{
	if (a == 1 || b == 1)
		return 1;
	return a > b ? a : b;
}

int
trust_cmd_verify(const struct settings *s, const struct trust_args *t,
    int argc, char **argv)
{
	struct integrity_key *pub = NULL;
	char *cause = NULL;
	const char *file;
	int st = 0;

	(void)s;
	if (argc != 1)
		return cli_cmd_usage("verify", "one FILE, an evidence report or a "
		    "signoffs.jsonl");
	if (t->by != NULL || t->as != NULL || t->since != NULL ||
	    t->lift_hold || t->accept_warn || t->note != NULL)
		return cli_cmd_usage("verify", "only --pubkey PEM and --digest-only "
		    "apply");
	file = argv[0];
	if (t->pubkey != NULL)
		pub = integrity_key_load(t->pubkey, 0, &cause);
	else
		pub = integrity_key_from_env(&cause);
	if (cause != NULL) {
		fprintf(stderr, "ingestgate: verify: cannot check: %s\n", cause);
		free(cause);
		return 2;
	}
	if (ends_with(file, SIGNOFF_FILE))
		st = verify_chain(file, pub);
	else {
		struct integrity_report ir;
		const char *slash = strrchr(file, '/');
		char *chain = slash != NULL ? xasprintf("%.*s/%s",
		    (int)(slash - file), file, SIGNOFF_FILE) :
		    xstrdup(SIGNOFF_FILE);

		integrity_check_file(file, pub, &ir);
		not_signed(&ir, t->digest_only);
		if (ir.status == INTEGRITY_INVALID)
			printf("EVIDENCE_SIGNATURE_INVALID: %s: %s\n", file,
			    ir.message);
		else
			printf("%s: %s%s\n", file, ir.status == INTEGRITY_VALID ?
			    "OK: " : "cannot check: ", ir.message);
		if (ir.digest[0] != '\0')
			printf("  sha256 %s%s%s\n", ir.digest, ir.key_id[0] ?
			    ", key " : "", ir.key_id);
		st = (int)ir.status;
		integrity_report_free(&ir);
		if (fileio_exists(chain))
			st = worse(st, verify_chain(chain, pub));
		free(chain);
	}
	integrity_key_free(pub);
	return st;
}

int
trust_cmd_timeline(const struct settings *s, const struct trust_args *t,
    int argc, char **argv)
{
	struct timeline tl;
	char *cause = NULL, *text;
	time_t since = 0;

	if (argc > 0)
		return cli_cmd_usage("timeline", "unexpected argument '%s'", argv[0]);
	if (t->by != NULL || t->as != NULL || t->pubkey != NULL ||
	    t->lift_hold || t->accept_warn || t->note != NULL)
		return cli_cmd_usage("timeline", "only --batch, --since, --json "
		    "and --json-lines apply");
	if (s->json && t->json_lines)
		return cli_cmd_usage("timeline", "--json and --json-lines "
		    "exclude each other");
	if (t->since != NULL) {
		long secs = timeline_parse_since(t->since);

		if (secs < 0)
			return cli_cmd_usage("timeline", "--since '%s' is not a "
			    "duration such as 90s, 30m, 24h or 7d", t->since);
		since = time(NULL) - secs;
	}
	if (timeline_build(s->reports_dir, s->batch, since, &tl, &cause) != 0) {
		fprintf(stderr, "ingestgate: timeline: %s\n", cause);
		free(cause);
		return 2;
	}
	for (size_t i = 0; i < tl.nwarnings; i++)
		fprintf(stderr, "ingestgate: timeline: skipped %s\n",
		    tl.warnings[i]);
	text = s->json || t->json_lines ? timeline_render_json(&tl,
	    t->json_lines) : timeline_render_text(&tl);
	fputs(text, stdout);
	if (!s->json && !t->json_lines && tl.n == 0)
		printf("nothing happened%s%s in %s\n", t->since != NULL ?
		    " in the last " : "", t->since != NULL ? t->since : "",
		    s->reports_dir);
	else if (!s->json && !t->json_lines)
		cli_print_root(stdout, s);
	free(text);
	timeline_free(&tl);
	return 0;
}
