/* Reports: JSON shape, Markdown, atomic timestamped writes, batch folders,
 * the batch status file and audit lines. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ftw.h>

#include <json-c/json.h>

#include "replay/audit.h"
#include "release/batch_status.h"
#include "core/fileio.h"
#include "release/report.h"
#include "unit.h"
#include "core/util.h"

static char root[64];

static void
setup(void)
{
	snprintf(root, sizeof root, "/tmp/ig-report-%ld", (long)getpid());
}

static void
teardown(void)
{
	unit_rm_tree(root);
}

static struct gate_result *
sample_result(void)
{
	struct gate_result *r = result_new(gate_def_get(GATE_PROCESSING),
	    "F-2026-02-20");
	struct finding *f;

	kv_int(&r->thresholds, "minSample", 50);
	kv_int(&r->metrics, "total", 2000);
	kv_num(&r->metrics, "successRate", 0.979);
	result_check(r, "success-rate", VERDICT_FAIL,
	    CODE_PROCESSING_SUCCESS_RATE_LOW, "97.90%% | below");
	f = result_add_finding(r);
	kv_str(&f->fields, "source", "partner-api");
	result_summary(r, "success rate 97.90%%");
	result_finish(r);
	return r;
}

static char *
slurp(const char *path)
{
	struct buf b;
	char *cause = NULL;

	if (fileio_read(path, 64 << 20, &b, &cause) != 0) {
		free(cause);
		return NULL;
	}
	return buf_take(&b);
}

START_TEST(test_batch_dir)
{
	char *d;

	d = report_batch_dir("F-2026.02_20");
	ck_assert_str_eq(d, "F-2026.02_20");
	free(d);
	d = report_batch_dir("B'; DROP TABLE booking; --\"/..");
	ck_assert_str_eq(d, "B___DROP_TABLE_booking__--__..");
	free(d);
	d = report_batch_dir("../../etc");
	ck_assert_str_eq(d, ".._.._etc");
	free(d);
	ck_assert_ptr_null(report_batch_dir(""));
	ck_assert_ptr_null(report_batch_dir(NULL));
	ck_assert_ptr_null(report_batch_dir("."));
	ck_assert_ptr_null(report_batch_dir(".."));
}
END_TEST

START_TEST(test_json_shape)
{
	static const char *const always[] = { "tool", "version", "gate", "id",
	    "batch", "verdict", "code", "startedAt", "finishedAt", "durationMs",
	    "thresholds", "metrics", "checks", "findings", "stages", "decision",
	    "batchStatus", "report" };
	struct gate_result *r = sample_result();
	char *s = report_render_json(r);
	json_object *o = json_tokener_parse(s), *v, *c;

	ck_assert_ptr_nonnull(o);
	for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
		ck_assert_msg(json_object_object_get_ex(o, always[i], &v),
		    "field %s missing", always[i]);
	json_object_object_get_ex(o, "tool", &v);
	ck_assert_str_eq(json_object_get_string(v), "ingestgate");
	json_object_object_get_ex(o, "id", &v);
	ck_assert_str_eq(json_object_get_string(v), "F-03");
	json_object_object_get_ex(o, "verdict", &v);
	ck_assert_str_eq(json_object_get_string(v), "FAIL");
	json_object_object_get_ex(o, "code", &v);
	ck_assert_str_eq(json_object_get_string(v), "PROCESSING_SUCCESS_RATE_LOW");
	json_object_object_get_ex(o, "stages", &v);
	ck_assert_ptr_null(v);
	json_object_object_get_ex(o, "decision", &v);
	ck_assert_ptr_null(v);
	json_object_object_get_ex(o, "metrics", &v);
	json_object_object_get_ex(v, "successRate", &c);
	ck_assert_str_eq(json_object_to_json_string(c), "0.979");
	json_object_object_get_ex(o, "checks", &v);
	c = json_object_array_get_idx(v, 0);
	ck_assert(json_object_object_get_ex(c, "name", NULL));
	ck_assert(json_object_object_get_ex(c, "verdict", NULL));
	ck_assert(json_object_object_get_ex(c, "code", NULL));
	ck_assert(json_object_object_get_ex(c, "detail", NULL));
	json_object_put(o);
	free(s);
	result_free(r);
}
END_TEST

START_TEST(test_markdown)
{
	struct gate_result *r = sample_result();
	char *md = report_render_md(r);

	ck_assert_ptr_nonnull(strstr(md, "F-03"));
	ck_assert_ptr_nonnull(strstr(md, "**FAIL**"));
	ck_assert_ptr_nonnull(strstr(md, "INGEST_PROCESSING_RESULT=FAIL"));
	ck_assert_ptr_nonnull(strstr(md, "97.90% \\| below"));
	ck_assert_ptr_nonnull(strstr(md, "ingestgate playbook "
	    "PROCESSING_SUCCESS_RATE_LOW"));
	free(md);
	result_free(r);
}
END_TEST

START_TEST(test_write_and_latest)
{
	struct gate_result *r = sample_result();
	char *cause = NULL, *latest, *path, *text;
	json_object *o, *rep, *v;

	ck_assert_int_eq(report_write(root, r, &cause), 0);
	ck_assert_ptr_nonnull(strstr(r->report_json, "/gates/ingest-processing/"
	    "ingest-processing-"));
	ck_assert_ptr_nonnull(strstr(r->report_md, ".md"));
	ck_assert_int_eq(access(r->report_json, R_OK), 0);
	ck_assert_int_eq(access(r->report_md, R_OK), 0);
	path = xasprintf("%s/gates/ingest-processing/latest.json", root);
	latest = slurp(path);
	text = slurp(r->report_json);
	ck_assert_str_eq(latest, text);
	o = json_tokener_parse(latest);
	json_object_object_get_ex(o, "report", &rep);
	json_object_object_get_ex(rep, "json", &v);
	ck_assert_str_eq(json_object_get_string(v), r->report_json);
	json_object_put(o);
	free(path);
	free(latest);
	free(text);
	result_free(r);
}
END_TEST

START_TEST(test_same_second_no_overwrite)
{
	struct gate_result *a = sample_result(), *b = sample_result();
	char *cause = NULL;

	b->started = a->started;
	ck_assert_int_eq(report_write(root, a, &cause), 0);
	ck_assert_int_eq(report_write(root, b, &cause), 0);
	ck_assert_str_ne(a->report_json, b->report_json);
	ck_assert_ptr_nonnull(strstr(b->report_json, "-2.json"));
	ck_assert_int_eq(access(a->report_json, R_OK), 0);
	ck_assert_int_eq(access(b->report_json, R_OK), 0);
	result_free(a);
	result_free(b);
}
END_TEST

START_TEST(test_failed_write_keeps_latest)
{
	struct gate_result *a = sample_result(), *b = sample_result();
	struct rlimit old, rl;
	char *cause = NULL, *path, *before, *after;

	ck_assert_int_eq(report_write(root, a, &cause), 0);
	path = xasprintf("%s/gates/ingest-processing/latest.json", root);
	before = slurp(path);
	/* Any file write beyond 64 bytes now fails (EFBIG), even for root. */
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	rl = old;
	rl.rlim_cur = 64;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	b->started.tv_sec += 1;
	ck_assert_int_eq(report_write(root, b, &cause), -1);
	/* Back to normal, so that Check (and valgrind runs with CK_FORK=no) can
	 * write their own files. */
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_null(b->report_json);
	after = slurp(path);
	ck_assert_str_eq(before, after);
	free(cause);
	free(path);
	free(before);
	free(after);
	result_free(a);
	result_free(b);
}
END_TEST

