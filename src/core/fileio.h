/* Small file I/O shared by reports, audit logs, the monitor's statistics and
 * the settings and env files: whole-file reads, atomic replacement, appended
 * lines (fileio_append.c), mkdir -p, and opening the program's own files
 * without following a link. Nothing here knows what the files mean. */
#ifndef INGESTGATE_FILEIO_H
#define INGESTGATE_FILEIO_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "core/util.h"

/* What fileio_read returns when the file does not exist (*cause is filled
 * as for any other failure, so a caller may treat both alike). */
#define FILEIO_MISSING (-2)

/* Reads a whole file into out (NUL-terminated; caller frees with
 * buf_free): 0; FILEIO_MISSING; -1 when it cannot be read or is larger than
 * max bytes. Failures fill *cause (caller frees). */
int fileio_read(const char *path, size_t max, struct buf *out, char **cause);
/* The same, refusing anything but a regular file; *mtime gets its time of
 * last change. */
int fileio_read_regular(const char *path, size_t max, struct buf *out,
    time_t *mtime, char **cause);

/* Opens a file the program writes or reads back (reports, batch status,
 * signoffs.jsonl, audit logs) with flags (O_CREAT makes it 0666 less the
 * umask): never through a symbolic link (O_NOFOLLOW), never blocking on a
 * FIFO (O_NONBLOCK until checked), and only a regular file. The fd, or -1
 * with *cause naming path and why, and errno kept (ENOENT: missing). */
int fileio_open_own(const char *path, int flags, char **cause);
/* fileio_read through fileio_open_own: for the files the program wrote. */
int fileio_read_own(const char *path, size_t max, struct buf *out,
    char **cause);

/* mkdir -p with mode 0755; -1 with *cause. */
int fileio_make_dirs(const char *path, char **cause);

/* Replaces dir/name with data so that a reader sees the old or the new file,
 * never part of one: temporary file, fsync, rename, fsync of dir. Creates
 * dir. -1 with *cause. */
int fileio_write_atomic(const char *dir, const char *name, const char *data,
    char **cause);

/* Appends line (which carries its own '\n') to root/relpath, creating
 * folders: under an exclusive lock, the whole line or nothing, fsynced. A
 * torn tail left by a crash is first set aside in relpath.torn and *note
 * (when note is not NULL; caller frees, else NULL) says so. For audit
 * logs. -1 with *cause naming the real cause (errno's words). */
int fileio_append_line(const char *root, const char *relpath,
    const char *line, char **note, char **cause);
/* Writes len bytes of line at the end of fd (open with O_APPEND and locked
 * by the caller) and fsyncs them; on any failure the file is cut back to
 * its old length. -1 with *cause naming shown and the cause. */
int fileio_append_whole(int fd, const char *shown, const char *line,
    size_t len, char **cause);
/* The file at fd: *size its length, *keep the length of its whole lines
 * (up to the last '\n'); *keep < *size means a torn tail. -1 with *cause. */
int fileio_tail_find(int fd, off_t *keep, off_t *size, char **cause);
/* Moves the torn tail [keep, size) of path (open read-write at fd, locked)
 * to the end of path.torn as one line, then cuts path back to keep. -1
 * with *cause (a tail over 1 MiB is not a torn line and stays). */
int fileio_tail_set_aside(int fd, const char *path, off_t keep, off_t size,
    char **cause);

/* A temporary file being written: path and an fd that holds an exclusive
 * lock on it until it is published or discarded. */
struct fileio_temp {
	char *path;
	int fd;
};

/* Writes data to a new fsynced temporary file (".tmp-XXXXXXXXXXXX",
 * 0666 less the umask) in dir, kept open and locked in *t (so that
 * fileio_sweep_temps leaves it alone); 0, or -1 with *cause. */
int fileio_write_temp(const char *dir, const char *data, struct fileio_temp *t,
    char **cause);
/* Removes a temporary file not published, and closes it. */
void fileio_temp_discard(struct fileio_temp *t);

/* Hard-links the temporary file t to dir/name, never replacing a file,
 * then renames it over dir/latest; t is discarded either way. 0; 1 when
 * name exists already; -1 with *cause. */
int fileio_publish(const char *dir, struct fileio_temp *t, const char *name,
    const char *latest, char **cause);

/* Removes the temporary files of fileio_write_temp in dir whose writer is
 * gone (killed: its lock is free), whatever their age. */
void fileio_sweep_temps(const char *dir);

/* fsyncs a folder so that a rename in it survives a crash; best effort. */
void fileio_sync_dir(const char *dir);

/* 1 when something exists at path (a dangling link too). */
int fileio_exists(const char *path);

#endif
