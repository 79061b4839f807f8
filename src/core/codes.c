/* Names, ordering and exit statuses of verdicts and failure codes. */
#include "config.h"

#include <string.h>

#include "core/codes.h"

static const char *const verdict_names[VERDICT_COUNT] = {
	"ERROR", "FAIL", "INCONCLUSIVE", "WARN", "PASS", "SKIPPED"
};

static const char *const code_names[CODE_COUNT] = {
	"",
#define X(name) #name,
	FAILURE_CODES(X)
#undef X
};

const char *
verdict_name(enum verdict v)
{
	if ((unsigned)v >= VERDICT_COUNT)
		return "ERROR";
	return verdict_names[v];
}

int
verdict_parse(const char *s, enum verdict *out)
{
	for (int i = 0; i < VERDICT_COUNT; i++) {
		if (strcmp(s, verdict_names[i]) == 0) {
			*out = (enum verdict)i;
			return 0;
		}
	}
	return -1;
}

enum verdict
verdict_worst(enum verdict a, enum verdict b)
{
	return a < b ? a : b;
}

int
verdict_bad(enum verdict v)
{
	return v != VERDICT_PASS && v != VERDICT_SKIPPED;
}

int
verdict_exit_status(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
	case VERDICT_WARN:
	case VERDICT_SKIPPED:
		return 0;
	case VERDICT_FAIL:
		return 1;
	default:
		return 2;
	}
}

const char *
code_name(enum code c)
{
	if ((unsigned)c >= CODE_COUNT)
		return "";
	return code_names[c];
}

enum code
code_parse(const char *s)
{
	for (int i = 1; i < CODE_COUNT; i++)
		if (strcmp(s, code_names[i]) == 0)
			return (enum code)i;
	return CODE_NONE;
}
