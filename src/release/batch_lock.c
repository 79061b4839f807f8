/* The batch folder's lock (.lock, flock) and the check that the folder
 * belongs to the batch at hand. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "core/json_read.h"
#include "core/util.h"
#include "release/batch_lock.h"
#include "release/report.h"

#define OWNER_MAX_FILE (64u * 1024 * 1024)
#define LOCK_POLL_MS 10
#define LOCK_WAIT_MS 30000

int
batch_lock_take(const char *dir, int create, char **cause)
{
	char *path, *why = NULL;
	struct stat st;
	int fd;

	if (stat(dir, &st) == -1) {
		/* Nothing to lock: reading the status says what is there. */
		if (!create)
			return -2;
		if (fileio_make_dirs(dir, &why) != 0) {
			*cause = xasprintf("cannot write the batch status %s/%s: "
			    "%s", dir, "batch-status.json", why);
			free(why);
			return -1;
		}
	}
	path = xasprintf("%s/%s", dir, BATCH_LOCK_FILE);
	/* Never through a link: the lock is ours, not a file planted here. */
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("cannot write the batch status %s/%s: cannot "
		    "lock the batch folder (%s: %s)", dir, "batch-status.json",
		    path, fd == -1 ? strerror(errno) : "not a regular file");
		goto fail;
	}
	/* Runs and sign-offs hold it for milliseconds; one stopped while
	 * holding it must not hang every later run: wait, within a bound. */
	for (int waited = 0; flock(fd, LOCK_EX | LOCK_NB) == -1; waited++) {
		struct timespec ts = { 0, LOCK_POLL_MS * 1000000L };

		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || waited * LOCK_POLL_MS >=
		    LOCK_WAIT_MS) {
			*cause = xasprintf("cannot lock the batch folder %s: %s",
			    path, errno == EWOULDBLOCK ? "another run or "
			    "sign-off has held it for 30 s" : strerror(errno));
			goto fail;
		}
		nanosleep(&ts, NULL);
	}
	free(path);
	return fd;
fail:
	if (fd != -1)
		close(fd);
	free(path);
	return -1;
}

void
batch_lock_release(int fd)
{
	if (fd >= 0)
		close(fd);	/* releases the lock */
}

/* The "batch" string of dir/name; NULL when there is none. */
static char *
batch_of(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *why = NULL, *b = NULL;
	json_object *o = NULL, *v;
	struct buf buf;

	/* Never through a link, never hanging on a FIFO, read as strictly
	 * as every other read-back. */
	if (fileio_read_own(path, OWNER_MAX_FILE, &buf, &why) == 0) {
		if (json_read_strict(buf.data, buf.len, &o, &why) != 0)
			o = NULL;
		buf_free(&buf);
	}
	if (o != NULL && json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, "batch", &v) &&
	    json_object_is_type(v, json_type_string))
		b = xstrdup(json_object_get_string(v));
	json_object_put(o);
	free(why);
	free(path);
	return b;
}

void
batch_folder_owners(const char *dir, char **status_batch,
    char **evidence_batch)
{
	*status_batch = batch_of(dir, "batch-status.json");
	*evidence_batch = batch_of(dir, "latest.json");
}

/* 1 when other is another batch code whose folder is batch's. */
static int
collides(const char *other, const char *batch)
{
	char *a, *b;
	int same;

	if (other == NULL || strcmp(other, batch) == 0)
		return 0;
	a = report_batch_dir(other);
	b = report_batch_dir(batch);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

int
batch_folder_check(const char *dir, const char *shown, const char *batch,
    char **cause)
{
	char *sb, *eb;
	const char *other;
	int ret = 0;

	batch_folder_owners(dir, &sb, &eb);
	other = collides(sb, batch) ? sb : collides(eb, batch) ? eb : NULL;
	if (other != NULL) {
		*cause = xasprintf("BATCH_FOLDER_CONFLICT: %s belongs to batch "
		    "\"%s\", not \"%s\": both codes map to the same folder; "
		    "use a batch code that maps to a folder of its own",
		    shown, other, batch);
		ret = -1;
	}
	free(sb);
	free(eb);
	return ret;
}
