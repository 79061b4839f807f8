/* A process-wide request to stop: the console sets it when the operator
 * quits, and the clients look at it while they wait on a backend, so that a
 * request in flight ends at once instead of at its timeout. */
#ifndef INGESTGATE_CANCEL_H
#define INGESTGATE_CANCEL_H

/* Asks every wait on a backend to give up; never undone. Safe from any
 * thread. */
void cancel_request(void);
/* 1 once cancel_request() was called. */
int cancel_requested(void);

#endif
