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
#include "release/batch_lock.h"
#include "release/batch_status.h"
#include "release/integrity.h"
#include "release/person.h"
#include "release/report.h"
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

/* A name (or role) one person could not type twice alike is a usage
 * error (SPEC 11): 0, or the usage exit status. */
static int
check_name(const char *flag, const char *value)
{
	char *cause = NULL;
	int st;

	if (person_check(value, &cause) == 0)
		return 0;
	st = cli_usage("signoff: --%s: %s", flag, cause);
	free(cause);
	return st;
}

int
trust_cmd_signoff(const struct settings *s, const struct trust_args *t,
    int argc, char **argv)
{
	struct signoff_request req;
	struct signoff_result r;
	int st;

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
	if ((st = check_name("by", t->by)) != 0 ||
	    (st = check_name("as", t->as)) != 0)
		return st;
	if (cli_need_operator(s, "signoff") != 0)
		return EXIT_USAGE;
	memset(&req, 0, sizeof req);
	req.operator_name = s->operator_name;
	req.by = t->by;
	req.as = t->as;
	req.batch = s->batch;
	req.action = t->lift_hold ? SIGNOFF_LIFT_HOLD : t->accept_warn ?
	    SIGNOFF_ACCEPT_WARN : SIGNOFF_ACK;
	signoff_record(s->reports_dir, s->batch, &req, t->note, time(NULL), &r);
	fprintf(r.status == 0 ? stdout : stderr, "%s%s\n", r.status == 0 ?
	    "" : "ingestgate: ", r.message);
	cli_print_root(r.status == 0 ? stdout : stderr, s);
	st = r.status;
	signoff_result_free(&r);
	return st;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0 &&
	    (a == b || s[a - b - 1] == '/');
}

/* The folder of path and its batch-status.json; caller frees. */
static char *
beside(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? xasprintf("%.*s/%s", (int)(slash - path), path,
	    name) : xstrdup(name);
}

/* The chain against the head its batch status recorded (SPEC 11): 0 when
 * it holds, 1 when lines were removed at the end or the file emptied, 2
 * when there is nothing to hold it to. */
static int
verify_head(const char *path, const struct signoff_chain *c)
{
	struct batch_file bf;
	char *status = beside(path, "batch-status.json"), *cause = NULL;
	int st = 0;

	memset(&bf, 0, sizeof bf);
	/* batch_status_read wants a root and a batch; read the file itself. */
	if (access(status, F_OK) != 0) {
		printf("%s: cannot check its end: no batch status beside it "
		    "(%s), so a removed last line would not show\n", path, status);
		st = 2;
		goto out;
	}
	if (batch_status_read_file(status, &bf, &cause) != 0) {
		printf("%s: cannot check its end: %s\n", path, cause);
		st = 2;
	} else if (bf.chain_lines == 0 && c->n > 0) {
		printf("%s: cannot check its end: %s records no chain head\n",
		    path, status);
		st = 2;
	} else if (c->n < bf.chain_lines) {
		printf("EVIDENCE_SIGNATURE_INVALID: %s: %zu line%s, but the batch "
		    "status recorded %zu: line%s removed at the end%s\n", path,
		    c->n, c->n == 1 ? "" : "s", bf.chain_lines,
		    bf.chain_lines - c->n == 1 ? "" : "s", c->n == 0 ?
		    " (the file was emptied)" : "");
		st = 1;
	} else if (bf.chain_lines > 0 && strcmp(c->e[bf.chain_lines - 1].hash,
	    bf.chain_sha256) != 0) {
		printf("EVIDENCE_SIGNATURE_INVALID: %s:%zu: not the line the "
		    "batch status recorded as the chain head\n", path,
		    bf.chain_lines);
		st = 1;
	} else if (c->n > bf.chain_lines)
		printf("%s: %zu line%s after the recorded head (a sign-off whose "
		    "status write did not finish; the next sign-off or gate run "
		    "records %s)\n", path, c->n - bf.chain_lines,
		    c->n - bf.chain_lines == 1 ? "" : "s",
		    c->n - bf.chain_lines == 1 ? "it" : "them");
out:
	batch_file_free(&bf);
	free_all(status, cause);
	return st;
}

/* Checks a sign-off chain and its head; 0, 1 broken, 2 cannot check. */
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
	} else if (pub == NULL && c.unsigned_lines < c.n) {
		printf("%s: cannot check: %zu signed line%s and no public key "
		    "(--pubkey PEM)\n", path, c.n - c.unsigned_lines,
		    c.n - c.unsigned_lines == 1 ? "" : "s");
		st = 2;
	} else if ((st = verify_head(path, &c)) == 0)
		printf("%s: sign-off chain holds (%zu line%s%s%s, head as "
		    "recorded)\n", path, c.n, c.n == 1 ? "" : "s",
		    c.checked_sigs > 0 ? ", signatures checked" : "",
		    c.unsigned_lines > 0 ? ", some lines unsigned" : "");
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

/* A file in the folder of batch that names another batch code (B/1 and
 * B_1 share a folder): 1 with the message printed. */
static int
verify_conflict(const char *file, const char *batch)
{
	char *folder = beside(file, ""), *want, *sb = NULL, *eb = NULL;
	const char *base, *other = NULL;
	size_t len = strlen(folder);
	int bad = 0;

	if (batch == NULL || (want = report_batch_dir(batch)) == NULL) {
		free(folder);
		return 0;
	}
	if (len > 0)
		folder[len - 1] = '\0';		/* the trailing '/' */
	base = strrchr(folder, '/') != NULL ? strrchr(folder, '/') + 1 : folder;
	if (strcmp(base, want) == 0) {
		batch_folder_owners(*folder != '\0' ? folder : ".", &sb, &eb);
		other = sb != NULL && strcmp(sb, batch) != 0 ? sb :
		    eb != NULL && strcmp(eb, batch) != 0 ? eb : NULL;
	}
	if (other != NULL) {
		printf("BATCH_FOLDER_CONFLICT: %s belongs to batch \"%s\", not "
		    "\"%s\": both codes map to the folder %s\n", file, other,
		    batch, base);
		bad = 1;
	}
	free_all(folder, want, sb, eb);
	return bad;
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

	if (argc != 1)
		return cli_cmd_usage("verify", "one FILE, an evidence report or a "
		    "signoffs.jsonl");
	if (t->by != NULL || t->as != NULL || t->since != NULL ||
	    t->lift_hold || t->accept_warn || t->note != NULL)
		return cli_cmd_usage("verify", "only --pubkey PEM and --digest-only "
		    "apply");
	file = argv[0];
	if (verify_conflict(file, s->batch))
		return 2;
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
		char *chain = beside(file, SIGNOFF_FILE);

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
