/* Every pane of panes[] draws at 80x24 inside its box: on a virtual screen
 * (newterm() on a temporary file, TERM=xterm-256color), each pane is drawn
 * with no result, an empty one and a filled one (metrics, checks, findings,
 * a long hostile string) into every box the layout gives it, and every cell
 * outside the box must still hold the sentinel the screen was filled with;
 * its title shows on its frame. Its draw alone keeps inside its body box. And the layout puts up to six panes apart,
 * above the log and the hint bar. */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/gate_def.h"
#include "monitor/monitor.h"
#include "core/result.h"
#include "config/settings.h"
#include "ui/layout.h"
#include "ui/view.h"
#include "unit.h"

#define COLS_ 80
#define LINES_ 24
#define SENTINEL '~'

/* Escapes, a bidi override, wide and combining characters, a tab, a
 * newline and no spaces for a long stretch: what a hostile backend sends. */
#define HOSTILE "\x1b[31mred\x1b[0m \xe2\x80\xae" "evil\xe2\x80\xac \xe6\x97\xa5" \
	"\xe6\x9c\xac\xe8\xaa\x9e e\xcc\x81\t\n\r\x07 " \
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	" \xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80/very/long/path/" \
	"\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"

static SCREEN *screen;
static FILE *out, *in;

static void
screen_start(void)
{
	setenv("TERM", "xterm-256color", 1);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	out = tmpfile();
	in = fopen("/dev/null", "r");
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(in);
	screen = newterm("xterm-256color", out, in);
	ck_assert_ptr_nonnull(screen);
	ck_assert_int_eq(COLS, COLS_);
	ck_assert_int_eq(LINES, LINES_);
	draw_set_charset(0, 1);
}

static void
screen_stop(void)
{
	endwin();
	delscreen(screen);
	fclose(out);
	fclose(in);
}

static void
fill_sentinel(void)
{
	for (int y = 0; y < LINES; y++)
		for (int x = 0; x < COLS; x++)
			mvaddch(y, x, SENTINEL);
}

