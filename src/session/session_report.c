/* The write-up of a recorded session (session_report.h). The facts are
 * gathered once (gather()) and then written as text, Markdown or JSON, so
 * the three always agree. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "session/session_delta.h"
#include "session/session_event.h"
#include "session/session_report.h"

#define MAX_FLIPS 64
#define MAX_PEOPLE 16

/* A gate's bad spell: from when it went FAIL or ERROR to when it came back
 * (0: still bad at the end). */
struct flip {
	char gate[32];
	char verdict[16];
	char code[48];
	time_t from, to;
	int before;		/* already bad at the first frame */
};

struct person {
	char name[64];
	int gates, steps, replays, playbooks;
};

struct facts {
	struct flip flips[MAX_FLIPS];
	int nflips;
	struct person people[MAX_PEOPLE];
	int npeople;
};

static const char *
str(json_object *o, const char *k)
{
	const char *s = session_str(o, k);

	return s != NULL ? s : "";
}

static int
is_bad(const char *v)
{
	return strcmp(v, "FAIL") == 0 || strcmp(v, "ERROR") == 0;
}

static struct person *
person(struct facts *f, const char *name)
{
	for (int i = 0; i < f->npeople; i++)
		if (strcmp(f->people[i].name, name) == 0)
			return &f->people[i];
	if (f->npeople == MAX_PEOPLE || *name == '\0')
		return NULL;
	snprintf(f->people[f->npeople].name, sizeof f->people[0].name, "%s",
	    name);
	return &f->people[f->npeople++];
}

static void
verdict_fact(struct facts *f, const struct session_event *e, int first)
{
	json_object *ev = e->ev;
	const char *gate = str(ev, "gate"), *to = str(ev, "to");
	struct flip *open = NULL;

	for (int i = f->nflips - 1; i >= 0; i--)
		if (strcmp(f->flips[i].gate, gate) == 0 && f->flips[i].to == 0) {
			open = &f->flips[i];
			break;
		}
	if (open != NULL && !is_bad(to))
		open->to = e->at;
	else if (open == NULL && is_bad(to) && f->nflips < MAX_FLIPS) {
		struct flip *n = &f->flips[f->nflips++];

		memset(n, 0, sizeof *n);
		snprintf(n->gate, sizeof n->gate, "%s", gate);
		snprintf(n->verdict, sizeof n->verdict, "%s", to);
		snprintf(n->code, sizeof n->code, "%s", str(ev, "code"));
		n->from = e->at;
		n->before = first && session_str(ev, "from") == NULL;
	}
}

static void
gather(struct session_file *sf, struct facts *f)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < sf->nevents; i++) {
		const struct session_event *e = &sf->events[i];
		const char *type = str(e->ev, "type");
		struct person *p = person(f, str(e->ev, "by"));

		if (strcmp(type, "verdict") == 0)
			verdict_fact(f, e, e->frame == 0);
		if (p == NULL)
			continue;
		if (strcmp(type, "gate") == 0)
			p->gates++;
		else if (strcmp(type, "live") == 0)
			p->steps++;
		else if (strcmp(type, "replay") == 0)
			p->replays++;
		else if (strcmp(type, "playbook") == 0)
			p->playbooks++;
	}
}

static void
hhmm(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%H:%M:%SZ", &tm);
}

/* The words of both languages, by the line they head. */
struct words {
	const char *title, *started, *nofail, *before, *still, *failed, *steps,
	    *gates, *replays, *people, *timeline, *none, *cut;
};

static const struct words en = {
	"Incident notes", "When it started", "no gate failed during the "
	"session", "already failing when the session started",
	"still failing at the end", "What failed and when it flipped",
	"Playbook steps run", "Gates run", "Replays", "Who did what",
	"Timeline", "none", "The recording ends without its last line: the "
	"console was stopped hard."
};

static const struct words id = {
	"Catatan insiden", "Kapan mulai", "tidak ada gate yang gagal selama "
	"sesi", "sudah gagal saat sesi dimulai", "masih gagal di akhir",
	"Apa yang gagal dan kapan berubah", "Langkah playbook yang dijalankan",
	"Gate yang dijalankan", "Replay", "Siapa melakukan apa",
	"Urutan waktu", "tidak ada", "Rekaman berakhir tanpa baris "
	"terakhirnya: konsol dihentikan paksa."
};

