/* fileio.c: atomic replacement leaves no temporary file, appended lines
 * add up, reads tell a missing file apart and refuse what is too large or
 * not a regular file. */
#include "config.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
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

	ck_assert_msg(fileio_append_line(root, "audit/x.log", "one\n",
	    &cause) == 0, "%s", cause);
	ck_assert_int_eq(fileio_append_line(root, "audit/x.log", "two\n",
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
	char *cause = NULL, *tmp, *path = xasprintf("%s/latest", root), *text;

	ck_assert_int_eq(fileio_make_dirs(root, &cause), 0);
	tmp = fileio_write_temp(root, "first", &cause);
	ck_assert_int_eq(fileio_publish(root, tmp, "r1", "latest", &cause), 0);
	free(tmp);
	tmp = fileio_write_temp(root, "second", &cause);
	ck_assert_int_eq(fileio_publish(root, tmp, "r1", "latest", &cause), 1);
	free(tmp);
	text = read_text(path);
	ck_assert_str_eq(text, "first");
	free(text);
	ck_assert_int_eq(count_prefix(root, ".tmp-"), 0);
	free(path);
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
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fileio_suite)