/* The text of row y from x over w columns, as UTF-8. */
static void
row_text(int y, int x, int w, char *buf, size_t len)
{
	cchar_t cells[COLS_ + 1];
	size_t used = 0;

	buf[0] = '\0';
	mvin_wchnstr(y, x, cells, w);
	for (int i = 0; i < w; i++) {
		wchar_t wc[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		char mb[MB_LEN_MAX * (CCHARW_MAX + 1)];
		size_t n;

		if (getcchar(&cells[i], wc, &a, &pair, NULL) == ERR)
			continue;
		n = wcstombs(mb, wc, sizeof mb);
		if (n != (size_t)-1 && used + n < len) {
			memcpy(buf + used, mb, n);
			used += n;
			buf[used] = '\0';
		}
	}
}

/* Every cell outside b still holds the sentinel. One assertion for the
 * screen, not one a cell: Check records every passing assertion, which
 * made this suite take minutes under valgrind. */
static void
assert_inside(const struct box *b, const char *what)
{
	int bad_y = -1, bad_x = -1;
	chtype bad = SENTINEL;

	for (int y = 0; y < LINES && bad_y < 0; y++)
		for (int x = 0; x < COLS; x++) {
			chtype c;

			if (y >= b->y && y < b->y + b->h && x >= b->x &&
			    x < b->x + b->w)
				continue;
			c = mvinch(y, x) & A_CHARTEXT;
			if (c != SENTINEL) {
				bad_y = y, bad_x = x, bad = c;
				break;
			}
		}
	ck_assert_msg(bad_y < 0, "%s in box %d,%d %dx%d: wrote '%c' at row %d "
	    "column %d", what, b->y, b->x, b->h, b->w, (int)bad, bad_y, bad_x);
}

static struct gate_result *
filled(enum gate_id id)
{
	struct gate_result *r = result_new(gate_def_get(id), "batch-" HOSTILE);
	struct finding *f;

#define X(sym, key) kv_int(&r->thresholds, sym, 1234567890123LL);
	THRESHOLD_KEYS(X)
#undef X
	kv_num(&r->metrics, M_SUCCESS_RATE, 0.123456);
	kv_int(&r->metrics, M_TOTAL, 9876543210LL);
	kv_int(&r->metrics, M_FAILED, 9876543210LL);
	kv_int(&r->metrics, M_OPEN, 9876543210LL);
	kv_int(&r->metrics, M_GROWTH, -9876543210LL);
	kv_str(&r->metrics, M_TOP_FAILING_SOURCE, HOSTILE);
	kv_str(&r->metrics, M_TOP_FAILING_CHANNEL, HOSTILE);
	kv_str(&r->metrics, M_DOMINANT_STATUS, HOSTILE);
	kv_bool(&r->metrics, M_QUALITY_SKIPPED, 1);
	for (int i = 0; i < 12; i++) {
		result_check(r, HOSTILE, i % 2 ? VERDICT_FAIL : VERDICT_WARN,
		    CODE_NONE, "%s", HOSTILE);
		kv_int(&r->metrics, HOSTILE, 42);
		f = result_add_finding(r);
		kv_str(&f->fields, "kind", "topError");
		kv_str(&f->fields, "errorMessage", HOSTILE);
		kv_str(&f->fields, "source", HOSTILE);
		kv_str(&f->fields, "channel", HOSTILE);
		kv_int(&f->fields, "count", 1234567890123LL);
		kv_int(&f->fields, "open", 1234567890123LL);
	}
	kv_int(&r->flip, "consecutiveSuccessesToMin", 1234567890123LL);
	result_summary(r, "%s", HOSTILE);
	r->report_md = strdup("/reports/" HOSTILE "/report.md");
	return r;
}

struct fixture {
	struct mon_snapshot snap;
	struct shared_result sr[GATE_COUNT];
	struct settings s;
	struct view v;
};

/* A view whose snapshot holds r for every gate (NULL: nothing yet). */
static void
fixture_init(struct fixture *fx, struct gate_result *const *rs)
{
	memset(fx, 0, sizeof *fx);
	fx->snap.started_at = 1000;
	fx->snap.refreshed_at = 1000;
	for (int g = 0; g < GATE_COUNT; g++)
		if (rs[g] != NULL) {
			fx->sr[g].r = rs[g];
			fx->sr[g].at = 1000;
			fx->snap.res[g] = &fx->sr[g];
		}
	fx->v.snap = &fx->snap;
	fx->v.s = &fx->s;
	fx->v.now = 1000 + 3 * 3600;
}

/* Pane i drawn in every box of a layout of n panes that it could take. */
static void
draw_everywhere(const struct pane_ops *p, struct fixture *fx, const char *what)
{
	const struct gate_result *r = view_result(&fx->v, p->gate, NULL);

	for (int n = 1; n <= 6; n++)
		for (int i = 0; i < n; i++) {
			struct box b;
			char text[1024], msg[160];

			ck_assert_int_eq(layout_pane(i, n, COLS, LINES, &b), 0);
			snprintf(msg, sizeof msg, "%s (%s), pane %d of %d",
			    p->title, what, i + 1, n);
			fill_sentinel();
			pane_draw(p, &b, &fx->v, i == 0);
			assert_inside(&b, msg);
			row_text(b.y, b.x, b.w, text, sizeof text);
			ck_assert_msg(strstr(text, p->title) != NULL,
			    "%s: title missing from '%s'", msg, text);
			/* Its own drawing keeps inside the body box too
			 * (off the frame and the verdict line). */
			if (r != NULL) {
				struct box body;

				pane_body(&b, &body);
				fill_sentinel();
				p->draw(&body, &fx->v, r);
				assert_inside(&body, msg);
			}
		}
}

START_TEST(every_pane_draws_inside_its_box)
{
	struct gate_result *none[GATE_COUNT] = { 0 }, *empty[GATE_COUNT];
	struct gate_result *full[GATE_COUNT];
	struct fixture fx;

	screen_start();
	for (int g = 0; g < GATE_COUNT; g++) {
		empty[g] = result_new(gate_def_get((enum gate_id)g), NULL);
		full[g] = filled((enum gate_id)g);
	}
	for (int i = 0; i < PANE_COUNT; i++) {
		fixture_init(&fx, none);
		draw_everywhere(panes[i], &fx, "no result");
		fixture_init(&fx, empty);
		draw_everywhere(panes[i], &fx, "empty result");
		fixture_init(&fx, full);
		fx.v.filter = "A";
		fx.snap.have_depth = 1;
		fx.snap.nrate = MON_HISTORY;
		fx.snap.nof = MON_HISTORY;
		for (int k = 0; k < MON_HISTORY; k++) {
			fx.snap.rate_hist[k] = k % 3 ? 0.5 : 1.0;
			fx.snap.of_hist[k] = 1234567890LL * k;
		}
		draw_everywhere(panes[i], &fx, "filled result");
		/* An ERROR over earlier good figures: the stale lines. */
		full[panes[i]->gate]->verdict = VERDICT_ERROR;
		fx.snap.good[panes[i]->gate] = &fx.sr[panes[i]->gate];
		fx.sr[panes[i]->gate].r = full[panes[i]->gate];
		draw_everywhere(panes[i], &fx, "error over stale figures");
	}
	for (int g = 0; g < GATE_COUNT; g++) {
		result_free(empty[g]);
		result_free(full[g]);
	}
	screen_stop();
}
END_TEST

/* Up to six panes: inside the screen, below the header, above the log,
 * apart from each other, each tall enough for frame, verdict and a line. */
START_TEST(layout_fits_more_panes)
{
	struct box log;

	layout_log(COLS_, LINES_, LAYOUT_LOG_LINES, &log);
	ck_assert_int_eq(log.y + log.h, LINES_ - 1);	/* the hint bar */
	for (int n = 1; n <= 6; n++)
		for (int i = 0; i < n; i++) {
			struct box a;

			ck_assert_int_eq(layout_pane(i, n, COLS_, LINES_, &a), 0);
			ck_assert_msg(a.y >= 1 && a.x >= 0 && a.h >= 5 &&
			    a.w >= 20 && a.x + a.w <= COLS_ &&
			    a.y + a.h <= log.y, "pane %d of %d: %d,%d %dx%d",
			    i + 1, n, a.y, a.x, a.h, a.w);
			for (int j = 0; j < i; j++) {
				struct box b;

				layout_pane(j, n, COLS_, LINES_, &b);
				ck_assert_msg(a.y >= b.y + b.h || b.y >= a.y + a.h ||
				    a.x >= b.x + b.w || b.x >= a.x + a.w,
				    "panes %d and %d of %d overlap", j + 1, i + 1, n);
			}
		}
	ck_assert_int_eq(layout_pane(0, PANE_COUNT, LAYOUT_MIN_COLS - 1, LINES_,
	    &log), -1);
	ck_assert_int_eq(layout_pane(0, PANE_COUNT, COLS_, LAYOUT_MIN_LINES - 1,
	    &log), -1);
	ck_assert_int_eq(layout_pane(PANE_COUNT, PANE_COUNT, COLS_, LINES_, &log),
	    -1);
}
END_TEST

/* The panes fill what is between the header and the log (no row left
 * empty, issue 23), in two columns from 80 on and in one below, down to
 * 40x12; the log takes only the lines it has. */
START_TEST(layout_fills_and_narrows)
{
	static const int sizes[][2] = { { 80, 24 }, { 120, 40 }, { 79, 24 },
	    { 60, 20 }, { 40, 12 }, { 160, 50 } };

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (int nlog = 0; nlog <= 8; nlog += 4) {
			int cols = sizes[k][0], lines = sizes[k][1];
			int ll = layout_log_lines(lines, nlog), bottom = 1;
			struct box b, log;

			layout_log(cols, lines, ll, &log);
			ck_assert_int_le(ll, nlog);
			for (int i = 0; i < PANE_COUNT; i++) {
				ck_assert_int_eq(layout_pane_in(i, PANE_COUNT, cols,
				    lines, ll, &b), 0);
				ck_assert_int_ge(b.h, 2);
				ck_assert_int_eq(b.w, cols >= 80 ? cols / 2 : cols);
				if (b.y + b.h > bottom)
					bottom = b.y + b.h;
			}
			ck_assert_msg(bottom == log.y, "%dx%d log %d: panes end at "
			    "%d, the log starts at %d", cols, lines, nlog, bottom,
			    log.y);
		}
	ck_assert_int_eq(layout_log_lines(24, 0), 0);
	ck_assert_int_eq(layout_log_lines(24, 8), LAYOUT_LOG_LINES);
}
END_TEST

/* Every pane has a title, a gate, a drawing and a focus key of its own. */
START_TEST(every_pane_row_complete)
{
	for (int i = 0; i < PANE_COUNT; i++) {
		const struct pane_ops *p = panes[i];

		ck_assert_msg(p->title != NULL && *p->title != '\0' &&
		    p->draw != NULL && p->gate < GATE_COUNT &&
		    p->key > ' ' && p->key < 127, "pane %d incomplete", i);
		for (int j = 0; j < i; j++)
			ck_assert_msg(panes[j]->key != p->key &&
			    panes[j] != p, "panes %d and %d: one key", j, i);
	}
}
END_TEST

static Suite *
panes_suite(void)
{
	Suite *s = suite_create("panes");
	TCase *tc = tcase_create("panes");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, every_pane_row_complete);
	tcase_add_test(tc, layout_fits_more_panes);
	tcase_add_test(tc, layout_fills_and_narrows);
	tcase_add_test(tc, every_pane_draws_inside_its_box);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(panes_suite)
