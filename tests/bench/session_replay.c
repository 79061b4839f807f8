/* make bench (tests/bench/session.sh): the replay's costs on a recording:
 * opening it (read and parse every line), then stepping through every frame
 * forward as the player does (the whole state in place, then the console's
 * snapshot built from it), and stepping back (from the nearest kept whole
 * state). Prints one JSON line. A benchmark, never a timed unit test. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "monitor/monitor_int.h"
#include "session/session_read.h"

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One step: the state at k, then the snapshot the panes read. */
static double
step(struct session_file *sf, size_t k)
{
	struct timespec t0;
	json_object *f;
	char *cause = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((f = session_frame(sf, k, &cause)) == NULL) {
		fprintf(stderr, "frame %zu: %s\n", k, cause);
		exit(1);
	}
	snapshot_release(mon_snapshot_of_frame(f, sf->frame_at[k]));
	return ms_since(&t0);
}

int
main(int argc, char **argv)
{
	struct session_file *sf;
	struct timespec t0;
	char *cause = NULL;
	double open_ms, fwd_max = 0, fwd_sum = 0, back_max = 0, back_sum = 0;
	size_t nback = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-session FILE\n");
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((sf = session_load(argv[1], &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	open_ms = ms_since(&t0);
	open_ms += step(sf, 0);		/* what the player shows first */
	for (size_t k = 1; k < sf->nframes; k++) {
		double ms = step(sf, k);

		fwd_sum += ms;
		if (ms > fwd_max)
			fwd_max = ms;
	}
	/* Back steps, every 97th frame: each rebuilds from a kept state. */
	for (size_t k = sf->nframes - 1; k > 1; k -= k > 97 ? 97 : k - 1) {
		double ms;

		step(sf, k);
		ms = step(sf, k - 1);
		back_sum += ms;
		nback++;
		if (ms > back_max)
			back_max = ms;
	}
	printf("{\"frames\":%zu,\"events\":%zu,\"openMs\":%.2f,"
	    "\"stepMeanMs\":%.3f,\"stepMaxMs\":%.3f,\"backMeanMs\":%.3f,"
	    "\"backMaxMs\":%.3f}\n", sf->nframes, sf->nevents, open_ms,
	    sf->nframes > 1 ? fwd_sum / (double)(sf->nframes - 1) : 0, fwd_max,
	    nback ? back_sum / (double)nback : 0, back_max);
	session_free(sf);
	return 0;
}
