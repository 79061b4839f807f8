/* The next sign-off or run completes a sign-off cut short: the lift its
 * lines justify and the chain head it did not record. Nothing here decides
 * anew: signoff_lifted() is the rule, signoff_apply_status() the writer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "release/batch_status.h"
#include "release/signoff.h"
#include "release/signoff_sync.h"

void
signoff_sync_current(const struct batch_file *bf, struct signoff_evidence *ev)
{
	ev->current = bf->evidence != NULL && ev->path != NULL &&
	    strcmp(batch_report_name(bf->evidence),
	    batch_report_name(ev->path)) == 0;
}

/* 1 when the chain holds more lines than the status records and starts
 * with the recorded ones (never when lines were removed or changed:
 * verify says so, nothing here hides it). */
static int
chain_ahead(const struct batch_file *bf, const struct signoff_chain *c)
{
	if (c->n <= bf->chain_lines)
		return 0;
	return bf->chain_lines == 0 ||
	    strcmp(c->e[bf->chain_lines - 1].hash, bf->chain_sha256) == 0;
}

/* 1 when the chain lifts the batch with the latest evidence of batch. */
static int
chain_lifts(const struct batch_file *bf, const char *batch,
    const struct signoff_chain *c, struct signoff_evidence *ev)
{
	signoff_sync_current(bf, ev);
	if (ev->batch == NULL || strcmp(ev->batch, batch) != 0)
		return 0;
	return signoff_lifted(batch_status_name(bf->status), ev, c->e, c->n);
}

int
signoff_sync(const char *root, const char *batch, struct batch_file *bf,
    time_t now, char **note, char **cause)
{
	struct signoff_chain chain;
	struct signoff_evidence ev;
	struct signoff_head head;
	char *path, *shown, *why = NULL, at[ISO_UTC_LEN];
	const char *was = batch_status_name(bf->status);
	int have_ev = 0, lift = 0, ret = 0;

	*note = NULL;
	memset(&ev, 0, sizeof ev);
	if (bf->status == BATCH_NONE)
		return 0;
	path = xasprintf("%s/%s", bf->dir, SIGNOFF_FILE);
	/* bf->shown names the status file; the evidence wants its folder. */
	shown = xstrndup(bf->shown, strlen(bf->shown) -
	    strlen("/batch-status.json"));
	/* A broken chain completes nothing: sign-off and verify say why. */
	if (signoff_chain_read(path, NULL, 0, &chain, &why) != 0 ||
	    chain.n == 0)
		goto out;
	have_ev = signoff_evidence_load(bf->dir, shown, NULL, &ev,
	    &why) == 0;
	if (have_ev)
		lift = chain_lifts(bf, batch, &chain, &ev);
	if (!lift && !chain_ahead(bf, &chain))
		goto out;
	head.lines = chain.n;
	head.sha256 = chain.e[chain.n - 1].hash;
	iso_utc(now, at);
	if (signoff_apply_status(bf->dir, at, have_ev ? ev.path : NULL, lift,
	    &head, cause) != 0) {
		ret = -1;
		goto out;
	}
	if (lift)
		*note = xasprintf("completed: the sign-offs in %s/%s (up to "
		    "line %zu) had lifted batch %s from %s to READY; the batch "
		    "status now says so", shown, SIGNOFF_FILE, chain.n,
		    batch, was);
	batch_file_free(bf);
	free(why);
	why = NULL;
	if (batch_status_read(root, batch, bf, &why) != 0) {
		*cause = why;
		why = NULL;
		ret = -1;
	}
out:
	if (have_ev)
		signoff_evidence_free(&ev);
	signoff_chain_free(&chain);
	free(why);
	free(shown);
	free(path);
	return ret;
}
