/* Build-time: writes the man page's GATES entries from the gate registry.
 * Reads the page (man/ingestgate.1.in, @VERSION@ already filled in) on
 * stdin and writes it to stdout with each '.\" gate NAME' block and the
 * '.\" end of gates' line replaced: at that line, every gate of the
 * registry in its order gets its .TP tag (name, F-id, runbook alias) and its
 * one-line help, followed by the hand-written paragraphs of its block, if
 * it has one. A block naming no gate fails the build, so the prose cannot
 * outlive its gate and a new gate is listed without touching the page. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roff.h"
#include "core/gate_def.h"
#include "core/util.h"

#define BLOCK_MARK ".\\\" gate "
#define END_MARK ".\\\" end of gates"

static void
put_entry(FILE *out, const struct gate_def *g, const char *prose)
{
	const char *sum = g->summary;

	fputs(".TP\n.BR ", out);
	put_roff(out, g->name);
	/* As "name (F-00, alias)", "name (F-00)" or "name (alias)". */
	if (g->fid != NULL) {
		fputs(" \" (", out);
		put_roff(out, g->fid);
		fputs(g->alias != NULL ? ", \" " : ")\"", out);
	} else if (g->alias != NULL)
		fputs(" \" (\" ", out);
	if (g->alias != NULL) {
		put_roff(out, g->alias);
		fputs(" )", out);
	}
	/* The help line as a sentence; a line never starts with a request. */
	fprintf(out, "\n\\&%c", toupper((unsigned char)sum[0]));
	put_roff(out, sum + 1);
	fputs(".\n", out);
	if (prose != NULL && *prose != '\0')
		fprintf(out, ".br\n%s", prose);
}

int
main(void)
{
	char *prose[GATE_COUNT] = { 0 }, line[4096];
	int cur = -1, status = 1, lineno = 0;
	size_t len[GATE_COUNT] = { 0 };

	while (fgets(line, sizeof line, stdin) != NULL) {
		lineno++;
		if (strncmp(line, BLOCK_MARK, strlen(BLOCK_MARK)) == 0) {
			const struct gate_def *g;

			line[strcspn(line, "\n")] = '\0';
			g = gate_def_find(line + strlen(BLOCK_MARK));
			if (g == NULL || strcmp(g->name, line +
			    strlen(BLOCK_MARK)) != 0) {
				fprintf(stderr, "gen-gates: line %d: no gate "
				    "named '%s' in the registry\n", lineno,
				    line + strlen(BLOCK_MARK));
				goto out;
			}
			cur = (int)g->id;
			continue;
		}
		if (strncmp(line, END_MARK, strlen(END_MARK)) == 0) {
			for (int i = 0; i < GATE_COUNT; i++)
				put_entry(stdout, gate_def_get((enum gate_id)i),
				    prose[i]);
			cur = -1;
			continue;
		}
		if (cur < 0) {
			fputs(line, stdout);
			continue;
		}
		prose[cur] = xrealloc(prose[cur], len[cur] + strlen(line) + 1);
		memcpy(prose[cur] + len[cur], line, strlen(line) + 1);
		len[cur] += strlen(line);
	}
	status = fflush(stdout) == 0 && cur < 0 ? 0 : 1;
	if (cur >= 0)
		fprintf(stderr, "gen-gates: no '%s' line after the last "
		    "gate\n", END_MARK);
out:
	for (int i = 0; i < GATE_COUNT; i++)
		free(prose[i]);
	return status;
}
