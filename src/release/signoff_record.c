/* The sign-off command (signoff_record): the chain opened under an
 * exclusive lock, the rules applied, the line appended and synced and, on
 * a lift, the batch status written; and the console's view of a batch's
 * sign-offs (signoff_view_load). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/fileio.h"
#include "release/batch_lock.h"
#include "release/batch_status.h"
#include "release/signoff.h"
#include "release/signoff_int.h"
#include "release/signoff_sync.h"
#include "core/util.h"

void
signoff_result_free(struct signoff_result *r)
{
	free(r->message);
	memset(r, 0, sizeof *r);
}

/* What one sign-off holds while it runs (signoff_record). */
struct record {
	char *dir, *shown, *path, *status;
	const char *root, *batch;
	time_t now;
	struct integrity_key *key;
	int lock;		/* the batch folder's lock (batch_lock.h) */
	struct batch_file bf;	/* the batch status, read under the lock */
	char line_hash[INTEGRITY_HEX_LEN + 1];	/* of the line appended */
	int fd;			/* signoffs.jsonl, locked */
	off_t size;		/* its length as read */
	struct signoff_chain chain;
	struct signoff_evidence ev;
	int have_ev;
	struct signoff_outcome oc;
	struct buf msg;
};

/* Reads the whole file from the start; -1 with errno when it cannot. */
static int
read_fd(int fd, struct buf *text)
{
	for (;;) {
		char chunk[8192];
		ssize_t n = pread(fd, chunk, sizeof chunk, (off_t)text->len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		buf_add(text, chunk, (size_t)n);
	}
}

/* The batch folder, the key and signoffs.jsonl opened under an exclusive
 * lock; the exit status (2 when it cannot) with rc->msg. */
static int
record_lock(struct record *rc, const char *root, const char *batch)
{
	char *cause = NULL;
	int ret = 2;

	if (signoff_batch_dir(root, batch, &rc->dir, &rc->shown, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		goto out;
	}
	rc->key = integrity_key_from_env(&cause);
	if (cause != NULL) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		goto out;
	}
	rc->path = xasprintf("%s/%s", rc->dir, SIGNOFF_FILE);
	/* The batch folder's lock, the one gate runs take: a sign-off and a
	 * run never interleave their reads and writes of the status. */
	rc->lock = batch_lock_take(rc->dir, 0, &cause);
	if (rc->lock == -2) {
		buf_addf(&rc->msg, "signoff: no release evidence in %s: run "
		    "'ingestgate gate evidence' first", rc->shown);
		goto out;
	}
	if (rc->lock < 0 || batch_folder_check(rc->dir, rc->shown, batch,
	    &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		goto out;
	}
	/* One sign-off at a time: read, judge and append under the lock.
	 * Never through a link planted at the path, never hanging on a FIFO. */
	rc->fd = fileio_open_own(rc->path, O_RDWR | O_CREAT | O_APPEND, &cause);
	if (rc->fd == -1) {
		buf_addf(&rc->msg, "signoff: cannot open %s", cause);
		goto out;
	}
	if (flock(rc->fd, LOCK_EX) == -1) {
		buf_addf(&rc->msg, "signoff: cannot lock %s/%s: %s", rc->shown,
		    SIGNOFF_FILE, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(cause);
	return ret;
}

/* The batch status read under the lock, and what the chain already
 * justifies completed (a sign-off cut short before its status write); the
 * exit status (2 when the status cannot be read or written). */
static int
record_status(struct record *rc)
{
	char *cause = NULL, *note = NULL;

	if (batch_status_read(rc->root, rc->batch, &rc->bf, &cause) != 0 ||
	    signoff_sync(rc->root, rc->batch, &rc->bf, rc->now, &note,
	    &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		free(cause);
		return 2;
	}
	if (note != NULL)
		buf_addf(&rc->msg, "%s\n", note);
	free(note);
	signoff_sync_current(&rc->bf, &rc->ev);
	if (batch_status_name(rc->bf.status) != NULL)
		rc->status = xstrdup(batch_status_name(rc->bf.status));
	return 0;
}

/* The chain, the evidence and the status read, and the rules applied; the
 * exit status (1 refused or broken, 2 cannot) with rc->msg. */
static int
record_judge(struct record *rc, const struct signoff_request *req)
{
	struct buf text = { 0 };
	char *cause = NULL;
	int ret = 2;

	if (read_fd(rc->fd, &text) != 0) {
		buf_addf(&rc->msg, "signoff: cannot read %s/%s: %s", rc->shown,
		    SIGNOFF_FILE, strerror(errno));
		goto out;
	}
	rc->size = (off_t)text.len;
	if (signoff_chain_parse(text.data != NULL ? text.data : "", text.len,
	    rc->path, rc->key, 0, &rc->chain, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: EVIDENCE_SIGNATURE_INVALID: %s\n"
		    "signoff: refusing to append to a broken chain; restore the "
		    "file from a copy and check it with 'ingestgate verify'",
		    cause);
		ret = 1;
		goto out;
	}
	if (signoff_evidence_load(rc->dir, rc->shown, rc->key, &rc->ev,
	    &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		ret = strstr(cause, "does not verify") != NULL ? 1 : 2;
		goto out;
	}
	rc->have_ev = 1;
	if ((ret = record_status(rc)) != 0)
		goto out;
	ret = 2;
	signoff_judge(rc->status, &rc->ev, rc->chain.e, rc->chain.n, req,
	    &rc->oc);
	if (rc->oc.superseded != NULL)
		buf_addf(&rc->msg, "note: a newer evidence exists (%s, sha256 "
		    "%.12s...) than the one signed on line %u (sha256 %.12s...): "
		    "this sign-off binds to the newer one; sign-offs of the "
		    "older evidence no longer count\n", rc->ev.path, rc->ev.sha256,
		    rc->oc.superseded->line, rc->oc.superseded->sha256);
	if (rc->oc.refused) {
		buf_addf(&rc->msg, "signoff: refused: %s", rc->oc.reason);
		ret = 1;
		goto out;
	}
	ret = 0;
out:
	buf_free(&text);
	free(cause);
	return ret;
}

/* A torn tail after the chain's last line (a crash or a full disk cut a
 * write short) set aside in signoffs.jsonl.torn, saying so; the exit
 * status (2 when it cannot). */
static int
record_set_aside(struct record *rc)
{
	const struct signoff_chain *c = &rc->chain;
	char *cause = NULL;

	if (c->torn == 0)
		return 0;
	if (fileio_tail_set_aside(rc->fd, rc->path, rc->size - (off_t)c->torn,
	    rc->size, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		free(cause);
		return 2;
	}
	buf_addf(&rc->msg, "note: %s/%s ended in a torn line (%zu bytes after "
	    "line %zu, left by a crash or a full disk, not a sign-off): set "
	    "aside in %s/%s.torn\n", rc->shown, SIGNOFF_FILE, c->torn, c->n,
	    rc->shown, SIGNOFF_FILE);
	return 0;
}

/* The line appended whole and synced, or nothing; the exit status (2 when
 * it cannot). */
static int
record_append(struct record *rc, const struct signoff_request *req,
    const char *note, const char *at)
{
	const struct signoff_chain *c = &rc->chain;
	char *line, *l, *shown, *cause = NULL;
	int ret = 0;

	if (record_set_aside(rc) != 0)
		return 2;
	line = signoff_line_render(at, req, note, &rc->ev, c->n > 0 ?
	    c->e[c->n - 1].hash : NULL, rc->key);
	l = xasprintf("%s\n", line);
	/* The head recorded in the batch status: this line's hash. */
	integrity_sha256_hex(line, strlen(line), rc->line_hash);
	shown = xasprintf("%s/%s", rc->shown, SIGNOFF_FILE);
	if (fileio_append_whole(rc->fd, shown, l, strlen(l), &cause) != 0) {
		buf_addf(&rc->msg, "signoff: %s", cause);
		free(cause);
		ret = 2;
	} else {
		buf_addf(&rc->msg, "signed: %s as %s, %s, evidence %s (%s, "
		    "sha256 %.12s...)%s%s\n", req->by, req->as,
		    signoff_action_name(req->action), rc->ev.path,
		    rc->ev.decision, rc->ev.sha256, rc->key != NULL ? ", line "
		    "signed with key " : "", rc->key != NULL ?
		    integrity_key_id(rc->key) : "");
		buf_addf(&rc->msg, "recorded in %s/%s:%zu\n", rc->shown,
		    SIGNOFF_FILE, c->n + 1);
	}
	free(shown);
	free(l);
	free(line);
	return ret;
}

/* What the line did to the batch: lifted (status written) or what it still
 * needs; the exit status (2 when the status cannot be written). */
static int
record_lift(struct record *rc, const char *batch, const char *at,
    int *lifted)
{
	const char *was = rc->status != NULL ? rc->status : "(none)";
	struct signoff_head head = { rc->chain.n + 1, rc->line_hash };
	char *cause = NULL;

	/* Every sign-off records the chain head, so that verify finds a
	 * removed last line; a lift writes READY with it, in one write. */
	if (rc->bf.status != BATCH_NONE && signoff_apply_status(rc->dir, at,
	    rc->ev.path, rc->oc.lifts, &head, &cause) != 0) {
		buf_addf(&rc->msg, "signoff: the sign-off is recorded, but the "
		    "batch status could not be written: %s (the next sign-off or "
		    "gate run on the batch completes it)", cause);
		free(cause);
		return 2;
	}
	if (!rc->oc.lifts) {
		if (*rc->oc.missing != '\0')
			buf_addf(&rc->msg, "batch %s stays %s; still missing: %s",
			    batch, was, rc->oc.missing);
		else
			buf_addf(&rc->msg, "batch %s: %s", batch, was);
		return 0;
	}
	*lifted = 1;
	buf_addf(&rc->msg, "batch %s: %s -> READY (%s/batch-status.json)", batch,
	    was, rc->shown);
	return 0;
}

static void
record_free(struct record *rc)
{
	if (rc->fd != -1)
		close(rc->fd);
	batch_lock_release(rc->lock);	/* after every write */
	batch_file_free(&rc->bf);
	if (rc->have_ev)
		signoff_evidence_free(&rc->ev);
	signoff_outcome_free(&rc->oc);
	signoff_chain_free(&rc->chain);
	integrity_key_free(rc->key);
	buf_free(&rc->msg);
	free_all(rc->dir, rc->shown, rc->path, rc->status);
}

void
signoff_record(const char *root, const char *batch,
    const struct signoff_request *req, const char *note, time_t now,
    struct signoff_result *out)
{
	struct record rc;
	struct signoff_request rq = *req;
	char at[ISO_UTC_LEN];
	int status;

	memset(out, 0, sizeof *out);
	memset(&rc, 0, sizeof rc);
	rc.fd = -1;
	rc.lock = -1;
	rc.root = root;
	rc.batch = batch;
	rc.now = now;
	rq.batch = batch;
	req = &rq;
	iso_utc(now, at);
	if ((status = record_lock(&rc, root, batch)) == 0 &&
	    (status = record_judge(&rc, req)) == 0 &&
	    (status = record_append(&rc, req, note, at)) == 0)
		status = record_lift(&rc, batch, at, &out->lifted);
	out->status = status;
	out->message = rc.msg.data != NULL ? buf_take(&rc.msg) : xstrdup("");
	record_free(&rc);
}

int
signoff_view_load(const char *root, const char *batch,
    struct signoff_view *out, char **cause)
{
	struct signoff_chain chain = { 0 };
	struct signoff_evidence ev;
	char *dir = NULL, *shown = NULL, *path = NULL, *why = NULL;
	int have_ev;

	memset(out, 0, sizeof *out);
	memset(&ev, 0, sizeof ev);
	if (signoff_batch_dir(root, batch, &dir, &shown, cause) != 0)
		return -1;
	path = xasprintf("%s/%s", dir, SIGNOFF_FILE);
	out->status = signoff_status_load(dir);
	if (signoff_chain_read(path, NULL, 0, &chain, &why) != 0) {
		out->problem = why;
		why = NULL;
	}
	have_ev = signoff_evidence_load(dir, shown, NULL, &ev, &why) == 0;
	if (!have_ev && out->problem == NULL) {
		out->problem = why;
		why = NULL;
	}
	if (have_ev) {
		struct batch_file bf;

		if (batch_status_read(root, batch, &bf, &why) == 0)
			signoff_sync_current(&bf, &ev);
		batch_file_free(&bf);
		out->decision = xstrdup(ev.decision);
		for (size_t i = 0; i < chain.n; i++) {
			const struct signoff_entry *e = &chain.e[i];

			if (strcmp(e->sha256, ev.sha256) != 0)
				continue;
			out->lines = xreallocarray(out->lines, out->n + 1,
			    sizeof *out->lines);
			out->lines[out->n++] = xasprintf("%s %s (%s) %s", e->at,
			    e->by, e->as, signoff_action_name(e->action));
		}
	}
	out->missing = signoff_missing(out->status, have_ev ? &ev : NULL,
	    chain.e, chain.n);
	if (have_ev)
		signoff_evidence_free(&ev);
	signoff_chain_free(&chain);
	free(why);
	free(dir);
	free(shown);
	free(path);
	return 0;
}

void
signoff_view_free(struct signoff_view *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->lines[i]);
	free_all(v->status, v->decision, v->lines, v->missing, v->problem);
	memset(v, 0, sizeof *v);
}