START_TEST(test_unwritable_root)
{
	struct gate_result *r = sample_result();
	char *cause = NULL;

	ck_assert_int_eq(report_write("/dev/null/reports", r, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/dev/null"));
	free(cause);
	result_free(r);
}
END_TEST

START_TEST(test_batch_folder)
{
	struct gate_result *r = result_new(gate_def_get(GATE_QUALITY),
	    "B'; DROP TABLE x;--");
	char *cause = NULL;

	result_finish(r);
	ck_assert_int_eq(report_write(root, r, &cause), 0);
	ck_assert_ptr_nonnull(strstr(r->report_json,
	    "/recon/quality/B___DROP_TABLE_x_--/phase2-quality-"));
	result_free(r);
	r = result_new(gate_def_get(GATE_QUALITY), "..");
	ck_assert_int_eq(report_write(root, r, &cause), -1);
	free(cause);
	result_free(r);
}
END_TEST

START_TEST(test_batch_status)
{
	struct gate_result *ev = result_new(gate_def_get(GATE_EVIDENCE), "B1");
	struct gate_result *st = sample_result();
	struct batch_run run = { 1, VERDICT_FAIL, DECISION_NO_GO };
	struct batch_file bf;
	char *cause = NULL, *text, *full;
	json_object *o, *v;

	result_add_stage(ev, st);
	ev->decision = "NO-GO";
	ev->batch_status = "HOLD";
	result_set(ev, VERDICT_FAIL, CODE_PROCESSING_SUCCESS_RATE_LOW);
	result_finish(ev);
	ck_assert_int_eq(report_write(root, st, &cause), 0);
	ck_assert_int_eq(report_write(root, ev, &cause), 0);
	ck_assert_int_eq(batch_status_read(root, "B1", &bf, &cause), 0);
	ck_assert_int_eq(bf.status, BATCH_NONE);
	ck_assert_int_eq(batch_status_write(&bf, ev, &run, BATCH_HOLD, &cause),
	    0);
	batch_file_free(&bf);
	full = xasprintf("%s/release-evidence/B1/batch-status.json", root);
	text = slurp(full);
	o = json_tokener_parse(text);
	json_object_object_get_ex(o, "status", &v);
	ck_assert_str_eq(json_object_get_string(v), "HOLD");
	json_object_object_get_ex(o, "escalation", &v);
	ck_assert_int_eq(json_object_array_length(v), 2);
	json_object_object_get_ex(o, "failingStages", &v);
	ck_assert_int_eq(json_object_array_length(v), 1);
	json_object_object_get_ex(o, "attach", &v);
	ck_assert_int_eq(json_object_array_length(v), 4);
	json_object_object_get_ex(o, "history", &v);
	ck_assert_int_eq(json_object_array_length(v), 1);
	json_object_put(o);
	free(text);
	/* Read back: the status is known to the next run. */
	ck_assert_int_eq(batch_status_read(root, "B1", &bf, &cause), 0);
	ck_assert_int_eq(bf.status, BATCH_HOLD);
	batch_file_free(&bf);
	free(full);
	result_free(ev);
}
END_TEST

START_TEST(test_audit_line)
{
	struct audit_replay a = { "core:8443", "MANAGER", "FAILED",
	    "src\"\n{evil}", NULL, 50, 1, 7, 0, "ok" };
	char *line = audit_replay_line(&a, 1771581600LL);
	json_object *o, *v;

	ck_assert_int_eq(line[strlen(line) - 1], '\n');
	ck_assert_ptr_eq(strchr(line, '\n'), line + strlen(line) - 1);
	o = json_tokener_parse(line);
	ck_assert_ptr_nonnull(o);
	json_object_object_get_ex(o, "source", &v);
	ck_assert_str_eq(json_object_get_string(v), "src\"\n{evil}");
	json_object_object_get_ex(o, "time", &v);
	ck_assert_str_eq(json_object_get_string(v), "2026-02-20T10:00:00Z");
	json_object_object_get_ex(o, "selected", &v);
	ck_assert_int_eq(json_object_get_int(v), 7);
	json_object_put(o);
	free(line);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("write");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_batch_dir);
	tcase_add_test(tc, test_json_shape);
	tcase_add_test(tc, test_markdown);
	tcase_add_test(tc, test_write_and_latest);
	tcase_add_test(tc, test_same_second_no_overwrite);
	tcase_add_test(tc, test_failed_write_keeps_latest);
	tcase_add_test(tc, test_unwritable_root);
	tcase_add_test(tc, test_batch_folder);
	tcase_add_test(tc, test_batch_status);
	tcase_add_test(tc, test_audit_line);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(report_suite)
