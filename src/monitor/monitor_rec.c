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

/* Opens the recording on the worker's thread; a failure is said in the
 * log and the console goes on unrecorded. */
void
mon_rec_start(struct monitor *m)
{
	const char *secrets[ENV_KEY_COUNT];
	char *cause = NULL, *pw[ENV_KEY_COUNT];
	size_t n = 0, npw = 0;
	struct mon_rec *r;

	if (m->s->no_record || m->player != NULL)
		return;
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
