/* Sessions (issue 26): the delta encoding of frames (encode, then apply,
 * gives the frame back; a quiet frame costs nothing; a sliding history is
 * written as what it gained), a recording written and read back (rotation,
 * secrets redacted, a cut last line), and the write-up, line by line. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json_read.h"
#include "core/util.h"
#include "monitor/monitor_int.h"
#include "session/session_delta.h"
#include "session/session_handover.h"
#include "session/session_parts.h"
#include "session/session_read.h"
#include "session/session_record.h"
#include "session/session_report.h"
#include "unit.h"

static json_object *
J(const char *text)
{
	json_object *o = NULL;
	char *cause = NULL;

	if (json_read(text, strlen(text), &o, &cause) != 0)
		ck_abort_msg("bad fixture %s: %s", text, cause);
	return o;
}

/* A fixture the recorder borrows: freed by E_free once the recording is
 * closed. */
static json_object *kept[16];
static int nkept;

static json_object *
E(const char *text)
{
	ck_assert_int_lt(nkept, 16);
	return kept[nkept++] = J(text);
}

static void
E_free(void)
{
	while (nkept > 0)
		json_object_put(kept[--nkept]);
}

static const char *
S(json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

/* encode(prev, cur) then apply gives cur; the delta is as expected. */
static void
roundtrip(const char *prev, const char *cur, const char *want_delta)
{
	json_object *p = prev ? J(prev) : NULL, *c = J(cur), *d, *back;
	char *cause = NULL;

	d = session_delta_encode(p, c);
	if (want_delta != NULL)
		ck_assert_str_eq(S(d), want_delta);
	back = session_delta_apply(p, d, &cause);
	ck_assert_msg(back != NULL, "apply: %s", cause);
	ck_assert_msg(json_object_equal(back, c), "%s != %s", S(back), S(c));
	/* In place too, as the player steps. */
	if (p != NULL) {
		ck_assert_int_eq(session_delta_apply_into(p, d, &cause), 0);
		ck_assert_msg(json_object_equal(p, c), "into: %s", S(p));
	}
	json_object_put(p);
	json_object_put(c);
	json_object_put(d);
	json_object_put(back);
}

START_TEST(delta_quiet_frame_is_empty)
{
	roundtrip("{\"a\":1,\"b\":{\"c\":[1,2],\"d\":null}}",
	    "{\"a\":1,\"b\":{\"c\":[1,2],\"d\":null}}", "{}");
}
END_TEST

START_TEST(delta_nested_change_only)
{
	roundtrip("{\"res\":{\"processing\":{\"verdict\":\"PASS\",\"age\":0,"
	    "\"metrics\":{\"total\":10}}},\"host\":\"h\"}",
	    "{\"res\":{\"processing\":{\"verdict\":\"FAIL\",\"age\":0,"
	    "\"metrics\":{\"total\":10}}},\"host\":\"h\"}",
	    "{\"res\":{\"processing\":{\"verdict\":\"FAIL\"}}}");
}
END_TEST

START_TEST(delta_removed_and_added_keys)
{
	roundtrip("{\"a\":1,\"b\":2,\"n\":{\"x\":1}}",
	    "{\"a\":1,\"c\":3,\"n\":{}}",
	    "{\"c\":3,\"n\":{\"~del\":[\"x\"]},\"~del\":[\"b\"]}");
}
END_TEST

START_TEST(delta_sliding_history)
{
	roundtrip("{\"rate\":[1,2,3,4]}", "{\"rate\":[2,3,4,5,6]}",
	    "{\"rate\":{\"~a\":[1,[5,6]]}}");
	roundtrip("{\"rate\":[]}", "{\"rate\":[7]}", "{\"rate\":[7]}");
	/* Not a slide: replaced whole. */
	roundtrip("{\"rate\":[1,2,3]}", "{\"rate\":[4,5]}",
	    "{\"rate\":[4,5]}");
}
END_TEST

START_TEST(delta_nulls_and_types)
{
	roundtrip("{\"a\":null,\"b\":1,\"c\":{\"d\":1}}",
	    "{\"a\":{\"x\":1},\"b\":null,\"c\":[1]}", NULL);
	roundtrip("{\"a\":{\"x\":1}}", "{\"a\":null}", "{\"a\":null}");
	roundtrip(NULL, "{\"a\":[1,{\"b\":2}]}", "{\"a\":[1,{\"b\":2}]}");
}
END_TEST

START_TEST(delta_refuses_a_misfit)
{
	json_object *p = J("{\"rate\":[1]}"), *d = J("{\"rate\":{\"~a\":[5,[1]]}}");
	char *cause = NULL;

	ck_assert_ptr_null(session_delta_apply(p, d, &cause));
	ck_assert_ptr_nonnull(cause);
	free(cause);
	json_object_put(p);
	json_object_put(d);
}
END_TEST

static char dir[sizeof "/tmp/check_session.XXXXXX"];

/* A fresh scratch folder per test: without a fork (CK_FORK=no, as under
 * valgrind) the template must be new each time. */
static char *
scratch(void)
{
	memcpy(dir, "/tmp/check_session.XXXXXX", sizeof dir);
	return mkdtemp(dir);
}

static char *
only_file(const char *sub)
{
	char *cmd = xasprintf("ls %s/sessions/%s/*.jsonl | head -1", dir, sub);
	FILE *p = popen(cmd, "r");
	char line[512] = "";

	ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
	pclose(p);
	free(cmd);
	line[strcspn(line, "\n")] = '\0';
	return xstrdup(line);
}

/* A session at fixed times: a failure appears at +10 s, the playbook and a
 * live check at +20 s, a gate run at +30 s, the failure clears at +40 s. */
#define T0 1796350380	/* 2026-12-04T02:13:00Z */

static json_object *
frame(const char *verdict)
{
	char *t = xasprintf("{\"res\":{\"processing\":{\"gate\":\"processing\","
	    "\"verdict\":\"%s\",\"age\":0}},\"rate\":[0.5],\"host\":\"h:1\"}",
	    verdict);
	json_object *o = J(t);

	free(t);
	return o;
}

static void
write_session(const char *secret)
{
	struct session_rec *r;
	char *cause = NULL;
	json_object *f, *h = J("{\"batch\":\"F-1\",\"host\":\"h:1\"}");
	const char *secrets[] = { secret };

	r = session_rec_open(dir, "prod/eu", "dina", T0, h, &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	session_rec_secrets(r, secrets, 1);
	f = frame("PASS");
	ck_assert_int_eq(session_rec_frame(r, T0, f, E("[{\"type\":\"verdict\","
	    "\"gate\":\"processing\",\"to\":\"PASS\"}]"), &cause), 0);
	json_object_put(f);
	f = frame("FAIL");
	session_rec_frame(r, T0 + 10, f, E("[{\"type\":\"verdict\",\"gate\":"
	    "\"processing\",\"from\":\"PASS\",\"to\":\"FAIL\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\"}]"), &cause);
	session_rec_event(r, T0 + 20, E("{\"type\":\"playbook\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\",\"by\":\"dina\"}"), &cause);
	session_rec_frame(r, T0 + 21, f, E("[{\"type\":\"live\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\",\"step\":2,\"ok\":false,\"text\":"
	    "\"FAIL with token sekret-123\",\"by\":\"dina\"}]"), &cause);
	session_rec_frame(r, T0 + 30, f, E("[{\"type\":\"gate\",\"gate\":"
	    "\"processing\",\"verdict\":\"FAIL\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\",\"reportMd\":\"reports/gates/"
	    "ingest-processing/p.md\",\"by\":\"dina\"}]"), &cause);
	json_object_put(f);
	f = frame("PASS");
	session_rec_frame(r, T0 + 40, f, E("[{\"type\":\"verdict\",\"gate\":"
	    "\"processing\",\"from\":\"FAIL\",\"to\":\"PASS\"}]"), &cause);
	json_object_put(f);
	session_rec_close(r, T0 + 50, "quit");
	E_free();
}

START_TEST(record_and_read_back)
{
	char *path, *cause = NULL;
	struct session_file *sf;
	struct buf b = { NULL, 0, 0 };
	json_object *st;

	ck_assert_ptr_nonnull(scratch());
	write_session("sekret-123");
	path = only_file("prod_eu");
	ck_assert(strstr(path, "/sessions/prod_eu/20261204T021300Z.jsonl"));
	{
		FILE *fp = fopen(path, "r");
		char chunk[4096];
		size_t n;

		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&b, chunk, n);
		fclose(fp);
	}
	ck_assert_msg(strstr(b.data, "sekret-123") == NULL, "a secret in it");
	ck_assert(strstr(b.data, "[redacted]") != NULL);
	sf = session_load(path, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->nframes, 5);
	ck_assert_int_eq(sf->nevents, 7);
	ck_assert_int_eq(sf->ended, 1);
	ck_assert_int_eq(sf->truncated, 0);
	ck_assert_str_eq(session_str(sf->header, "operator"), "dina");
	st = session_frame(sf, 1, &cause);
	ck_assert_str_eq(S(st), "{\"res\":{\"processing\":{\"gate\":"
	    "\"processing\",\"verdict\":\"FAIL\",\"age\":0}},\"rate\":[0.5],"
	    "\"host\":\"h:1\"}");
	/* Back and forth: the same states. */
	st = session_frame(sf, 4, &cause);
	ck_assert(strstr(S(st), "\"PASS\"") != NULL);
	st = session_frame(sf, 0, &cause);
	ck_assert(strstr(S(st), "\"PASS\"") != NULL);
	ck_assert_ptr_null(session_frame(sf, 5, &cause));
	free(cause);
	session_free(sf);
	buf_free(&b);
	free(path);
	unit_rm_tree(dir);
}
END_TEST

START_TEST(cut_last_line_reads_up_to_it)
{
	char *path, *cause = NULL, *cmd;
	struct session_file *sf;

	ck_assert_ptr_nonnull(scratch());
	write_session("sekret-123");
	path = only_file("prod_eu");
	/* What kill -9 in the middle of a write leaves: half a line. */
	cmd = xasprintf("head -n 6 %s > %s.t && printf '{\"at\":\"2026-12-04T0"
	    "2:14' >> %s.t && mv %s.t %s", path, path, path, path, path);
	ck_assert_int_eq(system(cmd), 0);
	sf = session_load(path, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->truncated, 1);
	ck_assert_int_eq(sf->ended, 0);
	ck_assert_int_eq(sf->nframes, 4);
	ck_assert_ptr_nonnull(session_frame(sf, 3, &cause));
	session_free(sf);
	free(cmd);
	free(path);
	unit_rm_tree(dir);
}
END_TEST

START_TEST(rotates_at_the_cap)
{
	struct session_rec *r;
	char *cause = NULL, *cmd;
	json_object *f;
	FILE *p;
	char line[64] = "";

	ck_assert_ptr_nonnull(scratch());
	setenv("INGESTGATE_SESSION_MAX_BYTES", "2048", 1);
	r = session_rec_open(dir, NULL, "eko", T0, NULL, &cause);
	for (int i = 0; i < 60; i++) {
		char *t = xasprintf("{\"n\":%d,\"pad\":\"%040d\"}", i, i);

		f = J(t);
		ck_assert_int_eq(session_rec_frame(r, T0 + i, f, NULL, &cause), 0);
		json_object_put(f);
		free(t);
	}
	session_rec_close(r, T0 + 61, "quit");
	unsetenv("INGESTGATE_SESSION_MAX_BYTES");
	cmd = xasprintf("ls %s/sessions/default | wc -l", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
	pclose(p);
	ck_assert_int_ge(atoi(line), 2);
	free(cmd);
	{
		/* Each part reads on its own, from a whole first frame. */
		char *path = xasprintf("%s/sessions/default/"
		    "20261204T021300Z-part2.jsonl", dir);
		struct session_file *sf = session_load(path, &cause);

		ck_assert_msg(sf != NULL, "%s", cause);
		ck_assert_ptr_nonnull(session_frame(sf, 0, &cause));
		ck_assert_int_eq(session_str(sf->header, "part") == NULL, 1);
		session_free(sf);
		free(path);
	}
	unit_rm_tree(dir);
}
END_TEST

/* Frame i of a long session: a counter, a key only odd frames have (a
 * whole frame must drop it, not keep it from the frame before). */
static json_object *
long_frame(int i)
{
	char *t = xasprintf("{\"n\":%d,%s\"rate\":[%d,%d]}", i, i % 2 ?
	    "\"odd\":1," : "", i, i + 1);
	json_object *o = J(t);

	free(t);
	return o;
}

static struct session_file *
long_session(int frames, const char *cap)
{
	struct session_rec *r;
	struct session_file *sf;
	char *cause = NULL, *path;

	ck_assert_ptr_nonnull(scratch());
	if (cap != NULL)
		setenv("INGESTGATE_SESSION_MAX_BYTES", cap, 1);
	r = session_rec_open(dir, NULL, "eko", T0, NULL, &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	for (int i = 0; i < frames; i++) {
		json_object *f = long_frame(i);

		ck_assert_int_eq(session_rec_frame(r, T0 + i, f, NULL, &cause),
		    0);
		json_object_put(f);
	}
	session_rec_close(r, T0 + frames, "quit");
	unsetenv("INGESTGATE_SESSION_MAX_BYTES");
	path = xasprintf("%s/sessions/default/20261204T021300Z.jsonl", dir);
	sf = session_load(path, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	free(path);
	return sf;
}

/* The state at k is frame k, exactly. */
static void
frame_is(struct session_file *sf, int k)
{
	char *cause = NULL;
	json_object *st = session_frame(sf, (size_t)k, &cause), *want;

	ck_assert_msg(st != NULL, "frame %d: %s", k, cause);
	want = long_frame(k);
	ck_assert_msg(json_object_equal(st, want), "frame %d: %s", k, S(st));
	json_object_put(want);
}

/* Whole frames in the file every SESSION_KEY_WRITE and kept states every
 * SESSION_KEY_EVERY bound what any step applies: a jump into a part never
 * visited, a step back from it, a walk back frame by frame. */
START_TEST(a_step_is_bounded)
{
	struct session_file *sf = long_session(2 * SESSION_KEY_WRITE + 60,
	    NULL);
	size_t before, k = 2 * SESSION_KEY_WRITE + 50;

	ck_assert_int_eq(sf->nframes, 2 * SESSION_KEY_WRITE + 60);
	ck_assert(sf->whole[0] && sf->whole[SESSION_KEY_WRITE] &&
	    sf->whole[2 * SESSION_KEY_WRITE] && !sf->whole[1]);
	frame_is(sf, (int)k);
	ck_assert_uint_le(sf->applied, 51);
	before = sf->applied;
	frame_is(sf, (int)k - 1);
	ck_assert_uint_le(sf->applied - before, SESSION_KEY_EVERY);
	/* Back over a whole frame, into a stretch never visited. */
	for (size_t j = k - 2; j > SESSION_KEY_WRITE - 20; j--) {
		before = sf->applied;
		frame_is(sf, (int)j);
		ck_assert_uint_le(sf->applied - before, SESSION_KEY_WRITE);
	}
	/* Now kept: back again costs a kept state and a few frames. */
	for (size_t j = k - 2; j > SESSION_KEY_WRITE - 20; j -= 7) {
		before = sf->applied;
		frame_is(sf, (int)j);
		ck_assert_uint_le(sf->applied - before, SESSION_KEY_EVERY);
	}
	/* Forward over a whole frame: it replaces the state (the odd key
	 * of the frame before it goes). */
	for (int j = SESSION_KEY_WRITE - 3; j <= SESSION_KEY_WRITE + 3; j++)
		frame_is(sf, j);
	frame_is(sf, 0);
	frame_is(sf, 1);
	session_free(sf);
	unit_rm_tree(dir);
}
END_TEST

/* A session past its cap is read as one from any part: every frame in
 * order, every part named, the end of the last; list takes the first. */
START_TEST(rotated_parts_are_one_session)
{
	struct session_file *sf = long_session(120, "2048"), *sf2;
	char *cause = NULL, *p2;

	ck_assert_int_ge(sf->nparts, 3);
	ck_assert_int_eq(sf->nframes, 120);
	ck_assert_int_eq(sf->ended, 1);
	ck_assert_int_eq(sf->truncated, 0);
	ck_assert_int_eq(sf->start, T0);
	ck_assert_int_eq(sf->end, T0 + 120);
	ck_assert(strstr(sf->parts[1], "20261204T021300Z-part2.jsonl"));
	for (int k = 0; k < 120; k++)
		frame_is(sf, k);
	frame_is(sf, 3);
	p2 = xstrdup(sf->parts[sf->nparts - 1]);
	ck_assert_int_eq(session_part_is_later(p2), 1);
	ck_assert_int_eq(session_part_is_later(sf->parts[0]), 0);
	session_free(sf);
	sf2 = session_load(p2, &cause);
	ck_assert_msg(sf2 != NULL, "%s", cause);
	ck_assert_int_eq(sf2->nframes, 120);
	ck_assert(strstr(sf2->path, "/20261204T021300Z.jsonl"));
	ck_assert_str_eq(session_str(sf2->header, "operator"), "eko");
	frame_is(sf2, 119);
	frame_is(sf2, 0);
	session_free(sf2);
	free(p2);
	unit_rm_tree(dir);
}
END_TEST

/* The "n" of frame k of sf. */
static int
n_at(struct session_file *sf, size_t k)
{
	char *cause = NULL;
	json_object *st = session_frame(sf, k, &cause), *v;

	ck_assert_msg(st != NULL, "frame %zu: %s", k, cause);
	ck_assert(json_object_object_get_ex(st, "n", &v));
	return json_object_get_int(v);
}

/* A later part that cannot be read keeps the parts before it readable: the
 * session is cut short after them and says which and why. */
START_TEST(an_unreadable_part_keeps_the_parts_before)
{
	struct session_file *sf = long_session(120, "2048");
	char *cause = NULL, *p1 = xstrdup(sf->parts[0]), gap[400];
	char *p2 = xstrdup(sf->parts[1]);
	size_t n1;
	FILE *fp;

	ck_assert_int_ge(sf->nparts, 3);
	session_free(sf);
	/* A torn line in the middle of part 2 (not its last). */
	{
		char *cmd = xasprintf("sed -i '3s/.*/{\"at\":broken/' %s", p2);

		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
	}
	sf = session_load(p1, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->nparts, 1);
	ck_assert_int_eq(sf->cut_after, 1);
	ck_assert_int_eq(sf->cut_missing, 0);
	ck_assert_int_eq(session_cut_short(sf), 1);
	n1 = sf->nframes;
	ck_assert_uint_gt(n1, 0);
	ck_assert_uint_lt(n1, 120);
	for (size_t k = 0; k < n1; k++)
		frame_is(sf, (int)k);
	session_gap_text(sf, 0, gap, sizeof gap);
	ck_assert_msg(strstr(gap, "parts after 1 unreadable (") == gap, "%s",
	    gap);
	session_gap_text(sf, 1, gap, sizeof gap);
	ck_assert(strstr(gap, "bagian setelah 1 tidak terbaca") == gap);
	/* The report says so. */
	{
		char *rep = session_report(sf, SREP_TEXT, 0);

		ck_assert_msg(strstr(rep, "parts after 1 unreadable") != NULL,
		    "%s", rep);
		free(rep);
	}
	session_free(sf);
	/* Part 2 asked for: the same, read from the first. */
	sf = session_load(p2, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->nframes, n1);
	session_free(sf);
	fp = fopen(p2, "w");
	fclose(fp);
	sf = session_load(p1, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->cut_after, 1);
	session_free(sf);
	free(p1);
	free(p2);
	unit_rm_tree(dir);
}
END_TEST

/* A missing middle part: the first reads up to it ("missing"); a part after
 * it is read from itself on, its frames exact, and says its first. */
START_TEST(a_missing_part_keeps_both_sides)
{
	struct session_file *sf = long_session(120, "2048");
	char *cause = NULL, *p1 = xstrdup(sf->parts[0]), gap[400];
	char *p3 = xstrdup(sf->parts[2]);
	size_t n1, n0;

	ck_assert_int_ge(sf->nparts, 3);
	ck_assert_int_eq(unlink(sf->parts[1]), 0);
	session_free(sf);
	sf = session_load(p1, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->nparts, 1);
	ck_assert_int_eq(sf->cut_after, 1);
	ck_assert_int_eq(sf->cut_missing, 1);
	ck_assert_int_eq(session_cut_short(sf), 1);
	session_gap_text(sf, 0, gap, sizeof gap);
	ck_assert_str_eq(gap, "parts after 1 missing (20261204T021300Z-part2."
	    "jsonl)");
	n1 = sf->nframes;
	session_free(sf);
	/* Part 3 is no longer reached from the first: read on its own. */
	ck_assert_int_eq(session_part_is_later(p3), 1);
	sf = session_load(p3, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_str_eq(sf->parts[0], p3);
	ck_assert_ptr_nonnull(sf->orphan_of);
	ck_assert_int_eq(sf->ended, 1);
	ck_assert_int_eq(session_cut_short(sf), 1);
	n0 = (size_t)n_at(sf, 0);
	ck_assert_uint_gt(n0, n1);
	ck_assert_uint_eq(n0 + sf->nframes, 120);
	for (size_t k = 0; k < sf->nframes; k++)
		ck_assert_int_eq(n_at(sf, k), (int)(n0 + k));
	session_gap_text(sf, 0, gap, sizeof gap);
	ck_assert_str_eq(gap, "a later part: the parts before it are missing "
	    "or unreadable (first 20261204T021300Z.jsonl)");
	session_free(sf);
	free(p1);
	free(p3);
	unit_rm_tree(dir);
}
END_TEST

static void
exit_3(void)
{
	_exit(3);
}

static int
no_copy(json_object *o, struct printbuf *pb, int level, int flags)
{
	(void)o;
	(void)level;
	(void)flags;
	return printbuf_memappend(pb, "0", 1);
}

/* A frame json-c cannot copy (here a serializer it does not know) stops the
 * recorder as the reader does, never a frame written as "f":null. */
START_TEST(an_uncopyable_frame_is_fatal)
{
	struct session_rec *r;
	char *cause = NULL;
	json_object *f = json_object_new_object(), *v = json_object_new_int(1);
	static char data[] = "x";

	ck_assert_ptr_nonnull(scratch());
	r = session_rec_open(dir, NULL, "eko", T0, NULL, &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	json_object_set_serializer(v, no_copy, data, NULL);
	json_object_object_add(f, "v", v);
	util_set_fatal_hook(exit_3);
	session_rec_frame(r, T0, f, NULL, &cause);
	/* Not reached: fatal() ran the hook. */
	json_object_put(f);
	session_rec_close(r, T0 + 1, "quit");
	unit_rm_tree(dir);
}
END_TEST

/* Another console started in the same second holds the next part's name:
 * the rotation goes round it, and neither session reads the other's. */
START_TEST(a_rotation_skips_another_consoles_file)
{
	struct session_rec *a, *b;
	struct session_file *sf;
	char *cause = NULL, *pb;
	json_object *f;

	ck_assert_ptr_nonnull(scratch());
	setenv("INGESTGATE_SESSION_MAX_BYTES", "1024", 1);
	a = session_rec_open(dir, NULL, "ana", T0, NULL, &cause);
	b = session_rec_open(dir, NULL, "budi", T0, NULL, &cause);
	ck_assert(a != NULL && b != NULL);
	pb = xstrdup(session_rec_path(b));
	ck_assert(strstr(pb, "-part2.jsonl") != NULL);
	for (int i = 0; i < 40; i++) {
		f = long_frame(i);
		session_rec_frame(a, T0 + i, f, NULL, &cause);
		json_object_put(f);
	}
	f = long_frame(1000);
	session_rec_frame(b, T0 + 1, f, NULL, &cause);
	json_object_put(f);
	session_rec_close(a, T0 + 41, "quit");
	session_rec_close(b, T0 + 2, "quit");
	unsetenv("INGESTGATE_SESSION_MAX_BYTES");
	sf = session_load(pb, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->nparts, 1);
	ck_assert_int_eq(sf->nframes, 1);
	ck_assert_str_eq(session_str(sf->header, "operator"), "budi");
	session_free(sf);
	{
		char *pa = xasprintf("%s/sessions/default/20261204T021300Z."
		    "jsonl", dir);

		sf = session_load(pa, &cause);
		ck_assert_msg(sf != NULL, "%s", cause);
		ck_assert_int_ge(sf->nparts, 2);
		ck_assert_int_eq(sf->nframes, 40);
		for (size_t i = 0; i < sf->nparts; i++)
			ck_assert_str_ne(sf->parts[i], pb);
		frame_is(sf, 39);
		session_free(sf);
		free(pa);
	}
	free(pb);
	unit_rm_tree(dir);
}
END_TEST

/* A frame keeps what the header and the playbook's hand-over showed: the
 * batch on disk (evidence, status) and the last session's steps; a frame
 * of an older recording, without them, says so and claims no status. */
START_TEST(a_frame_keeps_the_header_and_the_handover)
{
	struct mon_snapshot *s = xcalloc(1, sizeof *s), *back;
	const struct gate_def *ev = gate_def_get(GATE_EVIDENCE);
	struct gonogo g1, g2;
	json_object *f;

	atomic_init(&s->refs, 1);
	s->disk.read = 1;
	snprintf(s->disk.root, sizeof s->disk.root, "reports");
	s->disk.have_evidence = 1;
	s->disk.evidence_at = T0;
	snprintf(s->disk.evidence_decision, 16, "GO");
	s->disk.n = (size_t)ev->nstages;
	for (int i = 0; i < ev->nstages; i++)
		s->disk.st[i] = (struct decision_stage){ ev->stages[i], 1,
		    VERDICT_PASS, CODE_NONE, i == 0 ? 3 : 0 };
	s->disk.status = BATCH_HOLD;
	snprintf(s->disk.status_path, 64, "reports/F-1/batch-status.json");
	s->nhandover = 1;
	snprintf(s->handover[0].code, 48, "DLQ_GROWTH_HIGH");
	snprintf(s->handover[0].steps, 48, "1, 3");
	snprintf(s->handover[0].by, 64, "dina");
	s->handover[0].at = T0 - 60;
	f = mon_frame_of(s, T0 + 5);
	back = mon_snapshot_of_frame(f, T0 + 5);
	ck_assert_int_eq(back->play.no_disk, 0);
	ck_assert_int_eq(back->disk.status, BATCH_HOLD);
	ck_assert_str_eq(back->disk.status_path, s->disk.status_path);
	ck_assert_str_eq(back->disk.root, "reports");
	ck_assert_int_eq(back->disk.evidence_at, T0);
	/* Checks an --offline F-00 did not run keep it from GO, then too. */
	ck_assert_int_eq(back->disk.st[0].not_run, 3);
	gonogo_of(s, 0, &g1);
	gonogo_of(back, 0, &g2);
	ck_assert_str_eq(g2.decision_name, g1.decision_name);
	ck_assert_str_eq(g2.status_name, "HOLD");
	ck_assert_int_eq(back->nhandover, 1);
	ck_assert_str_eq(back->handover[0].steps, "1, 3");
	ck_assert_str_eq(back->handover[0].by, "dina");
	ck_assert_int_eq(back->handover[0].at, T0 - 60);
	snapshot_release(back);
	json_object_object_del(f, "disk");
	json_object_object_del(f, "handover");
	back = mon_snapshot_of_frame(f, T0 + 5);
	ck_assert_int_eq(back->play.no_disk, 1);
	gonogo_of(back, 0, &g2);
	ck_assert_ptr_null(g2.status_name);
	ck_assert_int_eq(back->nhandover, 0);
	snapshot_release(back);
	snapshot_release(s);
	json_object_put(f);
}
END_TEST

/* The write-up, line by line. */
static void
check_lines(const char *got, const char *const *want)
{
	char *copy = xstrdup(got), *save = NULL, *line;
	int i = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), i++) {
		ck_assert_msg(want[i] != NULL, "extra line %d: %s", i + 1, line);
		ck_assert_msg(strcmp(line, want[i]) == 0,
		    "line %d:\n got  %s\n want %s", i + 1, line, want[i]);
	}
	ck_assert_msg(want[i] == NULL, "missing line %d: %s", i + 1, want[i]);
	free(copy);
}

START_TEST(report_line_by_line)
{
	char *path, *cause = NULL, *out, *file_line;
	struct session_file *sf;

	ck_assert_ptr_nonnull(scratch());
	write_session("sekret-123");
	path = only_file("prod_eu");
	sf = session_load(path, &cause);
	out = session_report(sf, SREP_MD, 0);
	file_line = xasprintf("Recorded by dina on core-api h:1, batch F-1, "
	    "2026-12-04T02:13:00Z to 2026-12-04T02:13:50Z (0 min); file %s",
	    path);
	{
		const char *const want[] = {
			"# Incident notes: prod/eu 2026-12-04T02:13:00Z",
			file_line,
			"## When it started",
			"- 02:13:10Z processing FAIL PROCESSING_SUCCESS_RATE_LOW",
			"## What failed and when it flipped",
			"- processing: FAIL PROCESSING_SUCCESS_RATE_LOW at "
			    "02:13:10Z, cleared at 02:13:40Z",
			"## Playbook steps run",
			"- 02:13:21Z live check PROCESSING_SUCCESS_RATE_LOW step 2: "
			    "failed - FAIL with token [redacted] (dina)",
			"## Gates run",
			"- 02:13:30Z ran processing: FAIL PROCESSING_SUCCESS_RATE_LOW"
			    " (report reports/gates/ingest-processing/p.md) (dina)",
			"## Replays",
			"- none",
			"## Who did what",
			"- dina: 1 gate run(s), 1 step check(s), 0 replay action(s),"
			    " 1 playbook(s) opened",
			"## Timeline",
			"- 02:13:00Z processing (start) -> PASS",
			"- 02:13:10Z processing PASS -> FAIL "
			    "PROCESSING_SUCCESS_RATE_LOW",
			"- 02:13:20Z playbook opened for PROCESSING_SUCCESS_RATE_LOW",
			"- 02:13:21Z live check PROCESSING_SUCCESS_RATE_LOW step 2: "
			    "failed - FAIL with token [redacted]",
			"- 02:13:30Z ran processing: FAIL PROCESSING_SUCCESS_RATE_LOW"
			    " (report reports/gates/ingest-processing/p.md)",
			"- 02:13:40Z processing FAIL -> PASS",
			"- 02:13:50Z session ended (quit)",
			NULL
		};

		check_lines(out, want);
	}
	free(out);
	out = session_report(sf, SREP_TEXT, 1);
	ck_assert(strstr(out, "Catatan insiden: prod/eu 2026-12-04T02:13:00Z\n"));
	ck_assert(strstr(out, "\nApa yang gagal dan kapan berubah\n- processing: "
	    "FAIL PROCESSING_SUCCESS_RATE_LOW at 02:13:10Z, pulih pada "
	    "02:13:40Z\n"));
	ck_assert(strstr(out, "- dina: 1 gate dijalankan, 1 cek langkah, 0 aksi "
	    "replay, 1 playbook dibuka\n"));
	free(out);
	out = session_report(sf, SREP_JSON, 0);
	{
		json_object *o = J(out), *a, *x;

		ck_assert(json_object_object_get_ex(o, "failures", &a));
		ck_assert_int_eq(json_object_array_length(a), 1);
		x = json_object_array_get_idx(a, 0);
		ck_assert_str_eq(session_str(x, "failedAt"),
		    "2026-12-04T02:13:10Z");
		ck_assert_str_eq(session_str(x, "clearedAt"),
		    "2026-12-04T02:13:40Z");
		json_object_put(o);
	}
	free(out);
	free(file_line);
	session_free(sf);
	free(path);
	unit_rm_tree(dir);
}
END_TEST

/* Hand-over: steps checked off by an ok live check or by a key, per code,
 * from the newest recording of the same batch but this console's own. */
static void
steps_session(const char *batch, time_t t, const char *by, int ok2)
{
	struct session_rec *r;
	char *cause = NULL, *h = xasprintf("{\"batch\":\"%s\"}", batch);
	json_object *ev;

	r = session_rec_open(dir, NULL, by, t, J(h), &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	ev = J("{\"type\":\"live\",\"code\":\"DLQ_GROWTH_HIGH\",\"step\":3,"
	    "\"ok\":true}");
	session_rec_event(r, t + 1, ev, &cause);
	json_object_put(ev);
	ev = J(ok2 ? "{\"type\":\"live\",\"code\":\"DLQ_GROWTH_HIGH\","
	    "\"step\":2,\"ok\":true}" : "{\"type\":\"live\",\"code\":"
	    "\"DLQ_GROWTH_HIGH\",\"step\":2,\"ok\":false}");
	session_rec_event(r, t + 2, ev, &cause);
	json_object_put(ev);
	ev = J("{\"type\":\"step\",\"code\":\"DLQ_GROWTH_HIGH\",\"step\":1,"
	    "\"by\":\"dina\"}");
	session_rec_event(r, t + 3, ev, &cause);
	json_object_put(ev);
	session_rec_close(r, t + 4, "quit");
	free(h);
}

START_TEST(handover_steps_of_the_last_session)
{
	struct session_steps st[4];
	char file[512], *self, *folder;
	int n;

	ck_assert_ptr_nonnull(scratch());
	steps_session("B-1", T0, "ana", 1);		/* older, all three */
	steps_session("B-2", T0 + 100, "eko", 1);	/* another batch */
	steps_session("B-1", T0 + 200, "dina", 0);	/* the last of B-1 */
	steps_session("B-1", T0 + 300, "me", 1);	/* this console's own */
	self = xasprintf("%s/sessions/default/20261204T021800Z.jsonl", dir);
	folder = xasprintf("%s/sessions/default", dir);
	n = session_handover_find(folder, self, "B-1", st, 4, file,
	    sizeof file);
	ck_assert_int_eq(n, 1);
	ck_assert(strstr(file, "20261204T021620Z.jsonl") != NULL);
	ck_assert_str_eq(st[0].code, "DLQ_GROWTH_HIGH");
	/* Step 2's check failed: not done. */
	ck_assert_int_eq(st[0].nsteps, 2);
	ck_assert_int_eq(st[0].steps[0], 1);
	ck_assert_int_eq(st[0].steps[1], 3);
	ck_assert_str_eq(st[0].by, "dina");
	ck_assert_int_eq(st[0].at, T0 + 203);
	n = session_handover_find(folder, self, "B-9", st, 4, file,
	    sizeof file);
	ck_assert_int_eq(n, 0);
	free(folder);
	free(self);
	unit_rm_tree(dir);
}
END_TEST

static Suite *
session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, delta_quiet_frame_is_empty);
	tcase_add_test(tc, delta_nested_change_only);
	tcase_add_test(tc, delta_removed_and_added_keys);
	tcase_add_test(tc, delta_sliding_history);
	tcase_add_test(tc, delta_nulls_and_types);
	tcase_add_test(tc, delta_refuses_a_misfit);
	tcase_add_test(tc, record_and_read_back);
	tcase_add_test(tc, cut_last_line_reads_up_to_it);
	tcase_add_test(tc, rotates_at_the_cap);
	tcase_add_test(tc, a_step_is_bounded);
	tcase_add_test(tc, rotated_parts_are_one_session);
	tcase_add_test(tc, a_rotation_skips_another_consoles_file);
	tcase_add_test(tc, an_unreadable_part_keeps_the_parts_before);
	tcase_add_test(tc, a_missing_part_keeps_both_sides);
	/* An exit test needs its own process: valgrind's pass (CK_FORK=no,
	 * one process for the suite) leaves it to make check's forked runs,
	 * plain and under ASan, where it always runs. */
	if (getenv("CK_FORK") == NULL || strcmp(getenv("CK_FORK"), "no") != 0)
		tcase_add_exit_test(tc, an_uncopyable_frame_is_fatal, 3);
	tcase_add_test(tc, a_frame_keeps_the_header_and_the_handover);
	tcase_add_test(tc, report_line_by_line);
	tcase_add_test(tc, handover_steps_of_the_last_session);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(session_suite)
