/* The console records its session (issue 26): the recording's start (who,
 * where; its secrets named to the recorder so that none is ever written),
 * the notes of key actions that change no snapshot (the playbook opened,
 * from the UI through the job queue) and its end. Each published snapshot
 * becomes a frame in monitor_rec_frame.c. All of it runs on the collector's
 * thread: the UI never waits on the file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/url.h"
#include "core/util.h"
#include "monitor/monitor_int.h"
#include "session/session_handover.h"
#include "session/session_record.h"

/* The operator: --operator (settings), then $USER, then $LOGNAME. The one
 * place that decides it; swap for the settings' own field when it comes. */
char *
mon_operator(const struct settings *s)
{
	const char *v = s->operator_name;

	if (v == NULL || *v == '\0')
		v = getenv("USER");
	if (v == NULL || *v == '\0')
		v = getenv("LOGNAME");
	return xstrdup(v != NULL && *v != '\0' ? v : "unknown");
}

static json_object *
header_of(const struct monitor *m)
{
	json_object *h = json_object_new_object();

	json_object_object_add(h, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(h, "version",
	    json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(h, "batch", m->s->batch != NULL ?
	    json_object_new_string(m->s->batch) : NULL);
	json_object_object_add(h, "host", json_object_new_string(m->host));
	json_object_object_add(h, "interval",
	    json_object_new_int64(m->s->interval));
	json_object_object_add(h, "readonly",
	    json_object_new_boolean(m->s->readonly));
	json_object_object_add(h, "runQuality",
	    json_object_new_boolean(m->s->run_quality));
	return h;
}

/* Hand-over (issue 26, item 3): the steps the last session on this batch
 * checked off, per code, for the playbook dialog; its being read is an
 * event of this session (for the timeline). */
static void
mon_handover(struct monitor *m, struct mon_rec *r)
{
	struct session_steps st[MON_HANDOVER];
	char *dir = session_context_dir(m->s->context), *path, file[512];
	char *cause = NULL;
	struct mon_snapshot *s;
	int n;

	path = xasprintf("%s/sessions/%s", m->s->reports_dir, dir);
	n = session_handover_find(path, m->rec_path[0] ? m->rec_path : NULL,
	    m->s->batch, st, MON_HANDOVER, file, sizeof file);
	free(path);
	free(dir);
	if (n == 0)
		return;
	s = mon_snap_clone(m);
	s->nhandover = n;
	for (int i = 0; i < n; i++) {
		struct mon_handover *h = &s->handover[i];
		size_t used = 0;

		/* Same sizes (session_handover.h): copied whole. */
		memcpy(h->code, st[i].code, sizeof h->code);
		memcpy(h->by, st[i].by, sizeof h->by);
		h->at = st[i].at;
		h->steps[0] = '\0';
		for (int k = 0; k < st[i].nsteps && used + 6 < sizeof h->steps;
		    k++)
			used += (size_t)snprintf(h->steps + used,
			    sizeof h->steps - used, "%s%d", k ? ", " : "",
			    st[i].steps[k]);
	}
	mon_publish(m, s);
	if (r != NULL) {
		json_object *ev = json_object_new_object();
		const char *base = strrchr(file, '/');

		json_object_object_add(ev, "type",
		    json_object_new_string("handover"));
		json_object_object_add(ev, "from",
		    json_object_new_string(base != NULL ? base + 1 : file));
		json_object_object_add(ev, "prevBy",
		    json_object_new_string(st[0].by));
		json_object_object_add(ev, "codes", json_object_new_int(n));
		json_object_object_add(ev, "by", json_object_new_string(r->op));
		if (session_rec_event(r->sr, time(NULL), ev, &cause) != 0)
			free(cause);
		json_object_put(ev);
	}
}

/* Opens the recording on the worker's thread; a failure is said in the
 * log and the console goes on unrecorded. */
void
mon_rec_start(struct monitor *m)
{
	const char *secrets[ENV_KEY_COUNT];
	char *cause = NULL, *pw[ENV_KEY_COUNT];
	size_t n = 0, npw = 0;
	struct mon_rec *r;

	if (m->player != NULL)
		return;
	if (m->s->no_record) {
		mon_handover(m, NULL);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->op = mon_operator(m->s);
	r->sr = session_rec_open(m->s->reports_dir, m->s->context, r->op,
	    m->cur->started_at, header_of(m), &cause);
	if (r->sr == NULL) {
		struct mon_snapshot *s = mon_snap_clone(m);

		mon_add_log(s, VERDICT_WARN, "not recording: %s", cause);
		free(cause);
		free(r->op);
		free(r);
		mon_publish(m, s);
		return;
	}
	for (int k = 0; k < ENV_KEY_COUNT; k++) {
		struct url u;
		char *why = NULL;

		if (env_key_secret((enum env_key)k))
			secrets[n++] = m->s->env[k];
		else if (m->s->env[k] != NULL && strstr(m->s->env[k], "://") &&
		    url_parse(m->s->env[k], NULL, &u, &why) == 0) {
			/* Passwords inside URLs are secrets too. */
			if (u.password != NULL && n < nitems(pw))
				secrets[n++] = pw[npw++] = xstrdup(u.password);
			url_free(&u);
		}
		free(why);
	}
	session_rec_secrets(r->sr, secrets, n);
	for (size_t i = 0; i < npw; i++)
		free(pw[i]);
	snprintf(m->rec_path, sizeof m->rec_path, "%s",
	    session_rec_path(r->sr));
	{
		/* The header's help shows where it goes. */
		struct mon_snapshot *s = mon_snap_clone(m);

		snprintf(s->rec_path, sizeof s->rec_path, "%s", m->rec_path);
		mon_publish(m, s);
	}
	m->rec = r;
	mon_handover(m, r);
}

/* A note from the UI (JOB_NOTE): the playbook opened for a code. */
void
mon_rec_note(struct monitor *m, const struct job *j)
{
	json_object *ev;
	char *cause = NULL;

	if (m->rec == NULL || m->rec->failed)
		return;
	ev = json_object_new_object();
	json_object_object_add(ev, "type", json_object_new_string(j->answer));
	if (j->code[0] != '\0')
		json_object_object_add(ev, "code",
		    json_object_new_string(j->code));
	if (j->step >= 0)
		json_object_object_add(ev, "step",
		    json_object_new_int(j->step + 1));
	json_object_object_add(ev, "by", json_object_new_string(m->rec->op));
	if (session_rec_event(m->rec->sr, j->at, ev, &cause) != 0)
		free(cause);
	json_object_put(ev);
}

void
mon_rec_stop(struct monitor *m, const char *reason)
{
	if (m->rec == NULL)
		return;
	session_rec_close(m->rec->sr, time(NULL), reason);
	free(m->rec->op);
	free(m->rec);
	m->rec = NULL;
}
