/* fileio.c: atomic replacement leaves no temporary file, appended lines
 * add up, reads tell a missing file apart and refuse what is too large or
 * not a regular file. Issue 25: a line goes in whole or not at all (a
 * file-size limit cuts the write short, as a full disk does), a torn tail
 * is set aside, links and FIFOs are refused without hanging, files follow
 * the umask, and a dead writer's temporary file is swept at once while a
 * live one is left alone. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "unit.h"
#include "core/util.h"

static char root[64];

static void
setup(void)
{
	snprintf(root, sizeof root, "/tmp/ig-fileio-%ld", (long)getpid());
}

static void
teardown(void)
{
	unit_rm_tree(root);
}

static char *
read_text(const char *path)
{
	struct buf b;
	char *cause = NULL;

	ck_assert_msg(fileio_read(path, 1 << 20, &b, &cause) == 0, "%s", cause);
	return buf_take(&b);
}

/* Entries of dir whose name starts with prefix. */
static int
count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

START_TEST(atomic_replaces_and_leaves_no_temp)
{
	char *dir = xasprintf("%s/a/b", root), *path, *text, *cause = NULL;

	path = xasprintf("%s/stats.json", dir);
	ck_assert_msg(fileio_write_atomic(dir, "stats.json", "{\"n\":1}\n",
	    &cause) == 0, "%s", cause);
	text = read_text(path);
	ck_assert_str_eq(text, "{\"n\":1}\n");
	free(text);
	ck_assert_int_eq(fileio_write_atomic(dir, "stats.json", "two\n",
	    &cause), 0);
	text = read_text(path);
	ck_assert_str_eq(text, "two\n");
	free(text);
	ck_assert_int_eq(count_prefix(dir, ".tmp-"), 0);
	ck_assert_int_eq(count_prefix(dir, "stats"), 1);
	free(path);
	free(dir);
}
END_TEST

START_TEST(atomic_fails_with_a_cause)
{
	char *cause = NULL, *file = xasprintf("%s/plain", root);

	ck_assert_int_eq(fileio_write_atomic(root, "plain", "x", &cause), 0);
	/* A file where a folder should be. */
	ck_assert_int_eq(fileio_write_atomic(file, "x", "y", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "cannot write in"));
	free(cause);
	free(file);
}
END_TEST

START_TEST(append_adds_lines)
{
	char *cause = NULL, *path = xasprintf("%s/audit/x.log", root), *text;

	ck_assert_msg(fileio_append_line(root, "audit/x.log", "one\n", NULL,
	    &cause) == 0, "%s", cause);
	ck_assert_int_eq(fileio_append_line(root, "audit/x.log", "two\n", NULL,
	    &cause), 0);
	text = read_text(path);
	ck_assert_str_eq(text, "one\ntwo\n");
	free(text);
	free(path);
}
END_TEST

START_TEST(read_missing_is_told_apart)
{
	struct buf b;
	char *cause = NULL, *path = xasprintf("%s/none", root);

	ck_assert_int_eq(fileio_read(path, 100, &b, &cause), FILEIO_MISSING);
	ck_assert_ptr_null(b.data);
	ck_assert_ptr_nonnull(strstr(cause, "No such file"));
	ck_assert_ptr_nonnull(strstr(cause, path));
	free(cause);
	free(path);
}
END_TEST

START_TEST(read_refuses_large_and_non_regular)
{
	struct buf b;
	char *cause = NULL, *path = xasprintf("%s/f", root);
	time_t mtime = 0;

	ck_assert_int_eq(fileio_write_atomic(root, "f", "0123456789", &cause), 0);
	ck_assert_int_eq(fileio_read(path, 9, &b, &cause), -1);
	ck_assert_str_eq(cause + strlen(path), ": larger than 9 bytes");
	free(cause);
	ck_assert_int_eq(fileio_read_regular(path, 10, &b, &mtime, &cause), 0);
	ck_assert_uint_eq(b.len, 10);
	ck_assert(mtime > 0);
	buf_free(&b);
	ck_assert_int_eq(fileio_read_regular(root, 10, &b, &mtime, &cause), -1);
	ck_assert_str_eq(cause + strlen(root), ": not a regular file");
	free(cause);
	/* An empty file reads as an empty string, not NULL. */
	ck_assert_int_eq(fileio_write_atomic(root, "e", "", &cause), 0);
	free(path);
	path = xasprintf("%s/e", root);
	ck_assert_int_eq(fileio_read(path, 10, &b, &cause), 0);
	ck_assert_str_eq(b.data, "");
	buf_free(&b);
	free(path);
}
END_TEST

