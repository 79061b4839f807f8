/* The timeline's merge: timeline_build lists the gate and evidence
 * folders, runs each source over them (timeline_index.c,
 * timeline_events.c, timeline_replay.c), sorts the events once and applies
 * --since. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "release/report.h"
#include "release/timeline.h"
#include "release/timeline_int.h"
#include "core/util.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Subfolders of root/rel, each a folder to scan; only `only` when set. */
static void
list_folders(const char *root, const char *shown_root, const char *rel,
    const char *only, struct folder **out, size_t *n)
{
	char *base = xasprintf("%s/%s", root, rel);
	DIR *dir = opendir(base);
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0;

	if (dir != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.' ||
			    (only != NULL && strcmp(only, de->d_name) != 0))
				continue;
			names = xreallocarray(names, nn + 1, sizeof *names);
			names[nn++] = xstrdup(de->d_name);
		}
		closedir(dir);
	}
	if (nn > 1)	/* qsort(NULL, 0) is undefined */
		qsort(names, nn, sizeof *names, cmp_str);
	for (size_t i = 0; i < nn; i++) {
		struct folder *d;
		struct stat st;
		char *p = xasprintf("%s/%s", base, names[i]);

		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
			free(p);
			free(names[i]);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		d = &(*out)[(*n)++];
		memset(d, 0, sizeof *d);
		d->dir = p;
		d->shown = xasprintf("%s/%s/%s", shown_root, rel, names[i]);
		free(names[i]);
	}
	free(names);
	free(base);
}

/* Within one second: what a run found, then what people did about it. */
static int
event_cmp(const void *a, const void *b)
{
	const struct tl_event *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}


int
timeline_build(const char *root, const char *batch, time_t since,
    struct timeline *out, char **cause)
{
	struct folder *gates = NULL, *batches = NULL;
	size_t ngates = 0, nbatches = 0;
	struct strset errors_seen = { 0 };
	const char *r = root;
	char *shown_root, *bdir = NULL;
	struct stat st;

	memset(out, 0, sizeof *out);
	if (stat(root, &st) != 0) {
		*cause = xasprintf("no report folder %s: %s", root,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s is not a folder", root);
		return -1;
	}
	if (batch != NULL && (bdir = report_batch_dir(batch)) == NULL) {
		*cause = xstrdup("the batch code is not usable as a folder name");
		return -1;
	}
	while (r[0] == '.' && r[1] == '/')
		r += 2;
	shown_root = xstrdup(*r == '\0' ? "." : r);
	list_folders(root, shown_root, "gates", NULL, &gates, &ngates);
	list_folders(root, shown_root, "recon/quality", bdir, &gates, &ngates);
	list_folders(root, shown_root, "release-evidence", bdir, &batches,
	    &nbatches);
	for (size_t i = 0; i < ngates; i++) {
		tl_folder_scan(&gates[i], out);
		tl_events_gate_folder(out, &gates[i], batch, &errors_seen);
	}
	for (size_t i = 0; i < nbatches; i++) {
		const char *bname = strrchr(batches[i].dir, '/') + 1;

		tl_folder_scan(&batches[i], out);
		tl_events_gate_folder(out, &batches[i], batch, &errors_seen);
		tl_events_status(out, &batches[i], bname);
		tl_events_signoffs(out, &batches[i], bname);
	}
	tl_events_replays(out, root, shown_root);
	tl_events_sessions(out, root, shown_root, batch);
	if (out->n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(out->ev, out->n, sizeof *out->ev, event_cmp);
	if (since > 0) {
		size_t k = 0;

		for (size_t i = 0; i < out->n; i++) {
			if (out->ev[i].at >= since)
				out->ev[k++] = out->ev[i];
			else
				tl_event_free(&out->ev[i]);
		}
		out->n = k;
	}
	for (size_t i = 0; i < ngates; i++)
		tl_folder_free(&gates[i]);
	for (size_t i = 0; i < nbatches; i++)
		tl_folder_free(&batches[i]);
	for (size_t i = 0; i < errors_seen.n; i++)
		free(errors_seen.s[i]);
	free(errors_seen.s);
	free(gates);
	free(batches);
	free(shown_root);
	free(bdir);
	return 0;
}

