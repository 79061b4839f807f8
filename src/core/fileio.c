/* File I/O without meaning: reading a whole file, replacing one atomically
 * (temporary file, fsync, rename, fsync of the folder), publishing a report
 * under a name that is never overwritten, appending an audit line in one
 * write, mkdir -p. Reports, audit, the monitor and the env and settings
 * files share it; it calls nothing above util.c. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/fileio.h"
#include "core/util.h"

/* The reader of both fileio_read flavours; regular also refuses what is
 * not a regular file and fills *mtime. */
static int
read_file(const char *path, size_t max, int regular, struct buf *out,
    time_t *mtime, char **cause)
{
	struct stat st;
	char chunk[8192];
	ssize_t n;
	int fd, e, ret = -1;

	memset(out, 0, sizeof *out);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		e = errno;
		*cause = xasprintf("%s: %s", path, strerror(e));
		return e == ENOENT ? FILEIO_MISSING : -1;
	}
	if (regular) {
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
			*cause = xasprintf("%s: not a regular file", path);
			goto out;
		}
		*mtime = st.st_mtime;
	}
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			/* The env file has always said why; the rest did not. */
			*cause = regular ? xasprintf("%s: %s", path,
			    strerror(errno)) : xasprintf("%s: read error", path);
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
	return read_file(path, max, 0, out, NULL, cause);
}

int
fileio_read_regular(const char *path, size_t max, struct buf *out,
    time_t *mtime, char **cause)
{
	return read_file(path, max, 1, out, mtime, cause);
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

char *
fileio_write_temp(const char *dir, const char *data, char **cause)
{
	char *tmp = xasprintf("%s/.tmp-XXXXXX", dir);
	size_t len = strlen(data), off = 0;
	int fd = mkstemp(tmp);

	if (fd == -1) {
		*cause = xasprintf("cannot write in %s: %s", dir, strerror(errno));
		free(tmp);
		return NULL;
	}
	fchmod(fd, 0644);
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return tmp;
fail:
	*cause = xasprintf("cannot write %s: %s", dir, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return NULL;
}

void
fileio_sweep_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t limit = time(NULL) - 60;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (strncmp(de->d_name, ".tmp-", 5) != 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime < limit)
			unlinkat(dirfd(d), de->d_name, 0);
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

	return stat(path, &st) == 0;
}

int
fileio_write_atomic(const char *dir, const char *name, const char *data,
    char **cause)
{
	char *tmp, *path;
	int r = 0;

	if (fileio_make_dirs(dir, cause) != 0)
		return -1;
	if ((tmp = fileio_write_temp(dir, data, cause)) == NULL)
		return -1;
	path = xasprintf("%s/%s", dir, name);
	if (rename(tmp, path) == -1) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		r = -1;
	}
	fileio_sync_dir(dir);
	free(tmp);
	free(path);
	return r;
}

int
fileio_publish(const char *dir, const char *tmp, const char *name,
    const char *latest, char **cause)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *lpath = xasprintf("%s/%s", dir, latest);
	int r = 0;

	if (link(tmp, path) == -1) {
		if (errno == EEXIST)
			r = 1;
		else {
			*cause = xasprintf("cannot write %s: %s", path,
			    strerror(errno));
			r = -1;
		}
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, lpath) == -1) {
		*cause = xasprintf("cannot write %s: %s", lpath, strerror(errno));
		unlink(tmp);
		r = -1;
	}
out:
	free(path);
	free(lpath);
	return r;
}

int
fileio_append_line(const char *root, const char *relpath, const char *line,
    char **cause)
{
	char *path = xasprintf("%s/%s", root, relpath), *slash, *dir;
	int fd, ret = -1;
	size_t len = strlen(line);

	slash = strrchr(path, '/');
	dir = xstrndup(path, (size_t)(slash - path));
	if (fileio_make_dirs(dir, cause) != 0)
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd == -1) {
		*cause = xasprintf("cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	/* One write with O_APPEND keeps concurrent lines whole. */
	if (write(fd, line, len) != (ssize_t)len || fsync(fd) == -1) {
		*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	ret = 0;
out:
	free(dir);
	free(path);
	return ret;
}
