/* The hand-over between sessions (session_handover.h). */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "session/session_handover.h"

static void
add_step(struct session_steps *s, int step)
{
	int i;

	for (i = 0; i < s->nsteps; i++)
		if (s->steps[i] == step)
			return;
	if (s->nsteps == HANDOVER_STEPS)
		return;
	for (i = s->nsteps; i > 0 && s->steps[i - 1] > step; i--)
		s->steps[i] = s->steps[i - 1];
	s->steps[i] = step;
	s->nsteps++;
}

int
session_steps_done(const struct session_file *sf, struct session_steps *out,
    int max)
{
	int n = 0;

	for (size_t i = 0; i < sf->nevents; i++) {
		json_object *ev = sf->events[i].ev, *v;
		const char *type = session_str(ev, "type");
		const char *code = session_str(ev, "code");
		int step, k;

		if (type == NULL || code == NULL || !json_object_object_get_ex(ev,
		    "step", &v) || (step = json_object_get_int(v)) < 1)
			continue;
		/* A live check counts when it answered ok; a key always. */
		if (strcmp(type, "step") != 0 && (strcmp(type, "live") != 0 ||
		    !json_object_object_get_ex(ev, "ok", &v) ||
		    !json_object_get_boolean(v)))
			continue;
		for (k = 0; k < n && strcmp(out[k].code, code) != 0; k++)
			;
		if (k == n) {
			if (n == max)
				continue;
			memset(&out[n], 0, sizeof out[n]);
			snprintf(out[n].code, sizeof out[n].code, "%s", code);
			n++;
		}
		add_step(&out[k], step);
		snprintf(out[k].by, sizeof out[k].by, "%s",
		    session_str(ev, "by") != NULL ? session_str(ev, "by") : "?");
		out[k].at = sf->events[i].at;
	}
	return n;
}

static int
newest_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

int
session_handover_find(const char *dir, const char *self, const char *batch,
    struct session_steps *out, int max, char *file, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0;
	int found = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 6 && strcmp(e->d_name + l - 6, ".jsonl") == 0) {
			names = xreallocarray(names, nn + 1, sizeof *names);
			names[nn++] = xasprintf("%s/%s", dir, e->d_name);
		}
	}
	closedir(d);
	if (nn > 0)
		qsort(names, nn, sizeof *names, newest_first);
	for (size_t i = 0; i < nn && !found; i++) {
		char *cause = NULL;
		struct session_file *sf;
		const char *b;

		if (self != NULL && strcmp(names[i], self) == 0)
			continue;
		if ((sf = session_load(names[i], &cause)) == NULL) {
			free(cause);
			continue;
		}
		b = session_str(sf->header, "batch");
		if ((b == NULL) == (batch == NULL) && (b == NULL ||
		    strcmp(b, batch) == 0)) {
			found = 1;
			snprintf(file, len, "%s", names[i]);
			found = session_steps_done(sf, out, max);
			if (found == 0)
				found = -1;	/* the last one: nothing done */
		}
		session_free(sf);
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	return found > 0 ? found : 0;
}