START_TEST(publish_never_replaces)
{
	char *cause = NULL, *path = xasprintf("%s/latest", root), *text;
	struct fileio_temp tmp;

	ck_assert_int_eq(fileio_make_dirs(root, &cause), 0);
	ck_assert_int_eq(fileio_write_temp(root, "first", &tmp, &cause), 0);
	ck_assert_int_eq(fileio_publish(root, &tmp, "r1", "latest", &cause), 0);
	ck_assert_int_eq(fileio_write_temp(root, "second", &tmp, &cause), 0);
	ck_assert_int_eq(fileio_publish(root, &tmp, "r1", "latest", &cause), 1);
	text = read_text(path);
	ck_assert_str_eq(text, "first");
	free(text);
	ck_assert_int_eq(count_prefix(root, ".tmp-"), 0);
	free(path);
}
END_TEST

/* The file as bytes (it may hold a torn line). */
static char *
slurp(const char *path)
{
	return read_text(path);
}

START_TEST(append_is_whole_or_nothing)
{
	char *cause = NULL, *path = xasprintf("%s/audit/x.log", root), *text;
	struct rlimit old, lim;

	ck_assert_int_eq(fileio_append_line(root, "audit/x.log", "one\n", NULL,
	    &cause), 0);
	/* Room for 5 more bytes: the next write is cut short, as on a disk
	 * that fills up in the middle of a line. */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4 + 5;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ck_assert_int_eq(fileio_append_line(root, "audit/x.log",
	    "a line far longer than five bytes\n", NULL, &cause), -1);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	/* The real cause, never "Success". */
	ck_assert_msg(strstr(cause, "File too large") != NULL, "%s", cause);
	ck_assert_msg(strstr(cause, "nothing was added") != NULL, "%s", cause);
	free(cause);
	text = slurp(path);
	ck_assert_str_eq(text, "one\n");
	free(text);
	free(path);
}
END_TEST

START_TEST(append_sets_a_torn_tail_aside)
{
	char *cause = NULL, *note = NULL, *path, *torn, *text;
	FILE *f;

	ck_assert_int_eq(fileio_make_dirs(root, &cause), 0);
	path = xasprintf("%s/replay.log", root);
	torn = xasprintf("%s/replay.log.torn", root);
	f = fopen(path, "w");
	fputs("{\"one\":1}\n{\"two\":", f);	/* a crash mid-line */
	fclose(f);
	ck_assert_msg(fileio_append_line(root, "replay.log", "{\"three\":3}\n",
	    &note, &cause) == 0, "%s", cause);
	ck_assert_ptr_nonnull(note);
	ck_assert_msg(strstr(note, "torn line (7 bytes") != NULL, "%s", note);
	ck_assert_msg(strstr(note, ".torn") != NULL, "%s", note);
	text = slurp(path);
	ck_assert_str_eq(text, "{\"one\":1}\n{\"three\":3}\n");
	free(text);
	text = slurp(torn);
	ck_assert_str_eq(text, "{\"two\":\n");
	free(text);
	free(note);
	/* A whole file: nothing to say. */
	ck_assert_int_eq(fileio_append_line(root, "replay.log", "{}\n", &note,
	    &cause), 0);
	ck_assert_ptr_null(note);
	free(path);
	free(torn);
}
END_TEST

