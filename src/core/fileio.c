/* File I/O without meaning: reading a whole file, replacing one atomically
 * (temporary file, fsync, rename, fsync of the folder), publishing a report
 * under a name that is never overwritten, mkdir -p, and opening the files
 * the program owns without following a link or blocking on a FIFO.
 * Reports, audit, the monitor and the env and settings files share it
 * (whole-line appends are fileio_append.c's); it calls nothing above
 * util.c. Files are created 0666 less the umask: never wider than the
 * operator asked for. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/util.h"

enum read_kind { READ_ANY, READ_REGULAR, READ_OWN };

/* The cause for an open of path that failed with e. */
static char *
open_cause(const char *path, int e, int own)
{
	/* O_NOFOLLOW says ELOOP for a link at the last component. */
	if (own && e == ELOOP)
		return xasprintf("%s: is a symbolic link: refused (files "
		    "ingestgate writes are never opened through a link)", path);
	if (own && e == ENXIO)
		return xasprintf("%s: not a regular file (a FIFO or a device): "
		    "refused", path);
	return xasprintf("%s: %s", path, strerror(e));
}

int
fileio_open_own(const char *path, int flags, char **cause)
{
	struct stat st;
	int fd, e;

	/* O_NONBLOCK: a FIFO planted at path must not hang the open. */
	fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
	if (fd == -1) {
		e = errno;
		*cause = open_cause(path, e, 1);
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: not a regular file: refused", path);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	/* A regular file never blocks; later reads and writes are plain. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* The reader of the fileio_read flavours: REGULAR and OWN also refuse what
 * is not a regular file (without blocking on a FIFO), OWN a link too;
 * REGULAR fills *mtime. */
static int
read_file(const char *path, size_t max, enum read_kind kind, struct buf *out,
    time_t *mtime, char **cause)
{
	struct stat st;
	char chunk[8192];
	ssize_t n;
	int fd, e = 0, ret = -1;

	memset(out, 0, sizeof *out);
	if (kind == READ_OWN) {
		fd = fileio_open_own(path, O_RDONLY, cause);
		e = errno;
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC |
	    (kind == READ_REGULAR ? O_NONBLOCK : 0))) == -1) {
		e = errno;
		*cause = open_cause(path, e, 0);
	}
	if (fd == -1)
		return e == ENOENT ? FILEIO_MISSING : -1;
	if (kind == READ_REGULAR) {
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
			*cause = xasprintf("%s: not a regular file", path);
			goto out;
		}
		*mtime = st.st_mtime;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			goto out;
		}
		buf_add(out, chunk, (size_t)n);
		if (out->len > max) {
			*cause = xasprintf("%s: larger than %zu bytes", path, max);
			goto out;
		}
	}
	if (out->data == NULL)
		buf_adds(out, "");
	ret = 0;
out:
	close(fd);
	if (ret != 0)
		buf_free(out);
	return ret;
}

int
fileio_read(const char *path, size_t max, struct buf *out, char **cause)
{
	return read_file(path, max, READ_ANY, out, NULL, cause);
}

int
fileio_read_regular(const char *path, size_t max, struct buf *out,
    time_t *mtime, char **cause)
{
	return read_file(path, max, READ_REGULAR, out, mtime, cause);
}

int
fileio_read_own(const char *path, size_t max, struct buf *out, char **cause)
{
	return read_file(path, max, READ_OWN, out, NULL, cause);
}

int
fileio_make_dirs(const char *path, char **cause)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0755) == -1 && errno != EEXIST) {
				*cause = xasprintf("cannot create %s: %s", p,
				    strerror(errno));
				free(p);
				return -1;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return 0;
}

/* A new temporary file in dir, created 0666 less the umask (mkstemp's 0600
 * then fchmod would ignore the umask), exclusively locked; its fd, or -1
 * with errno. */
