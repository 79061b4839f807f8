/* Loading another context's settings and retiring the collector of the
 * context left behind (the console's C, `status --all`). */
#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#include "monitor/context_switch.h"
#include "monitor/monitor.h"
#include "config/settings.h"
#include "core/util.h"

/* The options of the command line that carry over to another context (the
 * int switches of struct settings). */
static const size_t carried[] = {
	offsetof(struct settings, json),
	offsetof(struct settings, offline),
	offsetof(struct settings, activation_window),
	offsetof(struct settings, insecure),
	offsetof(struct settings, no_color),
	offsetof(struct settings, readonly),
	offsetof(struct settings, no_mouse),
	offsetof(struct settings, ascii),
};

int
context_settings_load(struct settings *out, const struct settings *cur,
    const char *name, char **cause)
{
	struct settings_flags f = *cur->flags;

	f.context = name;
	f.env_file = NULL;
	f.emitter_env = NULL;
	f.reports_dir = NULL;
	f.quality_checks = NULL;
	f.batch = NULL;
	if (settings_load(out, &f, cause) != 0 ||
	    (out->env_refused != NULL && (*cause = xstrdup(out->env_refused)))) {
		settings_free(out);
		return -1;
	}
	for (size_t i = 0; i < nitems(carried); i++)
		*(int *)((char *)out + carried[i]) =
		    *(const int *)((const char *)cur + carried[i]);
	return 0;
}

static pthread_mutex_t retire_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t retire_cond = PTHREAD_COND_INITIALIZER;
static int retiring;

struct retiree {
	struct monitor *m;
	struct settings *s;
};

static void *
retire_worker(void *arg)
{
	struct retiree *r = arg;

	monitor_retire(r->m);
	if (r->s != NULL) {
		settings_free(r->s);
		free(r->s);
	}
	free(r);
	pthread_mutex_lock(&retire_lock);
	retiring--;
	pthread_cond_broadcast(&retire_cond);
	pthread_mutex_unlock(&retire_lock);
	return NULL;
}

void
context_retire(struct monitor *m, struct settings *s)
{
	struct retiree *r = xmalloc(sizeof *r);
	pthread_t th;

	r->m = m;
	r->s = s;
	pthread_mutex_lock(&retire_lock);
	retiring++;
	pthread_mutex_unlock(&retire_lock);
	if (pthread_create(&th, NULL, retire_worker, r) != 0) {
		/* No thread: stop it here, slower but correct. */
		retire_worker(r);
		return;
	}
	pthread_detach(th);
}

void
context_retire_wait(void)
{
	pthread_mutex_lock(&retire_lock);
	while (retiring > 0)
		pthread_cond_wait(&retire_cond, &retire_lock);
	pthread_mutex_unlock(&retire_lock);
}
