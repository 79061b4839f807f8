/* `ingestgate session list|replay FILE|report FILE` (issue 26): the
 * recordings the console wrote under reports/sessions/<context>/, one
 * played back in the same console, read-only and with no backend
 * contacted, and the write-up of one as incident notes. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cli/cli.h"
#include "cli/ascii_out.h"
#include "cli/cli_int.h"
#include "config/settings.h"
#include "core/util.h"
#include "playbook/playbook.h"
#include "session/session_parts.h"
#include "session/session_read.h"
#include "session/session_report.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .jsonl files of dir, sorted (caller frees each and the list). */
static char **
list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **out = NULL;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || (len < 7 ||
		    strcmp(e->d_name + len - 6, ".jsonl") != 0 ?
		    0 : 1) == 0) {
			/* A context's folder holds only its recordings. */
			if (e->d_name[0] == '.' || e->d_type != DT_DIR)
				continue;
		}
		out = xreallocarray(out, *n + 1, sizeof *out);
		out[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(out, *n, sizeof *out, by_name);
	return out;
}

static json_object *
parts_json(const struct session_file *sf)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < sf->nparts; i++)
		json_object_array_add(a, json_object_new_string(sf->parts[i]));
	return a;
}

/* One session; the parts it read are added to seen. */
static void
list_one(const char *path, int json, json_object *arr, char ***seen,
    size_t *nseen)
{
	char *cause = NULL;
	struct session_file *sf = session_load(path, &cause);
	char start[ISO_UTC_LEN], gap[400];

	if (sf == NULL) {
		if (!json)
			printf("%s  (unreadable: %s)\n", path, cause);
		free(cause);
		return;
	}
	iso_utc(sf->start, start);
	session_gap_text(sf, 0, gap, sizeof gap);
	*seen = xreallocarray(*seen, *nseen + sf->nparts, sizeof **seen);
	for (size_t i = 0; i < sf->nparts; i++)
		(*seen)[(*nseen)++] = xstrdup(sf->parts[i]);
	if (json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "file", json_object_new_string(path));
		json_object_object_add(o, "start", json_object_new_string(start));
		json_object_object_add(o, "minutes",
		    json_object_new_int64((sf->end - sf->start) / 60));
		json_object_object_add(o, "operator", json_object_new_string(
		    session_str(sf->header, "operator") ?
		    session_str(sf->header, "operator") : ""));
		json_object_object_add(o, "frames",
		    json_object_new_int64((int64_t)sf->nframes));
		json_object_object_add(o, "events",
		    json_object_new_int64((int64_t)sf->nevents));
		json_object_object_add(o, "complete",
		    json_object_new_boolean(!session_cut_short(sf)));
		json_object_object_add(o, "parts", parts_json(sf));
		if (gap[0] != '\0')
			json_object_object_add(o, "gap",
			    json_object_new_string(gap));
		json_object_array_add(arr, o);
	} else {
		printf("%s  %s  %ld min  by %s  %zu events%s%s%s%s\n", path,
		    start, (long)((sf->end - sf->start) / 60),
		    session_str(sf->header, "operator") ?
		    session_str(sf->header, "operator") : "?", sf->nevents,
		    session_cut_short(sf) ? "  (cut short" : "",
		    gap[0] != '\0' ? "; " : "", gap,
		    session_cut_short(sf) ? ")" : "");
		/* A rotated session is one, its parts under it in order. */
		for (size_t i = 0; sf->nparts > 1 && i < sf->nparts; i++)
			printf("  part %zu: %s\n", i + 1, sf->parts[i]);
	}
	session_free(sf);
}

static int
in_list(char *const *l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i], s) == 0)
			return 1;
	return 0;
}

/* The part number a later part's header gives (orphans in part order). */
static int
part_no(const char *path)
{
	json_object *h = session_part_header(path), *v;
	int n = json_object_object_get_ex(h, "part", &v) ?
	    json_object_get_int(v) : 0;

	json_object_put(h);
	return n;
}

/*
 * A context's recordings: each session by its first part, its later parts
 * under it; then the later parts no session reached (one before them is
 * missing or unreadable), each read from itself on, lowest part first so
 * that a run of them is one entry. The number listed.
 */
