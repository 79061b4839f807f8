/* The console's collector: one worker thread that refreshes the live data on
 * an interval and runs the gates, live checks and replays the operator asks
 * for. Each finished step publishes a new immutable snapshot, swapped in
 * whole under a mutex and announced by one byte on the wake pipe; the UI only
 * reads snapshots and never waits on the network. */
#ifndef INGESTGATE_MONITOR_H
#define INGESTGATE_MONITOR_H

#include <stdatomic.h>
#include <time.h>

#include "core/gate_def.h"
#include "playbook/playbook.h"
#include "replay/canary.h"
#include "replay/replay.h"
#include "core/result.h"
#include "config/settings.h"
#include "core/snapshot.h"
#include "monitor/gonogo.h"

#define MON_HISTORY 120
#define MON_LOG 200	/* the log strip shows the newest; l all */
#define MON_RUNS 48

/* A gate result shared by several snapshots. */
struct shared_result {
	atomic_int refs;
	struct gate_result *r;
	time_t at;		/* when it finished */
};

struct mon_log {
	time_t at;
	char text[160];		/* sanitised */
	enum verdict verdict;
};

struct mon_live {
	char code[48];		/* the playbook entry the check belongs to */
	int step;		/* -1: none yet */
	time_t at;
	int ok;
	char text[200];
};

/* One gate run the operator asked for (or a stage of one), for the history
 * dialog: full report paths, never cut. */
struct mon_run {
	time_t at;
	enum gate_id gate;
	int stage;		/* a stage of the run before it in the list */
	enum verdict verdict;
	enum code code;
	char decision[16];	/* "GO", "NO-GO" or "" */
	char batch_status[16];	/* "READY", "HOLD" or "" */
	char report_md[512];	/* "" when none was written */
	char report_json[512];
	char error[200];	/* why the report could not be written */
};

/* A replay in the console: a dry-run count, then (when the count is above
 * zero) a question, then the operator's answer and the real replay. */
enum replay_phase { REPLAY_IDLE, REPLAY_COUNTING, REPLAY_COUNTED,
	REPLAY_RUNNING, REPLAY_DONE, REPLAY_FAILED, REPLAY_NOTHING,
	REPLAY_DECLINED };

struct mon_replay {
	unsigned gen;		/* the replay this is about (monitor_replay_count) */
	enum replay_phase phase;
	long long selected;
	long long replaying;
	struct replay_req req;	/* what was counted; the real replay repeats it */
	char question[480];	/* COUNTED: replay_confirm_text() */
	char message[480];	/* sanitised */
	/* Canary mode (SPEC section 12): the steps so far, live. */
	int canary;
	int canary_planned;
	int canary_nsteps;
	int canary_stopping;	/* the operator asked to stop */
	struct canary_step_result canary_steps[CANARY_MAX_STEPS];
};

/* A recording played back (issue 26; monitor_play.c): where the player is,
 * for the time bar. on is 0 in a live console. */
#define MON_PLAY_MARKS 64

struct mon_play {
	int on;
	long frame, nframes;
	time_t at;		/* the frame's time: "now" for the panes' ages */
	time_t start, end;
	int playing;
	int speed;		/* times the recorded pace */
	int truncated;		/* no "end" line: the console was killed */
	long nevents;
	int nmarks;
	short marks[MON_PLAY_MARKS];	/* events, per mille of the span */
	char note[240];		/* the events of this frame, or a search's */
	char file[256];
	char op[64];		/* who recorded it */
	int no_disk;		/* the recording holds no batch status (it
				 * is older than that): the header says so */
};

/* Playbook steps the last session on this batch checked off, per code
 * (issue 26, hand-over; session_handover.c reads them). */
#define MON_HANDOVER 8

struct mon_handover {
	char code[48];
	char steps[48];		/* "1, 2" */
	char by[64];
	time_t at;
};

