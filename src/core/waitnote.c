/* The watcher behind "waiting for ...": one thread, one slot, one mutex. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/waitnote.h"

#define NOTE_AFTER_MS 1000

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	int running;		/* the watcher exists */
	int stop;
	int active;		/* a wait is under way */
	int shown;		/* its note is on the screen */
	struct timespec since;
	char what[200];
} wn = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static long
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* An absolute CLOCK_MONOTONIC deadline ms from now, for the timed wait. */
static struct timespec
deadline(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

/* Erases the note: carriage return, clear to the end of the line. */
static void
clear_note(void)
{
	if (wn.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		wn.shown = 0;
	}
}

static void *
watch(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&wn.lock);
	while (!wn.stop) {
		long wait_ms = 60000, ms;
		struct timespec until;

		if (wn.active) {
			ms = ms_since(&wn.since);
			if (ms >= NOTE_AFTER_MS) {
				fprintf(stderr, "\r\033[Kwaiting for %s... %lds",
				    wn.what, ms / 1000);
				fflush(stderr);
				wn.shown = 1;
				wait_ms = 1000 - ms % 1000;
			} else
				wait_ms = NOTE_AFTER_MS - ms;
		}
		until = deadline(wait_ms);
		pthread_cond_timedwait(&wn.cond, &wn.lock, &until);
	}
	clear_note();
	pthread_mutex_unlock(&wn.lock);
	return NULL;
}

int
waitnote_start(void)
{
	pthread_condattr_t ca;
	int r = -1;

	pthread_mutex_lock(&wn.lock);
	if (wn.running) {
		pthread_mutex_unlock(&wn.lock);
		return 0;
	}
	/* The watcher's deadlines are on the monotonic clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_destroy(&wn.cond);
	pthread_cond_init(&wn.cond, &ca);
	pthread_condattr_destroy(&ca);
	wn.stop = 0;
	if (pthread_create(&wn.thread, NULL, watch, NULL) == 0) {
		wn.running = 1;
		r = 0;
	}
	pthread_mutex_unlock(&wn.lock);
	return r;
}

void
waitnote_stop(void)
{
	pthread_mutex_lock(&wn.lock);
	if (!wn.running) {
		pthread_mutex_unlock(&wn.lock);
		return;
	}
	wn.stop = 1;
	wn.active = 0;
	pthread_cond_signal(&wn.cond);
	pthread_mutex_unlock(&wn.lock);
	pthread_join(wn.thread, NULL);
	pthread_mutex_lock(&wn.lock);
	wn.running = 0;
	pthread_mutex_unlock(&wn.lock);
}

/* This thread's slot, when its caller shows its waits itself. */
static _Thread_local struct waitnote_slot *bound;

void
waitnote_slot_init(struct waitnote_slot *slot)
{
	pthread_mutex_init(&slot->lock, NULL);
	slot->active = 0;
	slot->since = 0;
	slot->what[0] = '\0';
}

void
waitnote_slot_destroy(struct waitnote_slot *slot)
{
	pthread_mutex_destroy(&slot->lock);
}

void
waitnote_bind(struct waitnote_slot *slot)
{
	bound = slot;
}

int
waitnote_slot_read(struct waitnote_slot *slot, char *what, size_t len,
    time_t *since)
{
	int active;

	pthread_mutex_lock(&slot->lock);
	active = slot->active;
	if (active) {
		snprintf(what, len, "%s", slot->what);
		*since = slot->since;
	}
	pthread_mutex_unlock(&slot->lock);
	return active;
}

void
waitnote_begin(const char *fmt, ...)
{
	va_list ap;

	if (bound != NULL) {
		pthread_mutex_lock(&bound->lock);
		va_start(ap, fmt);
		vsnprintf(bound->what, sizeof bound->what, fmt, ap);
		va_end(ap);
		bound->since = time(NULL);
		bound->active = 1;
		pthread_mutex_unlock(&bound->lock);
	}
	pthread_mutex_lock(&wn.lock);
	if (wn.running) {
		va_start(ap, fmt);
		vsnprintf(wn.what, sizeof wn.what, fmt, ap);
		va_end(ap);
		clock_gettime(CLOCK_MONOTONIC, &wn.since);
		wn.active = 1;
		pthread_cond_signal(&wn.cond);
	}
	pthread_mutex_unlock(&wn.lock);
}

void
waitnote_end(void)
{
	if (bound != NULL) {
		pthread_mutex_lock(&bound->lock);
		bound->active = 0;
		pthread_mutex_unlock(&bound->lock);
	}
	pthread_mutex_lock(&wn.lock);
	if (wn.running) {
		wn.active = 0;
		clear_note();
		pthread_cond_signal(&wn.cond);
	}
	pthread_mutex_unlock(&wn.lock);
}
