/* Two-person sign-off of release evidence (SPEC section 11, runbook 8): the
 * append-only, hash-chained release-evidence/{batch}/signoffs.jsonl, the
 * rules that say whether a sign-off is allowed and whether it lifts the
 * batch to READY (a pure function), and the one place that writes that
 * transition into batch-status.json.
 *
 * A line is one JSON object (no whitespace, fixed member order): at, by, as,
 * note, evidence, sha256, decision, action, prev, keyId, signature. prev is
 * the lowercase hex SHA-256 of the previous line's bytes without its
 * newline (null on the first line). With INGESTGATE_SIGNING_KEY set the
 * line carries keyId and an Ed25519 signature of the digest of its
 * canonical document without keyId and signature (integrity.h); else both
 * are null. */
#ifndef INGESTGATE_SIGNOFF_H
#define INGESTGATE_SIGNOFF_H

#include <stddef.h>
#include <time.h>

#include "release/integrity.h"

#define SIGNOFF_FILE "signoffs.jsonl"

enum signoff_action { SIGNOFF_ACK, SIGNOFF_LIFT_HOLD, SIGNOFF_ACCEPT_WARN };

const char *signoff_action_name(enum signoff_action a);
/* -1 when s is not ack, lift-hold or accept-warn. */
int signoff_action_parse(const char *s, enum signoff_action *out);

struct signoff_entry {
	char *at, *by, *as, *note, *evidence, *sha256, *decision;
	enum signoff_action action;
	char *prev;			/* NULL on the first line */
	char *key_id, *signature;	/* NULL when unsigned */
	char hash[INTEGRITY_HEX_LEN + 1];	/* of the line's bytes */
	unsigned line;
};

struct signoff_chain {
	struct signoff_entry *e;
	size_t n;
	size_t unsigned_lines;
	size_t checked_sigs;	/* line signatures checked with a key */
	size_t torn;		/* bytes after the last line end: a torn
				 * write (crash residue), not in the chain */
};

void signoff_chain_free(struct signoff_chain *c);

/* Parses and checks a chain's text. Every line must be a whole JSON line
 * with the fields above and prev equal to the previous line's hash (bytes
 * after the last '\n' are a torn write, counted in out->torn); with
 * pub, every signed line must be signed by it, and with require_signed
 * every line must be signed (without pub, signatures are not checked).
 * 0 when the chain holds, else -1 with *cause naming "path:LINE" and what
 * is wrong; out keeps the lines read before the break. */
int signoff_chain_parse(const char *text, size_t len, const char *path,
    const struct integrity_key *pub, int require_signed,
    struct signoff_chain *out, char **cause);
/* Reads a chain file; a missing file is an empty chain. */
int signoff_chain_read(const char *path, const struct integrity_key *pub,
    int require_signed, struct signoff_chain *out, char **cause);

/* What the rules need from the batch's latest evidence. */
struct signoff_evidence {
	char *path;		/* the timestamped report, as shown */
	char *sha256;		/* its digest, recomputed and checked */
	char *decision;		/* GO, NO-GO, PENDING */
	int n_warn;		/* stages WARN */
	int n_inconclusive;	/* stages INCONCLUSIVE */
	int n_fail;		/* stages FAIL or ERROR */
	char *stages;		/* "F-03 WARN, F-04 INCONCLUSIVE": non-PASS ones */
	char *batch;		/* the batch it names; NULL when none */
	int insecure;		/* run with TLS verification off */
	/* The caller's: 1 when the batch status took this evidence in after
	 * its last HOLD (SPEC 11: a FAIL after it needs new evidence). */
	int current;
};

void signoff_evidence_free(struct signoff_evidence *ev);

struct signoff_request {
	const char *by;
	const char *as;
	enum signoff_action action;
	const char *batch;	/* the batch signed */
	const char *operator_name;	/* who ran it (the account); NULL: none */
};

struct signoff_outcome {
	int refused;		/* 1: nothing is written */
	char *reason;		/* why refused */
	int lifts;		/* with this line the batch becomes READY */
	char *missing;		/* what is still needed after it, or "" */
	const struct signoff_entry *superseded;	/* last line, older digest */
};

void signoff_outcome_free(struct signoff_outcome *o);

/* The rules, pure: given the batch status (READY, PENDING, HOLD or NULL),
 * the latest evidence (NULL: none), the chain and a request, fills out.
 * Only lines with the evidence's digest count; the same person (names
 * compared after NFKC, case folding and collapsed spaces: person.h) may not
 * sign the same evidence with the same action twice; roles compare alike.
 * Evidence of another batch, or run with TLS verification off, is never
 * signed; a lift needs evidence the status took in after its HOLD. */
void signoff_judge(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n,
    const struct signoff_request *req, struct signoff_outcome *out);

/* 1 when the chain already justifies READY for a batch in status (HOLD:
 * the two leads' --lift-hold on current GO evidence; PENDING: two people's
 * --accept-warn on current WARN evidence): a lift whose status write did
 * not finish, which the next sign-off or run completes. */
int signoff_lifted(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n);

/* What the batch still needs before it is READY, for the console and the
 * command's output; caller frees ("" when nothing). */
char *signoff_missing(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n);

/* The batch folder (root/release-evidence/{batch}) and its shown form. */
int signoff_batch_dir(const char *root, const char *batch, char **dir,
    char **shown, char **cause);

/* Reads the batch's latest evidence (latest.json) and checks its digest
 * (and signature with pub); -1 with *cause when there is none or it does
 * not verify. */
int signoff_evidence_load(const char *dir, const char *shown,
    const struct integrity_key *pub, struct signoff_evidence *out,
    char **cause);
/* The batch status word from batch-status.json; NULL when none. */
char *signoff_status_load(const char *dir);

/* The console's view: status, the sign-offs of the latest evidence as
 * lines of text and what is missing. -1 with *cause when nothing can be
 * said. Caller frees with signoff_view_free. */
struct signoff_view {
	char *status;
	char *decision;
	char **lines;
	size_t n;
	char *missing;
	char *problem;		/* a chain or evidence problem, or NULL */
};
int signoff_view_load(const char *root, const char *batch,
    struct signoff_view *out, char **cause);
void signoff_view_free(struct signoff_view *v);

struct signoff_result {
	int status;		/* 0 written, 1 refused or broken chain, 2 cannot */
	char *message;		/* what happened, several lines */
	int lifted;
};

/* The command: checks the chain, applies the rules, appends the line under
 * an exclusive lock and, on a lift, updates the batch status. */
void signoff_record(const char *root, const char *batch,
    const struct signoff_request *req, const char *note, time_t now,
    struct signoff_result *out);
void signoff_result_free(struct signoff_result *r);

/* The chain's head: its line count and the last line's SHA-256. */
struct signoff_head {
	size_t lines;
	const char *sha256;	/* NULL when lines is 0 */
};

/* THE batch-status update of a sign-off: reads dir/batch-status.json,
 * records the chain head and, with lift, sets status READY and
 * since/updatedAt to at, clears the escalation and appends {from, to, at,
 * gate: "signoff", report} to history; writes the file atomically. -1 with
 * *cause. */
int signoff_apply_status(const char *dir, const char *at, const char *report,
    int lift, const struct signoff_head *head, char **cause);

#endif
