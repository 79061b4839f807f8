/* What the collector's files share (monitor.c, monitor_snap.c and the steps
 * it runs: monitor_gate.c, monitor_live.c, monitor_replay.c): the monitor
 * itself, its job queue, and the snapshot pieces a step publishes with.
 * Internal to src/monitor/; the public API is monitor.h. */
#ifndef INGESTGATE_MONITOR_INT_H
#define INGESTGATE_MONITOR_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include <json-c/json.h>

#include "gates/gate.h"
#include "monitor/monitor.h"

#define MAX_JOBS 16

enum job_kind { JOB_GATE, JOB_LIVE, JOB_REPLAY, JOB_REPLAY_ANSWER,
	JOB_NOTE };

struct job {
	enum job_kind kind;
	enum gate_id gate;
	enum live_check check;
	char code[48];
	int step;
	struct replay_req req;	/* JOB_REPLAY: what to count */
	unsigned gen;		/* JOB_REPLAY*: which replay */
	int answered;		/* JOB_REPLAY_ANSWER: 0 is Esc */
	char answer[32];
	int canary;		/* JOB_REPLAY: a canary replay */
	time_t at;		/* JOB_NOTE: when it was asked */
};

struct monitor {
	const struct settings *s;
	int wake_fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stopping;
	int done;		/* the worker has returned */
	atomic_int canary_stop;	/* the running canary stops before its next step */
	atomic_uint canary_gen;	/* the canary replay running, 0: none */
	atomic_uint canary_stop_gen;	/* the replay the operator asked to stop */
	int paused;
	int refresh_now;
	int interval;			/* under lock: seconds between refreshes */
	struct job jobs[MAX_JOBS];
	int njobs;
	struct mon_snapshot *cur;	/* replaced by the worker only */
	struct gate_ctx ctx;		/* worker only (a refresh: F-03's thread) */
	struct gate_ctx ctx_dlq;	/* a refresh's F-04 thread */
	struct gate_ctx ctx_env;	/* a refresh's F-00 (and F-05) thread */
	struct redis_conn *redis;	/* worker only; kept across refreshes */
	unsigned long refreshes;	/* worker only */
	long long corr_failed;		/* worker only: failed count correlated */
	time_t corr_at;			/* worker only: last correlation scan */
	char *stats_file;		/* INGESTGATE_STATS_FILE, for the benchmark */
	unsigned replay_gen;		/* under lock: the last replay handed out */
	char host[128];			/* core-api host, no credentials */
	/* Sessions (issue 26): the recording being written (worker only),
	 * or the recording played instead of collecting. */
	struct mon_rec *rec;
	int rec_partial;		/* worker: a refresh's part, in its first
				 * second (not recorded) */
	char rec_path[256];
	struct mon_player *player;
	const char *stop_reason;	/* under lock: "quit", "context switch" */
};

/* The snapshots (monitor_snap.c). Only the worker calls these. */
/* A copy of the current snapshot for the worker to change and publish. */
struct mon_snapshot *mon_snap_clone(struct monitor *m);
/* Swaps n in and wakes the UI; takes ownership of n. */
void mon_publish(struct monitor *m, struct mon_snapshot *n);
/* Sets r as its gate's result in n; takes ownership of r. */
void mon_set_result(struct mon_snapshot *n, struct gate_result *r);
void mon_add_log(struct mon_snapshot *n, enum verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Publishes "busy with what" (NULL: not busy). */
void mon_set_busy(struct monitor *m, const char *what);
void mon_push_history(struct mon_snapshot *n);

/* One refresh, its parts in parallel (monitor_refresh.c). */
void mon_do_refresh(struct monitor *m, int first);

/* The jobs the worker runs on request, each publishing its answer. */
void mon_do_gate(struct monitor *m, enum gate_id id);		/* monitor_gate.c */
void mon_do_live(struct monitor *m, const struct job *j);	/* monitor_live.c */
/* monitor_replay.c: the dry-run count, then the answer and the replay. */
void mon_do_replay_count(struct monitor *m, const struct job *j);
void mon_do_replay_answer(struct monitor *m, const struct job *j);

/* Sessions (issue 26): the recording (monitor_rec.c), a snapshot as a
 * frame and back (monitor_frame.c), the player (monitor_play.c). */
struct mon_player;
/* What the last frame showed, for the next frame's events. */
struct rec_last {
	int have[GATE_COUNT];
	enum verdict verdict[GATE_COUNT];
	enum code code[GATE_COUNT];
	struct mon_run runs[MON_RUNS];
	int nruns;
	struct mon_live live;
	struct mon_replay replay;
};
struct mon_rec {
	struct session_rec *sr;
	struct rec_last last;
	int have_last;
	char *op;
	int failed;			/* said once that it stopped */
};
void mon_rec_start(struct monitor *m);
void mon_rec_frame(struct monitor *m, struct mon_snapshot *n);
void mon_rec_note(struct monitor *m, const struct job *j);
void mon_rec_stop(struct monitor *m, const char *reason);
char *mon_operator(const struct settings *s);
json_object *mon_frame_of(const struct mon_snapshot *s, time_t at);
struct mon_snapshot *mon_snapshot_of_frame(json_object *f, time_t at);
struct mon_player *mon_player_open(const char *path, char **cause);
void mon_player_free(struct mon_player *p);
void *mon_player_worker(void *arg);

#endif