static void
heading(struct buf *b, int md, const char *h)
{
	buf_addf(b, md ? "\n## %s\n\n" : "\n%s\n", h);
}

/* The events of one type (or two) as a list, "none" when there are none. */
static void
event_list(struct buf *b, struct session_file *sf, const char *t1,
    const char *t2, int lang, const struct words *w)
{
	int n = 0;

	for (size_t i = 0; i < sf->nevents; i++) {
		json_object *ev = sf->events[i].ev;
		const char *type = str(ev, "type"), *by = str(ev, "by");
		char at[16], text[400];

		if (strcmp(type, t1) != 0 && (t2 == NULL || strcmp(type, t2)))
			continue;
		hhmm(sf->events[i].at, at, sizeof at);
		session_event_text(ev, lang, text, sizeof text);
		buf_addf(b, "- %s %s%s%s%s\n", at, text, *by ? " (" : "", by,
		    *by ? ")" : "");
		n++;
	}
	if (n == 0)
		buf_addf(b, "- %s\n", w->none);
}

static void
failures(struct buf *b, const struct facts *f, const struct words *w)
{
	char from[16], to[16], cleared[64];

	if (f->nflips == 0)
		buf_addf(b, "- %s\n", w->nofail);
	for (int i = 0; i < f->nflips; i++) {
		const struct flip *x = &f->flips[i];

		hhmm(x->from, from, sizeof from);
		if (x->to != 0) {
			hhmm(x->to, to, sizeof to);
			snprintf(cleared, sizeof cleared, w == &id ?
			    "pulih pada %s" : "cleared at %s", to);
		}
		buf_addf(b, "- %s: %s%s%s at %s%s%s, %s\n", x->gate, x->verdict,
		    *x->code ? " " : "", x->code, from, x->before ? ", " : "",
		    x->before ? w->before : "", x->to != 0 ? cleared : w->still);
	}
}

static void
render_words(struct buf *b, struct session_file *sf, const struct facts *f,
    int md, int lang)
{
	const struct words *w = lang == 1 ? &id : &en;
	json_object *h = sf->header;
	char start[ISO_UTC_LEN], end[ISO_UTC_LEN], line[1024], from[16];

	iso_utc(sf->start, start);
	iso_utc(sf->end, end);
	buf_addf(b, md ? "# %s: %s %s\n\n" : "%s: %s %s\n\n", w->title,
	    session_str(h, "context") != NULL ? str(h, "context") : "default",
	    start);
	snprintf(line, sizeof line, lang == 1 ? "Direkam oleh %s pada core-api "
	    "%s, batch %s, %s sampai %s (%ld menit); berkas %s" : "Recorded by "
	    "%s on core-api %s, batch %s, %s to %s (%ld min); file %s",
	    str(h, "operator"),
	    str(h, "host"), session_str(h, "batch") ? str(h, "batch") : "-",
	    start, end, (long)((sf->end - sf->start) / 60), sf->path);
	buf_addf(b, "%s", line);
	/* A rotated session: its other parts are part of the notes too. */
	if (sf->nparts > 1)
		buf_addf(b, lang == 1 ? " dan %zu bagian berikutnya" :
		    " and its %zu later parts", sf->nparts - 1);
	buf_addf(b, "\n");
	if (session_cut_short(sf)) {
		char gap[400];

		session_gap_text(sf, lang, gap, sizeof gap);
		buf_addf(b, "\n%s%s%s\n", w->cut, gap[0] != '\0' ? " " : "",
		    gap);
	}
	heading(b, md, w->started);
	if (f->nflips == 0)
		buf_addf(b, "- %s\n", w->nofail);
	else {
		hhmm(f->flips[0].from, from, sizeof from);
		buf_addf(b, "- %s %s %s%s%s%s%s\n", from, f->flips[0].gate,
		    f->flips[0].verdict, *f->flips[0].code ? " " : "",
		    f->flips[0].code, f->flips[0].before ? ", " : "",
		    f->flips[0].before ? w->before : "");
	}
	heading(b, md, w->failed);
	failures(b, f, w);
	heading(b, md, w->steps);
	event_list(b, sf, "live", NULL, lang, w);
	heading(b, md, w->gates);
	event_list(b, sf, "gate", NULL, lang, w);
	heading(b, md, w->replays);
	event_list(b, sf, "replay", NULL, lang, w);
	heading(b, md, w->people);
	for (int i = 0; i < f->npeople; i++) {
		snprintf(line, sizeof line, lang == 1 ? "%d gate dijalankan, %d "
		    "cek langkah, %d aksi replay, %d playbook dibuka" :
		    "%d gate run(s), %d step check(s), %d replay action(s), "
		    "%d playbook(s) opened", f->people[i].gates,
		    f->people[i].steps, f->people[i].replays,
		    f->people[i].playbooks);
		buf_addf(b, "- %s: %s\n", f->people[i].name, line);
	}
	if (f->npeople == 0)
		buf_addf(b, "- %s\n", w->none);
	heading(b, md, w->timeline);
	for (size_t i = 0; i < sf->nevents; i++) {
		char at[16], text[400];

		if (strcmp(str(sf->events[i].ev, "type"), "stage") == 0)
			continue;
		hhmm(sf->events[i].at, at, sizeof at);
		session_event_text(sf->events[i].ev, lang, text, sizeof text);
		buf_addf(b, "- %s %s\n", at, text);
	}
}

