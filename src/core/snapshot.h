/* What the collectors bring back from the backends, in our own types: the
 * core-api answers of SPEC section 8, queue depth from Redis and the rows
 * read from ops_db. Strings here are already sanitised. */
#ifndef INGESTGATE_SNAPSHOT_H
#define INGESTGATE_SNAPSHOT_H

#include <stddef.h>
#include <time.h>

#include "core/codes.h"

/* How a call to a backend ended; code is CODE_NONE on success. */
struct api_error {
	enum code code;
	long http_status;	/* 0 when no HTTP answer */
	char message[256];	/* sanitised */
};

struct runtime_info {
	char *version;
	time_t started_at;	/* when have_started_at is 1 */
	int have_started_at;	/* 1 RFC 3339 with a zone, 0 absent, -1 not */
	char *started_at_text;	/* as answered when it is not (sanitised) */
	int flag_queue, flag_webhook, flag_replay;	/* -1: absent */
	int redis_up;		/* -1: absent */
};

struct source_count {
	char *source;
	char *channel;
	long long total;	/* processing: events; DLQ: open */
	long long failed;
	long long replaying;
};

struct error_count {
	char *error_code;
	char *error_message;
	long long count;
};

struct processing_metrics {
	long long window_minutes;	/* as answered; -1 when absent */
	long long total, succeeded, failed;
	int have_rate;
	double success_rate;
	struct source_count *by_source;
	size_t nsources;
	struct error_count *top_errors;
	size_t nerrors;
};

struct queue_metrics {
	long long window_minutes;	/* as answered; -1 when absent */
	char *queue_name;
	long long waiting, active, delayed, failed;
	long long open, dlq_failed, replaying, resolved;
	long long created_in_window, resolved_in_window;
	char *oldest_open_at;
	struct source_count *by_source;
	size_t nsources;
};

/* BullMQ's Queue.getJobCounts() for one queue (SPEC section 9). */
struct queue_depth {
	long long waiting;	/* wait + paused + prioritized */
	long long prioritized;	/* of which prioritized */
	long long active, delayed, failed;
	long long waiting_children;
	int paused;		/* the queue is paused (its meta says so) */
};

struct replay_counts {
	long long selected;
	long long replaying;
	long long *ids;		/* the ids moved (SPEC section 12); owned */
	size_t nids;
};

void runtime_info_free(struct runtime_info *r);
void processing_metrics_free(struct processing_metrics *m);
void queue_metrics_free(struct queue_metrics *m);
void replay_counts_free(struct replay_counts *rc);
void api_error_set(struct api_error *e, enum code c, long status,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
