/* Telling an operator on a terminal what a gate is waiting on (SPEC section
 * 4): a client marks the start and end of each wait on a backend; once a
 * wait passes a second, a watcher thread writes one line on stderr saying
 * what it waits on and for how long, and clears it when the wait is over.
 * Off unless the command line turns it on (stderr is a terminal): the
 * console and scripts never see it, and stdout is never touched. */
#ifndef INGESTGATE_WAITNOTE_H
#define INGESTGATE_WAITNOTE_H

/* Starts the watcher; 0, or -1 when no thread could be made (no note). */
int waitnote_start(void);
/* Stops the watcher and clears any note; safe when not started. */
void waitnote_stop(void);

/* A wait begins on what fmt names ("core-api 127.0.0.1:4123 (GET /x)");
 * no-op while the watcher is off. */
void waitnote_begin(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void waitnote_end(void);

#endif
