/* Reports of SPEC section 5: JSON and Markdown renderings of a gate result,
 * written atomically under the report root with timestamped names and
 * latest.* (the batch status file lives in batch_status.c). */
#ifndef INGESTGATE_REPORT_H
#define INGESTGATE_REPORT_H

#include "core/result.h"

/* The batch code made safe for a path, or NULL (refused: empty, ".", ".."). */
char *report_batch_dir(const char *batch);

/* The gate JSON of SPEC section 4; caller frees. */
char *report_render_json(const struct gate_result *r);
/* The Markdown report; caller frees. */
char *report_render_md(const struct gate_result *r);

/* Writes r's reports under root, filling r->report_json and r->report_md.
 * -1 with *cause (caller frees) when they cannot be written. The JSON is
 * published (over latest.json) before the Markdown, so a failure on the
 * Markdown leaves latest.json newer than latest.md; gate_run_and_report
 * then publishes the ERROR run over both. */
int report_write(const char *root, struct gate_result *r, char **cause);

/* A gate's report folder under root ({batch} made safe): *dir to write in
 * and *shown as printed (caller frees both); -1 with *cause. */
int report_folder(const char *root, const struct gate_def *g,
    const char *batch, char **dir, char **shown, char **cause);

#endif
