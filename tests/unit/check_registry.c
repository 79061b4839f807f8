/* The gate registry and the console's key map: every gate row complete,
 * every name, alias, F-id, result key and key (the panes' focus keys too)
 * unique, the console's gate
 * keys exactly the registry's, and the man page lists exactly its gates
 * and the key table's keys. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gates/gate.h"
#include "ui/ui.h"
#include "unit.h"

#ifndef MANPAGE	/* the page as built: its GATES entries are generated */
#define MANPAGE "man/ingestgate.1"
#endif

static int
filled(const char *s)
{
	return s != NULL && *s != '\0';
}

START_TEST(every_row_complete)
{
	for (int i = 0; i < GATE_COUNT; i++) {
		const struct gate_def *g = gate_def_get((enum gate_id)i);

		ck_assert_int_eq(g->id, i);
		ck_assert_msg(filled(g->name) && filled(g->title) &&
		    filled(g->result_key) && filled(g->folder) &&
		    filled(g->report_name) && filled(g->summary) &&
		    filled(g->examples) && g->options != NULL,
		    "gate %d: a text field is empty", i);
		ck_assert_msg(g->console_key > ' ' && g->console_key < 127,
		    "%s: no console key", g->name);
		/* Exactly one way to run: its own function or its stages. */
		ck_assert_msg((g->run != NULL) != (g->nstages > 0),
		    "%s: run and stages", g->name);
		ck_assert_int_le(g->nstages, GATE_STAGES_MAX);
		for (int k = 0; k < g->nstages; k++) {
			const struct gate_def *st = gate_def_get(g->stages[k]);

			ck_assert_msg(st->run != NULL, "%s: stage %s is a "
			    "composite", g->name, st->name);
		}
		ck_assert_msg((strstr(g->folder, "{batch}") != NULL) ==
		    (g->needs_batch != 0), "%s: needs_batch vs folder", g->name);
		ck_assert_ptr_eq(gate_def_find(g->name), g);
		if (g->alias != NULL)
			ck_assert_ptr_eq(gate_def_find(g->alias), g);
		if (g->fid != NULL)
			ck_assert_ptr_eq(gate_def_find(g->fid), g);
		ck_assert_ptr_eq(gate_def_by_key(g->console_key), g);
	}
}
END_TEST

START_TEST(every_key_unique)
{
	for (int i = 0; i < GATE_COUNT; i++)
		for (int j = i + 1; j < GATE_COUNT; j++) {
			const struct gate_def *a = gate_def_get((enum gate_id)i);
			const struct gate_def *b = gate_def_get((enum gate_id)j);

			ck_assert_str_ne(a->name, b->name);
			ck_assert_str_ne(a->result_key, b->result_key);
			ck_assert_str_ne(a->folder, b->folder);
			ck_assert_int_ne(a->console_key, b->console_key);
			if (a->alias != NULL && b->alias != NULL)
				ck_assert_str_ne(a->alias, b->alias);
			if (a->fid != NULL && b->fid != NULL)
				ck_assert_str_ne(a->fid, b->fid);
		}
}
END_TEST

/* The key map: no code bound twice in one mode, the live console's or a
 * replay's (the panes' focus keys included, as key_binding_code() gives
 * them); its KA_GATE codes are exactly the registry's console keys and
 * work live only; every pane's key focuses that pane. */
static void
key_map_in_mode(enum key_mode mode, int *seen_gate, int *seen_pane)
{
	keymap_set_mode(mode);
	for (const struct key_binding *k = key_bindings; k->keys != NULL; k++)
		for (int i = 0, c; key_binding_active(k) &&
		    (c = key_binding_code(k, i)) != 0; i++) {
			const struct gate_def *g = gate_def_by_key(c);
			int idx;

			ck_assert_msg(key_binding_find(c, &idx) == k && idx == i,
			    "key %d bound twice", c);
			if (k->action == KA_FOCUS_N) {
				ck_assert_int_lt(i, PANE_COUNT);
				ck_assert_int_eq(panes[i]->key, c);
				seen_pane[i]++;
			}
			if (k->action == KA_GATE) {
				ck_assert_msg(g != NULL, "key %c runs no gate", c);
				seen_gate[g->id]++;
			} else
				ck_assert_msg(g == NULL || mode == KM_REPLAY,
				    "gate key %c bound to something else", c);
		}
}

START_TEST(key_map_matches_registry)
{
	int seen_gate[GATE_COUNT] = { 0 }, seen_pane[PANE_COUNT] = { 0 };
	int replay_gate[GATE_COUNT] = { 0 }, replay_pane[PANE_COUNT] = { 0 };

	key_map_in_mode(KM_REPLAY, replay_gate, replay_pane);
	for (int i = 0; i < GATE_COUNT; i++)
		ck_assert_msg(replay_gate[i] == 0, "%s runs in a replay",
		    gate_def_get((enum gate_id)i)->name);
	key_map_in_mode(KM_LIVE, seen_gate, seen_pane);
	for (int i = 0; i < GATE_COUNT; i++)
		ck_assert_msg(seen_gate[i] == 1, "%s: its key is not in the "
		    "key map", gate_def_get((enum gate_id)i)->name);
	for (int i = 0; i < PANE_COUNT; i++)
		ck_assert_msg(seen_pane[i] == 1, "%s: its key does not focus "
		    "it", panes[i]->title);
}
END_TEST

