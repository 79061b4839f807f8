/* Shared by the Check suites: a main that runs one suite, and the removal
 * of a suite's scratch folder. */
#ifndef INGESTGATE_UNIT_H
#define INGESTGATE_UNIT_H

#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static inline int
unit_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes dir and everything below it (a test's scratch folder). */
static inline void
unit_rm_tree(const char *dir)
{
	nftw(dir, unit_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

#define UNIT_MAIN(make_suite)                                           \
	int main(void)                                                  \
	{                                                               \
		SRunner *sr = srunner_create(make_suite());             \
		int failed;                                             \
		srunner_run_all(sr, CK_NORMAL);                         \
		failed = srunner_ntests_failed(sr);                     \
		srunner_free(sr);                                       \
		return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;       \
	}

#endif