START_TEST(links_and_fifos_are_refused)
{
	char *cause = NULL, *target, *link, *fifo, *text;
	struct buf b;
	FILE *f;

	ck_assert_int_eq(fileio_make_dirs(root, &cause), 0);
	target = xasprintf("%s/elsewhere", root);
	link = xasprintf("%s/x.log", root);
	fifo = xasprintf("%s/fifo", root);
	f = fopen(target, "w");
	fputs("untouched\n", f);
	fclose(f);
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(fileio_append_line(root, "x.log", "line\n", NULL,
	    &cause), -1);
	ck_assert_msg(strstr(cause, "symbolic link") != NULL, "%s", cause);
	free(cause);
	ck_assert_int_eq(fileio_read_own(link, 100, &b, &cause), -1);
	free(cause);
	text = slurp(target);
	ck_assert_str_eq(text, "untouched\n");
	free(text);
	/* A FIFO with no writer: refused at once, no hang. */
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	alarm(5);
	ck_assert_int_eq(fileio_read_own(fifo, 100, &b, &cause), -1);
	ck_assert_msg(strstr(cause, "not a regular file") != NULL, "%s", cause);
	free(cause);
	ck_assert_int_eq(fileio_append_line(root, "fifo", "line\n", NULL,
	    &cause), -1);
	free(cause);
	alarm(0);
	free(target);
	free(link);
	free(fifo);
}
END_TEST

static unsigned
mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 0777);
}

START_TEST(files_follow_the_umask)
{
	char *cause = NULL, *p1 = xasprintf("%s/a.json", root);
	char *p2 = xasprintf("%s/r1", root), *p3 = xasprintf("%s/l.log", root);
	struct fileio_temp t;
	mode_t old = umask(077);

	ck_assert_int_eq(fileio_write_atomic(root, "a.json", "{}", &cause), 0);
	ck_assert_int_eq(fileio_write_temp(root, "x", &t, &cause), 0);
	ck_assert_int_eq(fileio_publish(root, &t, "r1", "latest", &cause), 0);
	ck_assert_int_eq(fileio_append_line(root, "l.log", "x\n", NULL, &cause),
	    0);
	umask(old);
	ck_assert_uint_eq(mode_of(p1), 0600);
	ck_assert_uint_eq(mode_of(p2), 0600);
	ck_assert_uint_eq(mode_of(p3), 0600);
	umask(022);
	ck_assert_int_eq(fileio_write_atomic(root, "a.json", "{}", &cause), 0);
	umask(old);
	ck_assert_uint_eq(mode_of(p1), 0644);
	free(p1);
	free(p2);
	free(p3);
}
END_TEST

START_TEST(sweep_takes_dead_temps_only)
{
	char *cause = NULL, *dead = xasprintf("%s/.tmp-killedrun1", root);
	struct fileio_temp live;
	FILE *f;

	ck_assert_int_eq(fileio_make_dirs(root, &cause), 0);
	/* Left a second ago by a run killed before its rename. */
	f = fopen(dead, "w");
	fputs("half a report", f);
	fclose(f);
	ck_assert_int_eq(fileio_write_temp(root, "being written", &live,
	    &cause), 0);
	fileio_sweep_temps(root);
	ck_assert_int_eq(access(dead, F_OK), -1);
	ck_assert_int_eq(access(live.path, F_OK), 0);
	ck_assert_int_eq(count_prefix(root, ".tmp-"), 1);
	fileio_temp_discard(&live);
	ck_assert_int_eq(count_prefix(root, ".tmp-"), 0);
	free(dead);
}
END_TEST

static Suite *
fileio_suite(void)
{
	Suite *s = suite_create("fileio");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, atomic_replaces_and_leaves_no_temp);
	tcase_add_test(tc, atomic_fails_with_a_cause);
	tcase_add_test(tc, append_adds_lines);
	tcase_add_test(tc, read_missing_is_told_apart);
	tcase_add_test(tc, read_refuses_large_and_non_regular);
	tcase_add_test(tc, publish_never_replaces);
	tcase_add_test(tc, append_is_whole_or_nothing);
	tcase_add_test(tc, append_sets_a_torn_tail_aside);
	tcase_add_test(tc, links_and_fifos_are_refused);
	tcase_add_test(tc, files_follow_the_umask);
	tcase_add_test(tc, sweep_takes_dead_temps_only);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fileio_suite)
