/* Sign-off: the hash chain (a changed, removed or torn line is found and
 * named by line), the rules of runbook section 8 (a pure function) and the
 * batch-status update of a lift. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/fileio.h"
#include "release/signoff.h"
#include "unit.h"
#include "core/util.h"

/* The rules read test data through the entries' char pointers. */
#define S(x) ((char *)(uintptr_t)(x))

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* One chain line after prev (NULL first); caller frees. */
static char *
line(const char *by, const char *as, const char *action, const char *sha,
    const char *prev_line)
{
	json_object *o = json_object_new_object();
	char hex[65], *s;

	json_object_object_add(o, "at", json_object_new_string("2026-02-20T10:00:00Z"));
	json_object_object_add(o, "by", json_object_new_string(by));
	json_object_object_add(o, "as", json_object_new_string(as));
	json_object_object_add(o, "note", NULL);
	json_object_object_add(o, "evidence", json_object_new_string("r/e.json"));
	json_object_object_add(o, "sha256", json_object_new_string(sha));
	json_object_object_add(o, "decision", json_object_new_string("GO"));
	json_object_object_add(o, "action", json_object_new_string(action));
	if (prev_line != NULL) {
		integrity_sha256_hex(prev_line, strlen(prev_line), hex);
		json_object_object_add(o, "prev", json_object_new_string(hex));
	} else
		json_object_object_add(o, "prev", NULL);
	json_object_object_add(o, "keyId", NULL);
	json_object_object_add(o, "signature", NULL);
	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

static char *l1, *l2, *l3;

static void
setup(void)
{
	l1 = line("Ana", "Tech Lead", "lift-hold", SHA_A, NULL);
	l2 = line("Budi", "Backend Lead", "lift-hold", SHA_A, l1);
	l3 = line("Citra", "QA", "ack", SHA_A, l2);
}

static void
teardown(void)
{
	free(l1);
	free(l2);
	free(l3);
}

static int
parse_chain(const char *text, struct signoff_chain *c, char **cause)
{
	return signoff_chain_parse(text, strlen(text), "s.jsonl", NULL, 0, c,
	    cause);
}

START_TEST(chain_holds)
{
	char *text = xasprintf("%s\n%s\n%s\n", l1, l2, l3), *cause = NULL;
	struct signoff_chain c;

	ck_assert_msg(parse_chain(text, &c, &cause) == 0, "%s", cause);
	ck_assert_int_eq(c.n, 3);
	ck_assert_str_eq(c.e[1].by, "Budi");
	ck_assert_int_eq(c.e[2].line, 3);
	ck_assert_int_eq(c.e[0].action, SIGNOFF_LIFT_HOLD);
	signoff_chain_free(&c);
	free(text);
	ck_assert_int_eq(parse_chain("", &c, &cause), 0);
	ck_assert_int_eq(c.n, 0);
}
END_TEST

static void
expect_broken(const char *text, const char *needle, size_t kept)
{
	struct signoff_chain c;
	char *cause = NULL;

	ck_assert_int_eq(parse_chain(text, &c, &cause), -1);
	ck_assert_msg(strstr(cause, needle) != NULL, "'%s' not in: %s", needle,
	    cause);
	ck_assert_int_eq(c.n, kept);
	free(cause);
	signoff_chain_free(&c);
}

START_TEST(chain_finds_removed_changed_torn_lines)
{
	char *t;
	char *edited = xstrdup(l1);

	/* Line 2 removed: line 3 (now 2) no longer follows line 1. */
	t = xasprintf("%s\n%s\n", l1, l3);
	expect_broken(t, "s.jsonl:2: chain broken", 1);
	free(t);
	/* The first line removed. */
	t = xasprintf("%s\n%s\n", l2, l3);
	expect_broken(t, "s.jsonl:1: chain broken", 0);
	free(t);
	/* Line 1 changed by hand: line 2's prev no longer matches. */
	edited[strlen("{\"at\":\"2026-02-20T10:00:0")] = '9';
	t = xasprintf("%s\n%s\n%s\n", edited, l2, l3);
	expect_broken(t, "s.jsonl:2: chain broken", 1);
	free(t);
	/* A torn last line is a write cut short, not tampering: the chain
	 * holds without it and says how long it is (issue 25 item 2). */
	t = xasprintf("%s\n%s\n%.20s", l1, l2, l3);
	{
		struct signoff_chain c;
		char *cause = NULL;

		ck_assert_int_eq(parse_chain(t, &c, &cause), 0);
		ck_assert_int_eq(c.n, 2);
		ck_assert_int_eq(c.torn, 20);
		signoff_chain_free(&c);
	}
	free(t);
	/* A line that is not JSON. */
	t = xasprintf("%s\n%.30s\n", l1, l2);
	expect_broken(t, "s.jsonl:2: not valid JSON", 1);
	free(t);
	t = xasprintf("%s\n{\"at\":1}\n", l1);
	expect_broken(t, "s.jsonl:2: field", 1);
	free(t);
	free(edited);
}
END_TEST

/* Rules. */
static struct signoff_evidence
evidence(const char *sha, const char *decision, int warn, int inconc, int fail)
{
	struct signoff_evidence ev;

	memset(&ev, 0, sizeof ev);
	ev.path = S("r/e.json");
	ev.sha256 = S(sha);
	ev.decision = S(decision);
	ev.n_warn = warn;
	ev.n_inconclusive = inconc;
	ev.n_fail = fail;
	ev.stages = S("F-03 WARN");
	ev.current = 1;		/* the status took it in after its HOLD */
	return ev;
}

static struct signoff_entry
entry(const char *by, const char *as, enum signoff_action a, const char *sha,
    unsigned line_no)
{
	struct signoff_entry e;

	memset(&e, 0, sizeof e);
	e.by = S(by);
	e.as = S(as);
	e.action = a;
	e.sha256 = S(sha);
	e.line = line_no;
	return e;
}

static void
judge(const char *status, const struct signoff_evidence *ev,
    const struct signoff_entry *chain, size_t n, const char *by,
    const char *as, enum signoff_action a, struct signoff_outcome *o)
{
	struct signoff_request req = { by, as, a, NULL };

	signoff_judge(status, ev, chain, n, &req, o);
}

START_TEST(hold_lifted_by_two_different_leads)
{
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_entry chain[2];
	struct signoff_outcome o;

	judge("HOLD", &go, NULL, 0, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(!o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.missing, "Backend Lead"));
	signoff_outcome_free(&o);
	chain[0] = entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1);
	/* Roles are case-insensitive. */
	judge("HOLD", &go, chain, 1, "Budi", "backend LEAD", SIGNOFF_LIFT_HOLD, &o);
	ck_assert_msg(!o.refused && o.lifts, "%s", o.reason);
	ck_assert_str_eq(o.missing, "");
	signoff_outcome_free(&o);
	/* A second Tech Lead does not make two leads. */
	judge("HOLD", &go, chain, 1, "Citra", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.reason, "already signed"));
	signoff_outcome_free(&o);
	/* An ack by the other lead does not lift. */
	chain[1] = entry("Budi", "Backend Lead", SIGNOFF_ACK, SHA_A, 2);
	judge("HOLD", &go, chain, 2, "Dewi", "QA", SIGNOFF_ACK, &o);
	ck_assert(!o.refused && !o.lifts);
	signoff_outcome_free(&o);
}
END_TEST

