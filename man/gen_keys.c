/* Build-time: writes the man page's console keys from the key table
 * (ui/keymap.c), as the '?' help is written from it. Reads the page on
 * stdin and writes it to stdout with each '.\" keys MODE' ... '.\" end of
 * keys' block replaced: every row of the table that works in MODE (live:
 * the console, replay: a replayed session) gets, in the table's order, its
 * .TP tag (the keys as the help shows them) and its help line as a
 * sentence, followed by the hand-written paragraphs of its '.\" key KEYS'
 * block inside, if it has one. A block naming no key of that mode fails the
 * build, so the prose cannot outlive its key and a new key is listed
 * without touching the page. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roff.h"
#include "core/util.h"
#include "ui/ui.h"

#define KEYS_MARK ".\\\" keys "
#define KEY_MARK ".\\\" key "
#define END_MARK ".\\\" end of keys"
/* The rows it holds prose for; a key table that outgrows it fails the
 * build (main), rather than the page losing its last keys. */
#ifndef ROWS_MAX
#define ROWS_MAX 64
#endif

/* The row of the mode's keys labelled label, or -1. */
static int
row_of(const char *label)
{
	char buf[64];

	for (int i = 0; key_bindings[i].keys != NULL; i++)
		if (key_binding_active(&key_bindings[i]) &&
		    strcmp(key_binding_label(&key_bindings[i], buf,
		    sizeof buf), label) == 0)
			return i;
	return -1;
}

/* Every row of the mode with its prose; frees the prose. */
static void
put_rows(FILE *out, char **prose, int mode)
{
	for (int i = 0; key_bindings[i].keys != NULL; i++) {
		const struct key_binding *k = &key_bindings[i];
		char keys[64], help[256];
		const char *h;

		/* A replay's block: its own keys, the rest are the live
		 * console's. */
		if (!key_binding_active(k) || (mode == KM_REPLAY &&
		    k->mode != KM_REPLAY))
			continue;
		h = key_binding_help(k, NULL, help, sizeof help);
		fputs(".TP\n.B ", out);
		put_roff(out, key_binding_label(k, keys, sizeof keys));
		/* The help line as a sentence; a line never starts with a
		 * request. */
		fprintf(out, "\n\\&%c", toupper((unsigned char)h[0]));
		put_roff(out, h + 1);
		fputs(".\n", out);
		if (prose[i] != NULL)
			fputs(prose[i], out);
		free(prose[i]);
		prose[i] = NULL;
	}
}

/* The mode a '.\" keys MODE' line names; -1 for none. */
static int
mode_of(const char *line)
{
	if (strcmp(line, "live\n") == 0)
		return KM_LIVE;
	if (strcmp(line, "replay\n") == 0)
		return KM_REPLAY;
	return -1;
}

int
main(void)
{
	char *prose[ROWS_MAX] = { 0 }, line[4096];
	int in = 0, cur = -1, lineno = 0, status = 1, mode = KM_LIVE;
	int rows = 0;

	while (key_bindings[rows].keys != NULL)
		rows++;
	if (rows > ROWS_MAX) {
		fprintf(stderr, "gen-keys: the key table has %d rows, more than "
		    "ROWS_MAX (%d): raise it in man/gen_keys.c\n", rows,
		    ROWS_MAX);
		return 1;
	}

	while (fgets(line, sizeof line, stdin) != NULL) {
		lineno++;
		if (strncmp(line, KEYS_MARK, strlen(KEYS_MARK)) == 0) {
			mode = mode_of(line + strlen(KEYS_MARK));
			if (in || mode < 0) {
				fprintf(stderr, "gen-keys: line %d: not a keys "
				    "block (live or replay)\n", lineno);
				goto out;
			}
			keymap_set_mode((enum key_mode)mode);
			in = 1;
			cur = -1;
			continue;
		}
		if (in && strncmp(line, KEY_MARK, strlen(KEY_MARK)) == 0) {
			line[strcspn(line, "\n")] = '\0';
			if ((cur = row_of(line + strlen(KEY_MARK))) < 0) {
				fprintf(stderr, "gen-keys: line %d: no key '%s' "
				    "in the key table for this mode\n", lineno,
				    line + strlen(KEY_MARK));
				goto out;
			}
			continue;
		}
		if (in && strncmp(line, END_MARK, strlen(END_MARK)) == 0) {
			put_rows(stdout, prose, mode);
			in = 0;
			continue;
		}
		if (!in) {
			fputs(line, stdout);
			continue;
		}
		if (cur < 0) {
			fprintf(stderr, "gen-keys: line %d: text in a keys block "
			    "outside a '.\\\" key' block\n", lineno);
			goto out;
		}
		{
			char *was = prose[cur];

			prose[cur] = xasprintf("%s%s", was != NULL ? was : "",
			    line);
			free(was);
		}
	}
	status = fflush(stdout) == 0 && !in ? 0 : 1;
	if (in)
		fprintf(stderr, "gen-keys: no '%s' line after the keys\n",
		    END_MARK);
out:
	for (int i = 0; i < ROWS_MAX; i++)
		free(prose[i]);
	return status;
}
