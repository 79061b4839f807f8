/* Freeing snapshot types. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/snapshot.h"

void
runtime_info_free(struct runtime_info *r)
{
	free(r->version);
	free(r->started_at_text);
	memset(r, 0, sizeof *r);
}

static void
sources_free(struct source_count *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].source);
		free(s[i].channel);
	}
	free(s);
}

void
processing_metrics_free(struct processing_metrics *m)
{
	sources_free(m->by_source, m->nsources);
	for (size_t i = 0; i < m->nerrors; i++) {
		free(m->top_errors[i].error_code);
		free(m->top_errors[i].error_message);
	}
	free(m->top_errors);
	memset(m, 0, sizeof *m);
}

void
queue_metrics_free(struct queue_metrics *m)
{
	free(m->queue_name);
	free(m->oldest_open_at);
	sources_free(m->by_source, m->nsources);
	memset(m, 0, sizeof *m);
}

void
replay_counts_free(struct replay_counts *rc)
{
	free(rc->ids);
	rc->ids = NULL;
	rc->nids = 0;
}

void
api_error_set(struct api_error *e, enum code c, long status, const char *fmt,
    ...)
{
	va_list ap;

	e->code = c;
	e->http_status = status;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}
