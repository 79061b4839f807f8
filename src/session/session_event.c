/* Recorded events in words (session_event.h). ASCII only ("->"), so that
 * LANG=C loses nothing. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "session/session_event.h"
#include "session/session_read.h"

static const char *
s_or(json_object *ev, const char *k, const char *dflt)
{
	const char *s = session_str(ev, k);

	return s != NULL ? s : dflt;
}

static long long
num(json_object *ev, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(ev, k, &v) ? json_object_get_int64(v) :
	    0;
}

static void
replay_text(json_object *ev, int id, char *out, size_t len)
{
	const char *ph = s_or(ev, "phase", "");
	long long sel = num(ev, "selected");
	const char *st = s_or(ev, "status", "");
	const char *what = num(ev, "canary") ? (id ? "replay canary" :
	    "canary replay") : "replay";

	if (strcmp(ph, "counted") == 0)
		snprintf(out, len, id ? "%s dihitung: %lld entri %s" :
		    "%s counted: %lld %s entries", what, sel, st);
	else if (strcmp(ph, "done") == 0)
		snprintf(out, len, id ? "%s dikonfirmasi: %lld entri %s, %lld "
		    "REPLAYING" : "%s confirmed: %lld %s entries, %lld "
		    "replaying", what, sel, st, num(ev, "replaying"));
	else if (strcmp(ph, "declined") == 0)
		snprintf(out, len, id ? "%s dibatalkan (%lld dihitung)" :
		    "%s cancelled (%lld counted)", what, sel);
	else if (strcmp(ph, "nothing") == 0)
		snprintf(out, len, id ? "%s: tidak ada entri %s" :
		    "%s: no %s entries", what, st);
	else
		snprintf(out, len, id ? "%s gagal: %s" : "%s failed: %s", what,
		    s_or(ev, "message", ""));
}

static void
gate_text(json_object *ev, int id, char *out, size_t len)
{
	const char *code = s_or(ev, "code", "");
	const char *md = session_str(ev, "reportMd");
	const char *dec = session_str(ev, "decision");

	snprintf(out, len, "%s %s: %s%s%s%s%s%s%s", id ? "menjalankan" : "ran",
	    s_or(ev, "gate", "?"), s_or(ev, "verdict", "?"), *code ? " " : "",
	    code, dec != NULL ? (id ? ", keputusan " : ", decision ") : "",
	    dec != NULL ? dec : "", md != NULL ? (id ? " (laporan " :
	    " (report ") : "", md != NULL ? md : "");
	if (md != NULL && strlen(out) + 1 < len)
		strcat(out, ")");
}

void
session_event_text(json_object *ev, int lang, char *out, size_t len)
{
	const char *type = s_or(ev, "type", "");
	const char *code = s_or(ev, "code", "");
	int id = lang == 1;

	if (strcmp(type, "verdict") == 0)
		snprintf(out, len, "%s %s -> %s%s%s", s_or(ev, "gate", "?"),
		    s_or(ev, "from", id ? "(awal)" : "(start)"),
		    s_or(ev, "to", "?"), *code ? " " : "", code);
	else if (strcmp(type, "gate") == 0 || strcmp(type, "stage") == 0)
		gate_text(ev, id, out, len);
	else if (strcmp(type, "live") == 0)
		snprintf(out, len, id ? "cek langsung %s langkah %lld: %s - %s" :
		    "live check %s step %lld: %s - %s", code, num(ev, "step"),
		    num(ev, "ok") ? (id ? "berhasil" : "ok") :
		    (id ? "gagal" : "failed"), s_or(ev, "text", ""));
	else if (strcmp(type, "replay") == 0)
		replay_text(ev, id, out, len);
	else if (strcmp(type, "playbook") == 0)
		snprintf(out, len, id ? "playbook dibuka untuk %s" :
		    "playbook opened for %s", code);
	else if (strcmp(type, "end") == 0)
		snprintf(out, len, id ? "sesi berakhir (%s)" :
		    "session ended (%s)", s_or(ev, "reason", ""));
	else if (strcmp(type, "rotated") == 0)
		snprintf(out, len, id ? "berlanjut di %s" : "continued in %s",
		    s_or(ev, "next", ""));
	else
		snprintf(out, len, "%s", type);
}

/* hay holds needle, ASCII case folded. */
static int
has_text(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

int
session_event_matches(json_object *ev, const char *text)
{
	char words[512];
	const char *raw = json_object_to_json_string_ext(ev,
	    JSON_C_TO_STRING_PLAIN);

	if (text == NULL || *text == '\0')
		return 0;
	session_event_text(ev, 0, words, sizeof words);
	return has_text(words, text) || has_text(raw, text);
}
