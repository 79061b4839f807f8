/* gonogo.c: the console's go/no-go (its header and the g checklist) keeps
 * the offline rule of the decision (issue 23): F-00 run with --offline, live
 * or as a stage of the evidence on disk, leaves checks not run, and the
 * decision over them is never GO. Fed from an evidence file in a scratch
 * report root and a snapshot built by hand. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "config/settings.h"
#include "core/result_keys.h"
#include "core/util.h"
#include "monitor/gonogo.h"
#include "monitor/monitor.h"
#include "unit.h"

static char root[] = "/tmp/check_gonogo.XXXXXX";

/* Writes the batch B's latest evidence: every stage PASS, F-00 saying it
 * left not_run checks unrun, finished an hour ago. */
static void
write_evidence(long long not_run)
{
	static const char *const gates[] = { "env-baseline", "contract-smoke",
	    "admin-rbac", "processing", "dlq-growth", "quality" };
	char *top = xasprintf("%s/release-evidence", root);
	char *dir = xasprintf("%s/B", top);
	char *path = xasprintf("%s/latest.json", dir);
	char at[ISO_UTC_LEN];
	FILE *f;

	iso_utc(time(NULL) - 3600, at);
	(void)mkdir(top, 0700);		/* there from the last call */
	(void)mkdir(dir, 0700);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "{\"batch\":\"B\",\"decision\":\"%s\",\"finishedAt\":\"%s\","
	    "\"stages\":[", not_run > 0 ? "PENDING" : "GO", at);
	for (size_t i = 0; i < nitems(gates); i++)
		fprintf(f, "%s{\"gate\":\"%s\",\"verdict\":\"PASS\",\"code\":null,"
		    "\"metrics\":{\"%s\":%lld}}", i ? "," : "", gates[i],
		    M_CHECKS_NOT_RUN, i == 0 ? not_run : 0);
	fprintf(f, "]}\n");
	fclose(f);
	free(top);
	free(dir);
	free(path);
}

/* A snapshot whose disk is the scratch root's and whose live figures are
 * F-03 and F-04 PASS (the collector's refresh), F-00 not yet. */
static void
snapshot(struct mon_snapshot *snap, struct shared_result *sr,
    struct gate_result **r)
{
	static char batch[] = "B";
	struct settings s;
	const enum gate_id live[2] = { GATE_PROCESSING, GATE_DLQ_GROWTH };

	memset(&s, 0, sizeof s);
	s.reports_dir = root;
	s.batch = batch;
	memset(snap, 0, sizeof *snap);
	gonogo_read_disk(&s, &snap->disk);
	for (int i = 0; i < 2; i++) {
		r[i] = result_new(gate_def_get(live[i]), NULL);
		result_set(r[i], VERDICT_PASS, CODE_NONE);
		memset(&sr[i], 0, sizeof sr[i]);
		sr[i].r = r[i];
		sr[i].at = time(NULL);
		snap->res[live[i]] = &sr[i];
	}
}

START_TEST(test_disk_stage_offline_never_go)
{
	struct mon_snapshot snap;
	struct shared_result sr[3];
	struct gate_result *r[3];
	struct gonogo g;
	char *why;

	ck_assert_ptr_nonnull(mkdtemp(root));
	write_evidence(6);
	snapshot(&snap, sr, r);
	ck_assert_int_eq(snap.disk.have_evidence, 1);
	ck_assert_int_eq(snap.disk.st[0].not_run, 6);
	gonogo_of(&snap, 0, &g);
	ck_assert_int_eq(g.from_disk[0], 1);
	ck_assert_int_eq(g.disk_only, 0);
	ck_assert_str_eq(g.decision_name, "PENDING");
	why = gonogo_explain(&g, &snap, "B", 0);
	ck_assert_ptr_nonnull(strstr(why, "PENDING: offline: 6 checks not run"));
	free(why);

	/* F-00 live, offline too: still never GO. */
	r[2] = result_new(gate_def_get(GATE_ENV_BASELINE), NULL);
	result_set(r[2], VERDICT_PASS, CODE_NONE);
	kv_int(&r[2]->metrics, M_CHECKS_NOT_RUN, 6);
	memset(&sr[2], 0, sizeof sr[2]);
	sr[2].r = r[2];
	sr[2].at = time(NULL);
	snap.res[GATE_ENV_BASELINE] = &sr[2];
	gonogo_of(&snap, 0, &g);
	ck_assert_int_eq(g.from_disk[0], 0);
	ck_assert_str_eq(g.decision_name, "PENDING");

	/* F-00 live with every check run, the rest PASS: GO. */
	result_free(r[2]);
	r[2] = result_new(gate_def_get(GATE_ENV_BASELINE), NULL);
	result_set(r[2], VERDICT_PASS, CODE_NONE);
	kv_int(&r[2]->metrics, M_CHECKS_NOT_RUN, 0);
	sr[2].r = r[2];
	gonogo_of(&snap, 0, &g);
	ck_assert_str_eq(g.decision_name, "GO");
	for (int i = 0; i < 3; i++)
		result_free(r[i]);

	/* Online evidence on disk, F-03 and F-04 live: GO. */
	write_evidence(0);
	snapshot(&snap, sr, r);
	ck_assert_int_eq(snap.disk.st[0].not_run, 0);
	gonogo_of(&snap, 0, &g);
	ck_assert_str_eq(g.decision_name, "GO");
	for (int i = 0; i < 2; i++)
		result_free(r[i]);
	unit_rm_tree(root);
}
END_TEST

static Suite *
gonogo_suite(void)
{
	Suite *s = suite_create("gonogo");
	TCase *tc = tcase_create("offline");

	tcase_add_test(tc, test_disk_stage_offline_never_go);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(gonogo_suite)