/* The built man page's GATES section (man/gen_gates.c writes it from the
 * registry): one ".TP" + ".BR name ..." tag per gate (outside .RS nesting),
 * in the registry's order. */
START_TEST(man_page_lists_the_gates)
{
	FILE *f = fopen(MANPAGE, "r");
	char line[512];
	int in = 0, n = 0, tp = 0, rs = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL) {
		char name[64], *o = name;

		if (strncmp(line, ".SH", 3) == 0) {
			in = strncmp(line, ".SH GATES", 9) == 0;
			continue;
		}
		rs += strncmp(line, ".RS", 3) == 0;
		rs -= strncmp(line, ".RE", 3) == 0;
		if (!in || !tp || rs != 0 || strncmp(line, ".BR ", 4) != 0) {
			tp = strncmp(line, ".TP", 3) == 0;
			continue;
		}
		tp = 0;
		for (const char *p = line + 4; *p != ' ' && *p != '\n' &&
		    o < name + sizeof name - 1; p++)
			if (*p != '\\')
				*o++ = *p;
		*o = '\0';
		ck_assert_int_lt(n, GATE_COUNT);
		ck_assert_str_eq(name, gate_def_get((enum gate_id)n)->name);
		n++;
	}
	fclose(f);
	ck_assert_int_eq(n, GATE_COUNT);
}
END_TEST

/* The man page's tag for a key: roff's "\-" as "-". */
static void
unroff(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in != '\0' && *in != '\n' && o + 1 < len; in++)
		if (!(in[0] == '\\' && in[1] == '-'))
			out[o++] = *in;
	out[o] = '\0';
}

/* The keys the built page lists after its line starting with from, up to
 * the next .PP/.SH/.SS: each ".TP" + ".B KEYS" tag and its first line (the
 * help as a sentence), against the key table's rows of the mode (a
 * replay's block: its own keys only), in order. Fails when the page and
 * the table differ (man/gen_keys.c writes the page from the table). */
static void
man_keys_match(const char *from, enum key_mode mode)
{
	FILE *f = fopen(MANPAGE, "r");
	char line[512], tag[128], help[256], want[256];
	int in = 0, tp = 0, row = 0;

	ck_assert_ptr_nonnull(f);
	keymap_set_mode(mode);
	while (fgets(line, sizeof line, f) != NULL) {
		if (!in) {
			in = strncmp(line, from, strlen(from)) == 0;
			continue;
		}
		if (strncmp(line, ".PP", 3) == 0 || strncmp(line, ".SH", 3) == 0 ||
		    strncmp(line, ".SS", 3) == 0)
			break;
		if (tp && strncmp(line, ".B ", 3) == 0) {
			const struct key_binding *k;
			char keys[64], buf[256];

			while (key_bindings[row].keys != NULL &&
			    (!key_binding_active(&key_bindings[row]) ||
			    (mode == KM_REPLAY && key_bindings[row].mode !=
			    KM_REPLAY)))
				row++;
			k = &key_bindings[row];
			ck_assert_msg(k->keys != NULL, "man page: key '%s' is not "
			    "in the key table", line + 3);
			unroff(line + 3, tag, sizeof tag);
			ck_assert_str_eq(tag, key_binding_label(k, keys,
			    sizeof keys));
			ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
			unroff(line, help, sizeof help);
			snprintf(want, sizeof want, "\\&%s.", key_binding_help(k,
			    NULL, buf, sizeof buf));
			ck_assert_int_eq(strcasecmp(help, want), 0);
			row++;
		}
		tp = strncmp(line, ".TP", 3) == 0;
	}
	fclose(f);
	ck_assert_msg(in, "man page: no line starting '%s'", from);
	while (key_bindings[row].keys != NULL &&
	    (!key_binding_active(&key_bindings[row]) ||
	    (mode == KM_REPLAY && key_bindings[row].mode != KM_REPLAY)))
		row++;
	ck_assert_msg(key_bindings[row].keys == NULL, "man page: key '%s' of "
	    "the key table is missing", key_bindings[row].keys);
	keymap_set_mode(KM_LIVE);
}

START_TEST(man_page_keys_are_the_key_table)
{
	man_keys_match(".SS Keys", KM_LIVE);
	man_keys_match("replay, refresh and context keys are absent.",
	    KM_REPLAY);
}
END_TEST

static Suite *
registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");

	tcase_add_test(tc, every_row_complete);
	tcase_add_test(tc, every_key_unique);
	tcase_add_test(tc, key_map_matches_registry);
	tcase_add_test(tc, man_page_lists_the_gates);
	tcase_add_test(tc, man_page_keys_are_the_key_table);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(registry_suite)
