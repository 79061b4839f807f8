/* Telling an operator on a terminal what a gate is waiting on (SPEC section
 * 4): a client marks the start and end of each wait on a backend; once a
 * wait passes a second, a watcher thread writes one line on stderr saying
 * what it waits on and for how long, and clears it when the wait is over.
 * Off unless the command line turns it on (stderr is a terminal): the
 * console and scripts never see it, and stdout is never touched. */
#ifndef INGESTGATE_WAITNOTE_H
#define INGESTGATE_WAITNOTE_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

/* Starts the watcher; 0, or -1 when no thread could be made (no note). */
int waitnote_start(void);
/* Stops the watcher and clears any note; safe when not started. */
void waitnote_stop(void);

/* A thread's own record of what it waits on, for a caller that shows it
 * itself (the console's refresh: one slot per request in flight). */
struct waitnote_slot {
	pthread_mutex_t lock;
	int active;
	time_t since;		/* wall clock */
	char what[200];
};

void waitnote_slot_init(struct waitnote_slot *slot);
void waitnote_slot_destroy(struct waitnote_slot *slot);
/* From now on this thread's waits are also written to slot (NULL: no
 * longer); the watcher need not run. */
void waitnote_bind(struct waitnote_slot *slot);
/* What slot's thread waits on and since when: 1 with what filled, or 0. */
int waitnote_slot_read(struct waitnote_slot *slot, char *what, size_t len,
    time_t *since);

/* A wait begins on what fmt names ("core-api 127.0.0.1:4123 (GET /x)");
 * no-op while the watcher is off. */
void waitnote_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void waitnote_end(void);

#endif