struct mon_snapshot {
	atomic_int refs;
	unsigned long seq;
	struct shared_result *res[GATE_COUNT];
	int have_depth;
	struct queue_depth depth;
	char depth_error[160];
	time_t depth_at;
	double rate_hist[MON_HISTORY];
	int nrate;
	long long of_hist[MON_HISTORY];
	int nof;
	int busy;		/* a job is running */
	char busy_what[64];
	time_t busy_since;
	int paused;
	time_t refreshed_at;
	struct mon_log log[MON_LOG];
	int nlog;
	struct mon_live live;
	struct mon_replay replay;
	char host[128];		/* core-api host, no credentials */
	time_t started_at;	/* when the console started */
	/* The newest result of each gate that brought figures (not ERROR),
	 * kept while a backend fails so panes can show it, marked stale. */
	struct shared_result *good[GATE_COUNT];
	/* Redis queue depth: when the figures in depth were read. */
	time_t depth_good_at;
	struct mon_run runs[MON_RUNS];	/* oldest first */
	int nruns;
	/* The batch on disk (latest evidence, batch status), read at start,
	 * after every refresh and after every run: the go/no-go's ground. */
	struct gonogo_disk disk;
	/* A run that changed the batch status to HOLD says so until the
	 * operator dismisses it (banner_seq tells one banner from the next). */
	char banner[1024];
	unsigned banner_seq;
	/* What each refresh request in flight for more than a second waits
	 * on, by gate (the queue depth under GATE_COUNT): "" when none. */
	struct mon_wait {
		char what[200];
		time_t since;
	} waiting[GATE_COUNT + 1];
	struct mon_play play;	/* a replayed recording (issue 26) */
	char rec_path[256];	/* the recording being written, "" if none */
	struct mon_handover handover[MON_HANDOVER];
	int nhandover;
};

struct monitor;

/* Starts the worker; wake_fd gets one byte per new snapshot. The settings
 * must outlive the monitor. */
struct monitor *monitor_start(const struct settings *s, int wake_fd);
/* Cancels what is in flight and ends the worker. Returns -1 when the worker
 * could not end within a fraction of a second: it is then left running and
 * the caller must exit the process without freeing what the worker reads
 * (the settings, the wake pipe). */
int monitor_stop(struct monitor *m);
/* Ends the worker without the process-wide cancel (a context switch: the
 * next collector keeps running); waits for its current call, then frees m. */
void monitor_retire(struct monitor *m);

/* The newest snapshot, with a reference the caller releases. */
struct mon_snapshot *monitor_snapshot(struct monitor *m);
void snapshot_release(struct mon_snapshot *snap);
/* The newest result for gate id in snap (its own run or a stage of
 * release/evidence), or NULL; *at (may be NULL) gets when it finished. */
const struct gate_result *snapshot_result(const struct mon_snapshot *snap,
    enum gate_id id, time_t *at);
/* What a gate key does to the record, in words for its help and hint:
 * "records reports and the batch status", or under --readonly "judged
 * live, not recorded (read-only)"; short: the hint's form. */
const char *monitor_record_note(const struct settings *s, int short_form);

/* Requests; they return at once and the worker answers in a snapshot. */
void monitor_refresh(struct monitor *m);
void monitor_set_paused(struct monitor *m, int paused);
/* Refreshes every seconds from now on (the console's ':interval N'). */
void monitor_set_interval(struct monitor *m, int seconds);
void monitor_run_gate(struct monitor *m, enum gate_id id);
void monitor_live_check(struct monitor *m, enum live_check c, const char *code,
    int step);
/* Validates f (the host is the monitor's own) and queues the dry-run count
 * that starts a replay; returns its generation, or 0 with *cause (caller
 * frees) naming the field that is wrong. */
unsigned monitor_replay_count(struct monitor *m, const struct replay_fields *f,
    char **cause);
/* The operator's answer to replay gen's question (NULL: declined). The
 * worker checks it against the count it holds and replays exactly what was
 * counted, or records the refusal. */
void monitor_replay_answer(struct monitor *m, unsigned gen, const char *answer);
/* The same count for a canary replay (default steps, settle and minimum):
 * once confirmed the worker runs it step by step, publishing each step. */
unsigned monitor_replay_count_canary(struct monitor *m,
    const struct replay_fields *f, char **cause);
/* Asks canary replay gen to stop before its next step. */
void monitor_replay_stop(struct monitor *m, unsigned gen);

/* Sessions (issue 26). With s->session_replay set, monitor_start plays that
 * recording instead of collecting (nothing is contacted; the requests
 * above do nothing); monitor_start_checked says why it cannot. */
struct monitor *monitor_start_checked(const struct settings *s, int wake_fd,
    char **cause);
enum mon_play_cmd { PLAY_STEP, PLAY_EVENT, PLAY_TOGGLE, PLAY_SPEED,
	PLAY_FIND };
/* A player command: a step (arg -1/+1) by frame or by event, play/pause,
 * speed (arg -1/+1 halves/doubles), find (text). */
void monitor_play(struct monitor *m, enum mon_play_cmd c, int arg,
    const char *text);
/* A key action worth recording that changes no snapshot: what ("playbook",
 * or "step": a playbook step checked off by a key), its code and step (from
 * 0; -1: none). Queued: the collector writes it. */
void monitor_note(struct monitor *m, const char *what, const char *code,
    int step);

#endif
