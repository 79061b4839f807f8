/* make bench (tests/bench/session.sh): the replay's costs on a recording.
 *
 *   bench-session --hour IN ROOT   writes a one-hour recording under ROOT
 *       through the real recorder (whole frames and all): IN's states, one
 *       a second, the first three once and the rest again and again; prints
 *       its path.
 *   bench-session FILE             opens FILE (read and parse every line),
 *       steps through every frame forward as the player does (the whole
 *       state, then the console's snapshot built from it), back through
 *       every frame, then, opened afresh, jumps to frames spread over it
 *       (as { } and / do) and steps back from each, where nothing was kept
 *       yet. Prints one JSON line: mean, p99 and worst in ms of wall time,
 *       and the worst in ms of the thread's CPU time (a shared machine's
 *       waits are in the first, not the second).
 *
 * A benchmark, never a timed unit test. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/monitor_int.h"
#include "session/session_read.h"
#include "session/session_record.h"

struct stats {
	double *ms;
	size_t n;
	double cpu_max;
};

static double
ms_between(const struct timespec *t0, const struct timespec *t1)
{
	return (double)(t1->tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1->tv_nsec - t0->tv_nsec) / 1e6;
}

/* One step: the state at k, then the snapshot the panes read. */
static void
step(struct session_file *sf, size_t k, struct stats *st)
{
	struct timespec w0, w1, c0, c1;
	json_object *f;
	char *cause = NULL;

	clock_gettime(CLOCK_MONOTONIC, &w0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	if ((f = session_frame(sf, k, &cause)) == NULL) {
		fprintf(stderr, "frame %zu: %s\n", k, cause);
		exit(1);
	}
	snapshot_release(mon_snapshot_of_frame(f, sf->frame_at[k]));
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	clock_gettime(CLOCK_MONOTONIC, &w1);
	if (st == NULL)
		return;
	st->ms = realloc(st->ms, (st->n + 1) * sizeof *st->ms);
	st->ms[st->n++] = ms_between(&w0, &w1);
	if (ms_between(&c0, &c1) > st->cpu_max)
		st->cpu_max = ms_between(&c0, &c1);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
print_stats(const char *name, struct stats *st, int comma)
{
	double sum = 0;

	qsort(st->ms, st->n, sizeof *st->ms, by_value);
	for (size_t i = 0; i < st->n; i++)
		sum += st->ms[i];
	printf("\"%s\":{\"n\":%zu,\"meanMs\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f,"
	    "\"cpuMaxMs\":%.3f}%s", name, st->n, st->n ? sum / (double)st->n :
	    0, st->n ? st->ms[st->n * 99 / 100] : 0, st->n ? st->ms[st->n - 1] :
	    0, st->cpu_max, comma ? "," : "");
	free(st->ms);
}

static struct session_file *
open_file(const char *path, double *ms)
{
	struct session_file *sf;
	struct timespec t0, t1;
	char *cause = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((sf = session_load(path, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		exit(1);
	}
	step(sf, 0, NULL);		/* what the player shows first */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = ms_between(&t0, &t1);
	return sf;
}

static int
hour(const char *in, const char *root)
{
	struct session_file *sf;
	struct session_rec *r;
	json_object *f, *copy;
	char *cause = NULL;
	double ms;
	size_t k = 0;

	sf = open_file(in, &ms);
	if (sf->nframes < 4) {
		fprintf(stderr, "bench-session: too few frames in %s\n", in);
		return 1;
	}
	r = session_rec_open(root, NULL, "bench", sf->frame_at[0], NULL,
	    &cause);
	if (r == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	for (int i = 0; i < 3600; i++) {
		copy = NULL;
		f = session_frame(sf, k, &cause);
		json_object_deep_copy(f, &copy, NULL);
		if (session_rec_frame(r, sf->frame_at[0] + i, copy, NULL,
		    &cause) != 0) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
		json_object_put(copy);
		k = k + 1 < sf->nframes ? k + 1 : 3;
	}
	printf("%s\n", session_rec_path(r));
	session_rec_close(r, sf->frame_at[0] + 3600, "quit");
	session_free(sf);
	return 0;
}

int
main(int argc, char **argv)
{
	struct session_file *sf;
	struct stats fwd = { 0 }, back = { 0 }, jump = { 0 }, cold = { 0 };
	double open_ms, ms;
	size_t n;

	if (argc == 4 && strcmp(argv[1], "--hour") == 0)
		return hour(argv[2], argv[3]);
	if (argc != 2) {
		fprintf(stderr, "usage: bench-session FILE | --hour IN ROOT\n");
		return 64;
	}
	sf = open_file(argv[1], &open_ms);
	n = sf->nframes;
	for (size_t k = 1; k < n; k++)
		step(sf, k, &fwd);
	for (size_t k = n - 1; k-- > 0;)
		step(sf, k, &back);
	session_free(sf);
	/* Afresh: jumps spread over the recording, a step back from each. */
	sf = open_file(argv[1], &ms);
	for (size_t i = 1; i <= 200 && n > 2; i++) {
		size_t k = (i * 7919) % (n - 1) + 1;

		step(sf, k, &jump);
		step(sf, k - 1, &cold);
	}
	printf("{\"frames\":%zu,\"events\":%zu,\"openMs\":%.2f,", n,
	    sf->nevents, open_ms);
	print_stats("forward", &fwd, 1);
	print_stats("back", &back, 1);
	print_stats("jump", &jump, 1);
	print_stats("coldBack", &cold, 0);
	printf("}\n");
	session_free(sf);
	return 0;
}
