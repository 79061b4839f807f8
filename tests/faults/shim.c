/* A test's LD_PRELOAD shim for crash and race tests (tests/faults; never
 * linked into the product). Every file the program publishes lands with
 * rename() or link(): these are the moments a crash can fall between.
 *   SHIM_KILL_AT=N     SIGKILL the process just before its N-th rename or
 *                      link (counted over renameat/linkat too, all threads)
 *   SHIM_SLOW=SUF:MS   sleep MS milliseconds before a rename whose target
 *                      ends with SUF (a window a racing process falls in)
 *   SHIM_COUNT=FILE    append the number of calls made to FILE at exit
 *   SHIM_TRACE=1       print each call's number and target on stderr */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int calls;

static void
at_point(const char *target)
{
	const char *k = getenv("SHIM_KILL_AT"), *slow = getenv("SHIM_SLOW");
	int n = atomic_fetch_add(&calls, 1) + 1;

	if (getenv("SHIM_TRACE") != NULL)
		fprintf(stderr, "shim %d %s\n", n, target != NULL ? target : "");
	if (slow != NULL && target != NULL) {
		const char *colon = strrchr(slow, ':');
		size_t sl = colon != NULL ? (size_t)(colon - slow) : 0;
		size_t tl = strlen(target);

		if (colon != NULL && tl >= sl &&
		    strncmp(target + tl - sl, slow, sl) == 0) {
			long ms = atol(colon + 1);
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	if (k != NULL && atoi(k) == n)
		raise(SIGKILL);
}

__attribute__((destructor)) static void
count_out(void)
{
	const char *f = getenv("SHIM_COUNT");
	FILE *fp;

	if (f != NULL && (fp = fopen(f, "a")) != NULL) {
		fprintf(fp, "%d\n", atomic_load(&calls));
		fclose(fp);
	}
}

int
rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) = dlsym(RTLD_NEXT, "rename");

	at_point(to);
	return real(from, to);
}

int
renameat(int fd1, const char *from, int fd2, const char *to)
{
	int (*real)(int, const char *, int, const char *) =
	    dlsym(RTLD_NEXT, "renameat");

	at_point(to);
	return real(fd1, from, fd2, to);
}

int
link(const char *from, const char *to)
{
	int (*real)(const char *, const char *) = dlsym(RTLD_NEXT, "link");

	at_point(to);
	return real(from, to);
}

int
linkat(int fd1, const char *from, int fd2, const char *to, int flags)
{
	int (*real)(int, const char *, int, const char *, int) =
	    dlsym(RTLD_NEXT, "linkat");

	at_point(to);
	return real(fd1, from, fd2, to, flags);
}