static int
temp_create(const char *dir, char **path)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	for (int tries = 0; tries < 100; tries++) {
		unsigned char rnd[12];
		char name[sizeof rnd + 1];
		struct stat a, b;
		int fd;

		if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
			return -1;
		for (size_t i = 0; i < sizeof rnd; i++)
			name[i] = chars[rnd[i] % (sizeof chars - 1)];
		name[sizeof rnd] = '\0';
		*path = xasprintf("%s/.tmp-%s", dir, name);
		fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0666);
		if (fd == -1) {
			int e = errno;

			free(*path);
			*path = NULL;
			if (e == EEXIST)
				continue;
			errno = e;
			return -1;
		}
		/* The lock says "a live writer owns this" to the sweep; one
		 * that came between the open and the lock took the file. */
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 &&
		    lstat(*path, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			return fd;
		close(fd);
		free(*path);
		*path = NULL;
	}
	errno = EEXIST;
	return -1;
}

int
fileio_write_temp(const char *dir, const char *data, struct fileio_temp *t,
    char **cause)
{
	size_t len = strlen(data), off = 0;

	t->path = NULL;
	if ((t->fd = temp_create(dir, &t->path)) == -1) {
		*cause = xasprintf("cannot write in %s: %s", dir, strerror(errno));
		return -1;
	}
	while (off < len) {
		ssize_t n = write(t->fd, data + off, len - off);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(t->fd) == -1)
		goto fail;
	return 0;
fail:
	*cause = xasprintf("cannot write %s: %s", dir, strerror(errno));
	fileio_temp_discard(t);
	return -1;
}

void
fileio_temp_discard(struct fileio_temp *t)
{
	if (t->path != NULL)
		unlink(t->path);
	if (t->fd != -1)
		close(t->fd);	/* releases the lock */
	free(t->path);
	t->path = NULL;
	t->fd = -1;
}

void
fileio_sweep_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat st, now;
		int fd;

		if (strncmp(de->d_name, ".tmp-", 5) != 0)
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC);
		if (fd == -1)
			continue;
		/* Free to lock: its writer is gone (killed), whatever the
		 * file's age. A live writer holds the lock until it
		 * publishes or discards the file. */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    fstatat(dirfd(d), de->d_name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
		    now.st_ino == st.st_ino && now.st_dev == st.st_dev)
			unlinkat(dirfd(d), de->d_name, 0);
		close(fd);
	}
	closedir(d);
}

void
fileio_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
}

int
fileio_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int
fileio_write_atomic(const char *dir, const char *name, const char *data,
    char **cause)
{
	struct fileio_temp t;
	char *path;
	int r = 0;

	/* No sweep here: dir may be any folder (the monitor's statistics),
	 * and .tmp-* files there need not be ours. Report folders are swept
	 * by the report writer. */
	if (fileio_make_dirs(dir, cause) != 0)
		return -1;
	if (fileio_write_temp(dir, data, &t, cause) != 0)
		return -1;
	path = xasprintf("%s/%s", dir, name);
	/* rename replaces a link or a FIFO at path, never follows it. */
	if (rename(t.path, path) == -1) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		r = -1;
	} else {
		free(t.path);
		t.path = NULL;
	}
	fileio_temp_discard(&t);
	fileio_sync_dir(dir);
	free(path);
	return r;
}

int
fileio_publish(const char *dir, struct fileio_temp *t, const char *name,
    const char *latest, char **cause)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *lpath = xasprintf("%s/%s", dir, latest);
	int r = 0;

	if (link(t->path, path) == -1) {
		if (errno == EEXIST)
			r = 1;
		else {
			*cause = xasprintf("cannot write %s: %s", path,
			    strerror(errno));
			r = -1;
		}
		goto out;
	}
	if (rename(t->path, lpath) == -1) {
		*cause = xasprintf("cannot write %s: %s", lpath, strerror(errno));
		r = -1;
		goto out;
	}
	free(t->path);
	t->path = NULL;
out:
	fileio_temp_discard(t);
	free(path);
	free(lpath);
	return r;
}