START_TEST(same_person_twice_refused)
{
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_entry chain[1] = {
		entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1) };
	struct signoff_outcome o;

	judge("HOLD", &go, chain, 1, " ana ", "Backend Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.reason, "cannot sign twice"));
	signoff_outcome_free(&o);
	judge("HOLD", &go, chain, 1, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	signoff_outcome_free(&o);
}
END_TEST

START_TEST(hold_needs_go_and_a_lead_role)
{
	struct signoff_evidence nogo = evidence(SHA_A, "NO-GO", 0, 0, 2);
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_outcome o;

	judge("HOLD", &nogo, NULL, 0, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	ck_assert_ptr_nonnull(strstr(o.reason, "only on GO evidence"));
	signoff_outcome_free(&o);
	judge("HOLD", &go, NULL, 0, "Ana", "QA", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	ck_assert_ptr_nonnull(strstr(o.reason, "Tech Lead"));
	signoff_outcome_free(&o);
	judge("READY", &go, NULL, 0, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	signoff_outcome_free(&o);
	judge("HOLD", NULL, NULL, 0, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	signoff_outcome_free(&o);
	judge("HOLD", &go, NULL, 0, "  ", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	signoff_outcome_free(&o);
}
END_TEST

/* A GO that carries a WARN stage (a hand-made or older document), and
 * PENDING evidence whose only non-PASS stages are WARN: neither lifts a
 * HOLD, whoever signs. */
START_TEST(hold_not_lifted_on_warn_stages)
{
	struct signoff_evidence gowarn = evidence(SHA_A, "GO", 1, 0, 0);
	struct signoff_evidence pending = evidence(SHA_A, "PENDING", 1, 0, 0);
	struct signoff_entry chain[1] = {
		entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1) };
	struct signoff_outcome o;

	judge("HOLD", &gowarn, chain, 1, "Budi", "Backend Lead",
	    SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.reason, "only on GO evidence"));
	signoff_outcome_free(&o);
	judge("HOLD", &pending, chain, 1, "Budi", "Backend Lead",
	    SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.reason, "the latest evidence is PENDING"));
	signoff_outcome_free(&o);
	/* PENDING with no WARN, FAIL or INCONCLUSIVE stage (an offline run:
	 * checks not run) is not GO either. */
	pending.n_warn = 0;
	judge("HOLD", &pending, chain, 1, "Budi", "Backend Lead",
	    SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.reason, "only on GO evidence"));
	signoff_outcome_free(&o);
}
END_TEST

START_TEST(older_digest_does_not_count)
{
	struct signoff_evidence go = evidence(SHA_B, "GO", 0, 0, 0);
	struct signoff_entry chain[1] = {
		entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1) };
	struct signoff_outcome o;

	judge("HOLD", &go, chain, 1, "Budi", "Backend Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(!o.refused && !o.lifts);
	ck_assert_ptr_eq(o.superseded, &chain[0]);
	ck_assert_ptr_nonnull(strstr(o.missing, "Tech Lead"));
	signoff_outcome_free(&o);
	/* The same person may sign the newer evidence. */
	judge("HOLD", &go, chain, 1, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(!o.refused);
	signoff_outcome_free(&o);
}
END_TEST

START_TEST(pending_warn_accepted_by_two)
{
	struct signoff_evidence warn = evidence(SHA_A, "PENDING", 2, 0, 0);
	struct signoff_entry chain[1] = {
		entry("Ana", "QA", SIGNOFF_ACCEPT_WARN, SHA_A, 1) };
	struct signoff_outcome o;

	judge("PENDING", &warn, NULL, 0, "Ana", "QA", SIGNOFF_ACCEPT_WARN, &o);
	ck_assert(!o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.missing, "one more person"));
	signoff_outcome_free(&o);
	judge("PENDING", &warn, chain, 1, "ANA", "Ops", SIGNOFF_ACCEPT_WARN, &o);
	ck_assert(o.refused);
	signoff_outcome_free(&o);
	judge("PENDING", &warn, chain, 1, "Budi", "Ops", SIGNOFF_ACCEPT_WARN, &o);
	ck_assert_msg(!o.refused && o.lifts, "%s", o.reason);
	signoff_outcome_free(&o);
	/* accept-warn never lifts a HOLD, and says so. */
	judge("HOLD", &warn, chain, 1, "Budi", "Ops", SIGNOFF_ACCEPT_WARN, &o);
	ck_assert(o.refused);
	ck_assert_ptr_nonnull(strstr(o.reason, "the batch is on HOLD"));
	signoff_outcome_free(&o);
}
END_TEST

START_TEST(inconclusive_never_signed_away)
{
	struct signoff_evidence inc = evidence(SHA_A, "PENDING", 1, 1, 0);
	struct signoff_entry chain[1] = {
		entry("Ana", "QA", SIGNOFF_ACCEPT_WARN, SHA_A, 1) };
	struct signoff_outcome o;

	judge("PENDING", &inc, chain, 1, "Budi", "QA", SIGNOFF_ACCEPT_WARN, &o);
	ck_assert(o.refused && !o.lifts);
	ck_assert_ptr_nonnull(strstr(o.reason, "INCONCLUSIVE"));
	signoff_outcome_free(&o);
	/* Nor when the decision word (from an older build) says GO. */
	inc.decision = S("GO");
	judge("HOLD", &inc, NULL, 0, "Budi", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused);
	ck_assert_ptr_nonnull(strstr(o.reason, "INCONCLUSIVE"));
	signoff_outcome_free(&o);
	{
		char *m = signoff_missing("PENDING", &inc, NULL, 0);

		ck_assert_ptr_nonnull(strstr(m, "INCONCLUSIVE"));
		free(m);
	}
}
END_TEST

/* Issue 21 item 3: a HOLD is lifted only on evidence the status took in
 * after the HOLD (GO evidence, then a FAIL, then two leads: still HOLD). */
START_TEST(lift_needs_evidence_newer_than_hold)
{
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_entry chain[1];
	struct signoff_outcome o;

	go.current = 0;
	judge("HOLD", &go, NULL, 0, "Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert_msg(o.refused, "lift on evidence older than the HOLD");
	ck_assert_ptr_nonnull(strstr(o.reason, "not newer than the HOLD"));
	signoff_outcome_free(&o);
	chain[0] = entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1);
	judge("HOLD", &go, chain, 1, "Budi", "Backend Lead", SIGNOFF_LIFT_HOLD,
	    &o);
	ck_assert(o.refused && !o.lifts);
	signoff_outcome_free(&o);
	ck_assert_int_eq(signoff_lifted("HOLD", &go, chain, 1), 0);
}
END_TEST

/* Issue 21 item 4: one person is one person (NFKC, case, spaces). */
START_TEST(one_person_however_spelt)
{
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_entry chain[1];
	struct signoff_outcome o;

	chain[0] = entry("Dewi", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1);
	/* Fullwidth DEWI is Dewi after NFKC and case folding. */
	judge("HOLD", &go, chain, 1, "\xef\xbc\xa4\xef\xbc\xa5\xef\xbc\xb7"
	    "\xef\xbc\xa9", "Backend Lead", SIGNOFF_LIFT_HOLD, &o);
	ck_assert_msg(o.refused && !o.lifts, "fullwidth DEWI counted as a "
	    "second person");
	signoff_outcome_free(&o);
	judge("HOLD", &go, chain, 1, "  dewi ", "backend   lead",
	    SIGNOFF_LIFT_HOLD, &o);
	ck_assert(o.refused && !o.lifts);
	signoff_outcome_free(&o);
}
END_TEST

/* Issue 21 items 2 and 5: evidence of another batch, or run with TLS
 * verification off, is never signed off. */
START_TEST(foreign_or_insecure_evidence_refused)
{
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_entry chain[1];
	struct signoff_request req = { "Budi", "Backend Lead", SIGNOFF_LIFT_HOLD,
	    "B-1" };
	struct signoff_outcome o;

	chain[0] = entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1);
	go.batch = S("B-2");
	signoff_judge("HOLD", &go, chain, 1, &req, &o);
	ck_assert_msg(o.refused && !o.lifts, "evidence of batch B-2 lifted B-1");
	ck_assert_ptr_nonnull(strstr(o.reason, "of batch B-2, not B-1"));
	signoff_outcome_free(&o);
	go.batch = S("B-1");
	signoff_judge("HOLD", &go, chain, 1, &req, &o);
	ck_assert_msg(!o.refused && o.lifts, "%s", o.reason);
	signoff_outcome_free(&o);
	go.insecure = 1;
	signoff_judge("HOLD", &go, chain, 1, &req, &o);
	ck_assert_msg(o.refused && !o.lifts, "--insecure evidence signed off");
	ck_assert_ptr_nonnull(strstr(o.reason, "TLS verification off"));
	signoff_outcome_free(&o);
	ck_assert_int_eq(signoff_lifted("HOLD", &go, chain, 1), 0);
}
END_TEST

/* Issue 25 item 1: what a chain already justifies (a lift cut short). */
START_TEST(lifted_by_the_chain_alone)
{
	struct signoff_evidence go = evidence(SHA_A, "GO", 0, 0, 0);
	struct signoff_evidence warn = evidence(SHA_B, "PENDING", 1, 0, 0);
	struct signoff_entry chain[4];

	chain[0] = entry("Ana", "Tech Lead", SIGNOFF_LIFT_HOLD, SHA_A, 1);
	ck_assert_int_eq(signoff_lifted("HOLD", &go, chain, 1), 0);
	chain[1] = entry("Budi", "Backend Lead", SIGNOFF_LIFT_HOLD, SHA_A, 2);
	ck_assert_int_eq(signoff_lifted("HOLD", &go, chain, 2), 1);
	ck_assert_int_eq(signoff_lifted("READY", &go, chain, 2), 0);
	chain[2] = entry("Ana", "QA", SIGNOFF_ACCEPT_WARN, SHA_B, 3);
	chain[3] = entry("ANA", "QA", SIGNOFF_ACCEPT_WARN, SHA_B, 4);
	ck_assert_int_eq(signoff_lifted("PENDING", &warn, chain, 4), 0);
	chain[3] = entry("Citra", "QA", SIGNOFF_ACCEPT_WARN, SHA_B, 4);
	ck_assert_int_eq(signoff_lifted("PENDING", &warn, chain, 4), 1);
}
END_TEST

START_TEST(apply_status_writes_history)
{
	char dir[64], *path, *cause = NULL;
	struct buf b;
	json_object *o, *h, *e;
	FILE *f;

	snprintf(dir, sizeof dir, "/tmp/ig-signoff-%ld", (long)getpid());
	mkdir(dir, 0755);
	path = xasprintf("%s/batch-status.json", dir);
	f = fopen(path, "w");
	fputs("{\"batch\":\"B\",\"status\":\"HOLD\",\"escalation\":[\"Tech Lead\"],"
	    "\"history\":[{\"from\":null,\"to\":\"HOLD\",\"at\":\"x\",\"gate\":"
	    "\"evidence\",\"report\":\"r\"}]}\n", f);
	fclose(f);
	ck_assert_msg(signoff_apply_status(dir, "2026-02-20T11:00:00Z",
	    "r/e.json", 1, NULL, &cause) == 0, "%s", cause);
	ck_assert_int_eq(fileio_read(path, 1 << 20, &b, &cause), 0);
	o = json_tokener_parse(b.data);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(o,
	    "status")), "READY");
	h = json_object_object_get(o, "history");
	ck_assert_int_eq(json_object_array_length(h), 2);
	e = json_object_array_get_idx(h, 1);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(e, "from")),
	    "HOLD");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(e, "gate")),
	    "signoff");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(e,
	    "report")), "r/e.json");
	ck_assert_int_eq(json_object_array_length(json_object_object_get(o,
	    "escalation")), 0);
	json_object_put(o);
	buf_free(&b);
	unlink(path);
	rmdir(dir);
	free(path);
}
END_TEST

static Suite *
signoff_suite(void)
{
	Suite *s = suite_create("signoff");
	TCase *tc = tcase_create("chain");
	TCase *tr = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, chain_holds);
	tcase_add_test(tc, chain_finds_removed_changed_torn_lines);
	tcase_add_test(tr, hold_lifted_by_two_different_leads);
	tcase_add_test(tr, same_person_twice_refused);
	tcase_add_test(tr, hold_needs_go_and_a_lead_role);
	tcase_add_test(tr, hold_not_lifted_on_warn_stages);
	tcase_add_test(tr, older_digest_does_not_count);
	tcase_add_test(tr, pending_warn_accepted_by_two);
	tcase_add_test(tr, inconclusive_never_signed_away);
	tcase_add_test(tr, apply_status_writes_history);
	tcase_add_test(tr, lift_needs_evidence_newer_than_hold);
	tcase_add_test(tr, one_person_however_spelt);
	tcase_add_test(tr, foreign_or_insecure_evidence_refused);
	tcase_add_test(tr, lifted_by_the_chain_alone);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tr);
	return s;
}

UNIT_MAIN(signoff_suite)