static char *
render_json(struct session_file *sf, const struct facts *f, int lang)
{
	json_object *o = json_object_new_object(), *a, *h = NULL;
	char iso[ISO_UTC_LEN], *out;

	h = session_copy(sf->header);
	json_object_object_add(o, "session", h);
	json_object_object_add(o, "file", json_object_new_string(sf->path));
	a = json_object_new_array();
	for (size_t i = 0; i < sf->nparts; i++)
		json_object_array_add(a, json_object_new_string(sf->parts[i]));
	json_object_object_add(o, "parts", a);
	iso_utc(sf->start, iso);
	json_object_object_add(o, "start", json_object_new_string(iso));
	iso_utc(sf->end, iso);
	json_object_object_add(o, "end", json_object_new_string(iso));
	json_object_object_add(o, "complete",
	    json_object_new_boolean(!session_cut_short(sf)));
	a = json_object_new_array();
	for (int i = 0; i < f->nflips; i++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "gate",
		    json_object_new_string(f->flips[i].gate));
		json_object_object_add(x, "verdict",
		    json_object_new_string(f->flips[i].verdict));
		json_object_object_add(x, "code", *f->flips[i].code ?
		    json_object_new_string(f->flips[i].code) : NULL);
		iso_utc(f->flips[i].from, iso);
		json_object_object_add(x, "failedAt", json_object_new_string(iso));
		iso_utc(f->flips[i].to, iso);
		json_object_object_add(x, "clearedAt", f->flips[i].to != 0 ?
		    json_object_new_string(iso) : NULL);
		json_object_object_add(x, "beforeSession",
		    json_object_new_boolean(f->flips[i].before));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "failures", a);
	a = json_object_new_array();
	for (size_t i = 0; i < sf->nevents; i++) {
		json_object *x = session_copy(sf->events[i].ev);
		char text[400];

		iso_utc(sf->events[i].at, iso);
		json_object_object_add(x, "at", json_object_new_string(iso));
		session_event_text(sf->events[i].ev, lang, text, sizeof text);
		json_object_object_add(x, "text", json_object_new_string(text));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "events", a);
	out = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}

char *
session_report(struct session_file *sf, enum session_report_format fmt,
    int lang)
{
	struct facts *f = xcalloc(1, sizeof *f);
	struct buf b = { NULL, 0, 0 };
	char *out;

	gather(sf, f);
	if (fmt == SREP_JSON)
		out = render_json(sf, f, lang);
	else {
		render_words(&b, sf, f, fmt == SREP_MD, lang);
		out = buf_take(&b);
	}
	free(f);
	return out;
}