static size_t
list_context(char *const *files, size_t nf, int json, json_object *arr)
{
	char **seen = NULL;
	size_t nseen = 0, total = 0;

	for (size_t j = 0; j < nf; j++)
		/* A later part is listed with its session's first. */
		if (!session_part_is_later(files[j])) {
			list_one(files[j], json, arr, &seen, &nseen);
			total++;
		}
	for (;;) {
		size_t best = nf;
		int bn = 0, n;

		for (size_t j = 0; j < nf; j++) {
			if (in_list(seen, nseen, files[j]) ||
			    !session_part_is_later(files[j]))
				continue;
			n = part_no(files[j]);
			if (best == nf || n < bn) {
				best = j;
				bn = n;
			}
		}
		if (best == nf)
			break;
		seen = xreallocarray(seen, nseen + 1, sizeof *seen);
		seen[nseen++] = xstrdup(files[best]);
		list_one(files[best], json, arr, &seen, &nseen);
		total++;
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return total;
}

static int
session_list(const struct settings *s, int json)
{
	char *root = xasprintf("%s/sessions", s->reports_dir);
	json_object *arr = json_object_new_array();
	size_t nctx, nf, total = 0;
	char **ctx = list_dir(root, &nctx);

	for (size_t i = 0; i < nctx; i++) {
		char **files = list_dir(ctx[i], &nf);

		total += list_context(files, nf, json, arr);
		for (size_t j = 0; j < nf; j++)
			free(files[j]);
		free(files);
		free(ctx[i]);
	}
	free(ctx);
	if (json)
		printf("%s\n", json_object_to_json_string_ext(arr,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
	else if (total == 0)
		printf("no recordings under %s\n", root);
	json_object_put(arr);
	free(root);
	return 0;
}

/* The settings of the recorded console: its batch and context (for the
 * header and the checklist), read-only, nothing recorded. */
static void
replay_settings(struct settings *s, struct session_file *sf, const char *path)
{
	json_object *h = sf->header, *v;

	free(s->batch);
	s->batch = session_str(h, "batch") ? xstrdup(session_str(h, "batch")) :
	    NULL;
	free(s->context);
	s->context = session_str(h, "context") ?
	    xstrdup(session_str(h, "context")) : NULL;
	if (json_object_object_get_ex(h, "runQuality", &v))
		s->run_quality = json_object_get_boolean(v);
	s->readonly = 1;
	s->no_record = 1;
	s->session_replay = path;
}

static int
session_open(const char *path, struct session_file **sf)
{
	char *cause = NULL;

	if ((*sf = session_load(path, &cause)) == NULL) {
		fprintf(stderr, "ingestgate: session: %s\n", cause);
		free(cause);
		return 2;
	}
	return 0;
}

int
cmd_session(const struct cli_args *a, int argc, char **argv)
{
	struct settings s;
	struct session_file *sf = NULL;
	int status;
	char *out;

	if (argc == 0 || (strcmp(argv[0], "list") != 0 &&
	    strcmp(argv[0], "replay") != 0 && strcmp(argv[0], "report") != 0))
		return cli_cmd_usage("session", "list, replay FILE or "
		    "report FILE");
	if (strcmp(argv[0], "list") == 0 ? argc != 1 : argc != 2)
		return cli_cmd_usage("session", "'%s' takes %s", argv[0],
		    strcmp(argv[0], "list") == 0 ? "no argument" : "one FILE");
	if (a->json && a->md)
		return cli_cmd_usage("session", "--json or --md, not both");
	if (strcmp(argv[0], "replay") == 0 && (a->console == NULL ||
	    !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return cli_usage("session replay needs a terminal; use "
		    "'ingestgate session report FILE' in scripts");
	if ((status = cli_load_settings(a, &s)) != 0)
		return status;
	if (strcmp(argv[0], "list") == 0)
		status = session_list(&s, a->json);
	else if ((status = session_open(argv[1], &sf)) != 0)
		;
	else if (strcmp(argv[0], "report") == 0) {
		out = session_report(sf, a->json ? SREP_JSON : a->md ? SREP_MD :
		    SREP_TEXT, playbook_lang_parse(s.lang) == LANG_ID);
		fputs(out, stdout);
		free(out);
	} else {
		replay_settings(&s, sf, argv[1]);
		session_free(sf);
		sf = NULL;
		/* curses owns the terminal: stdout goes to it unfiltered. */
		ascii_out_remove();
		status = a->console(&s);
	}
	session_free(sf);
	settings_free(&s);
	return status;
}
