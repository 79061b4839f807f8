/* Whole-line appends for the audit logs and the sign-off chain: a line is
 * written whole or not at all (a short write, a full disk or a failed
 * fsync is cut back to where the file ended), and a torn tail a crash
 * left behind (bytes after the last line end) is set aside in FILE.torn
 * before the next line, so that the line is never glued onto a fragment.
 * The caller holds the file open (fileio_open_own) and locked. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/util.h"

/* A torn line is one line: more than this after the last line end is not
 * crash residue but something else, and is left alone. */
#define TORN_MAX (1024 * 1024)

int
fileio_tail_find(int fd, off_t *keep, off_t *size, char **cause)
{
	struct stat st;
	char chunk[4096];
	off_t end;

	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("cannot read: %s", strerror(errno));
		return -1;
	}
	*size = *keep = end = st.st_size;
	while (end > 0) {
		size_t n = end > (off_t)sizeof chunk ? sizeof chunk :
		    (size_t)end;
		off_t from = end - (off_t)n;
		ssize_t r = pread(fd, chunk, n, from);

		if (r == -1 && errno == EINTR)
			continue;
		if (r != (ssize_t)n) {
			*cause = xasprintf("cannot read: %s", r == -1 ?
			    strerror(errno) : "the file shrank while read");
			return -1;
		}
		for (size_t i = n; i > 0; i--)
			if (chunk[i - 1] == '\n') {
				*keep = from + (off_t)i;
				return 0;
			}
		end = from;
	}
	*keep = 0;
	return 0;
}

int
fileio_append_whole(int fd, const char *shown, const char *line, size_t len,
    char **cause)
{
	size_t off = 0;
	struct stat st;
	int e = 0;

	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("cannot write %s: %s", shown, strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, line + off, len - off);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* A short write is followed by the real cause: the
			 * next write says ENOSPC, EFBIG or EIO. */
			e = n == 0 ? EIO : errno;
			break;
		}
		off += (size_t)n;
	}
	if (e == 0 && fsync(fd) == -1)
		e = errno;
	if (e == 0)
		return 0;
	/* Whole or nothing: what part of the line got in goes again. */
	if (ftruncate(fd, st.st_size) == -1 || fsync(fd) == -1)
		*cause = xasprintf("cannot write %s: %s; and a part of the line "
		    "stays at its end: %s", shown, strerror(e), strerror(errno));
	else
		*cause = xasprintf("cannot write %s: %s (nothing was added)",
		    shown, strerror(e));
	return -1;
}

int
fileio_tail_set_aside(int fd, const char *path, off_t keep, off_t size,
    char **cause)
{
	char *torn = xasprintf("%s.torn", path), *frag = NULL, *why = NULL;
	size_t n = (size_t)(size - keep);
	int tfd = -1, ret = -1;

	if (size - keep > TORN_MAX) {
		*cause = xasprintf("%s: %lld bytes after its last line end are "
		    "more than a torn line: left as they are", path,
		    (long long)(size - keep));
		goto out;
	}
	frag = xmalloc(n + 2);
	if (pread(fd, frag, n, keep) != (ssize_t)n) {
		*cause = xasprintf("cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	frag[n] = '\n';
	frag[n + 1] = '\0';
	/* Kept first, cut second: a crash in between keeps it twice, never
	 * loses it. */
	if ((tfd = fileio_open_own(torn, O_RDWR | O_CREAT | O_APPEND,
	    &why)) == -1 || flock(tfd, LOCK_EX) == -1) {
		*cause = xasprintf("cannot set the torn line aside: %s", why != NULL ?
		    why : strerror(errno));
		goto out;
	}
	if (fileio_append_whole(tfd, torn, frag, n + 1, cause) != 0)
		goto out;
	if (ftruncate(fd, keep) == -1 || fsync(fd) == -1) {
		*cause = xasprintf("cannot cut the torn line off %s: %s", path,
		    strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (tfd != -1)
		close(tfd);
	free(why);
	free(frag);
	free(torn);
	return ret;
}

int
fileio_append_line(const char *root, const char *relpath, const char *line,
    char **note, char **cause)
{
	char *path = xasprintf("%s/%s", root, relpath), *slash, *dir, *why = NULL;
	off_t keep, size;
	int fd = -1, ret = -1;

	if (note != NULL)
		*note = NULL;
	slash = strrchr(path, '/');
	dir = xstrndup(path, (size_t)(slash - path));
	if (fileio_make_dirs(dir, cause) != 0)
		goto out;
	/* O_RDWR: the torn tail is read back. */
	if ((fd = fileio_open_own(path, O_RDWR | O_CREAT | O_APPEND, &why)) == -1) {
		*cause = xasprintf("cannot open %s", why);
		goto out;
	}
	/* Lines of concurrent writers must not interleave with a cut-back. */
	if (flock(fd, LOCK_EX) == -1) {
		*cause = xasprintf("cannot lock %s: %s", path, strerror(errno));
		goto out;
	}
	if (fileio_tail_find(fd, &keep, &size, &why) != 0) {
		*cause = xasprintf("%s: %s", path, why);
		goto out;
	}
	if (keep < size) {
		if (fileio_tail_set_aside(fd, path, keep, size, cause) != 0)
			goto out;
		if (note != NULL)
			*note = xasprintf("%s ended in a torn line (%lld bytes, "
			    "left by a crash or a full disk): set aside in "
			    "%s.torn", path, (long long)(size - keep), path);
	}
	ret = fileio_append_whole(fd, path, line, strlen(line), cause);
out:
	if (fd != -1)
		close(fd);
	free(why);
	free(dir);
	free(path);
	return ret;
}
