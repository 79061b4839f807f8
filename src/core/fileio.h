/* Small file I/O shared by reports, audit logs, the monitor's statistics and
 * the settings and env files: whole-file reads, atomic replacement, appended
 * lines, mkdir -p. Nothing here knows what the files mean. */
#ifndef INGESTGATE_FILEIO_H
#define INGESTGATE_FILEIO_H

#include <stddef.h>
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

/* mkdir -p with mode 0755; -1 with *cause. */
int fileio_make_dirs(const char *path, char **cause);

/* Replaces dir/name with data so that a reader sees the old or the new file,
 * never part of one: temporary file, fsync, rename, fsync of dir. Creates
 * dir. -1 with *cause. */
int fileio_write_atomic(const char *dir, const char *name, const char *data,
    char **cause);

/* Appends line (which carries its own '\n') to root/relpath in one write,
 * creating folders, and fsyncs it; for audit logs. -1 with *cause. */
int fileio_append_line(const char *root, const char *relpath,
    const char *line, char **cause);

/* Writes data to a new fsynced temporary file (".tmp-XXXXXX", mode 0644) in
 * dir; returns its path (caller frees), or NULL with *cause. */
char *fileio_write_temp(const char *dir, const char *data, char **cause);

/* Hard-links the temporary file tmp to dir/name, never replacing a file,
 * then renames it over dir/latest. 0; 1 when name exists already (tmp is
 * removed); -1 with *cause. */
int fileio_publish(const char *dir, const char *tmp, const char *name,
    const char *latest, char **cause);

/* Removes temporary files of fileio_write_temp older than a minute, left by
 * a killed run (no live writer can still own them). */
void fileio_sweep_temps(const char *dir);

/* fsyncs a folder so that a rename in it survives a crash; best effort. */
void fileio_sync_dir(const char *dir);

/* 1 when something exists at path. */
int fileio_exists(const char *path);

#endif
