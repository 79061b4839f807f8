/* A playbook step's live check, asked for from the console's playbook
 * dialog: a Redis PING, core-api's runtime flags, an ops_db connection or
 * the gate behind the step, answered in one published line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clients/core_api.h"
#include "clients/ops_db.h"
#include "clients/redis_client.h"
#include "release/gate_run.h"
#include "core/sanitize.h"
#include "monitor/monitor_int.h"

/* Runs a playbook step's check; fills a one-line answer. */
static int
run_live(struct monitor *m, enum live_check c, char *out, size_t len)
{
	const struct settings *s = m->s;
	char *cause = NULL;
	int ok = 0;

	m->ctx.now = time(NULL);
	switch (c) {
	case LIVE_REDIS_PING: {
		char *c2 = NULL;
		int a = redis_ping(s->env[ENV_REDIS_URL], s->http_timeout_ms, &cause);
		int b = redis_ping(s->env[ENV_INGEST_REDIS_URL], s->http_timeout_ms,
		    &c2);

		snprintf(out, len, "REDIS_URL %s; INGEST_REDIS_URL %s",
		    a == 0 ? "PONG" : cause, b == 0 ? "PONG" : c2);
		ok = a == 0 && b == 0;
		free(c2);
		break;
	}
	case LIVE_RUNTIME: {
		struct api_error err;
		struct runtime_info rt;
		struct core_api *api = gate_ctx_api(&m->ctx, &err);

		if (api == NULL || core_api_runtime(api, &rt, &err) != 0) {
			snprintf(out, len, "%s: %s", code_name(err.code), err.message);
			break;
		}
		snprintf(out, len, "flags queue=%s webhook=%s replay=%s, redis %s",
		    rt.flag_queue == 1 ? "true" : "false",
		    rt.flag_webhook == 1 ? "true" : "false",
		    rt.flag_replay == 1 ? "true" : "false",
		    rt.redis_up == 1 ? "up" : "down");
		ok = rt.flag_queue == 1 && rt.flag_webhook == 1 &&
		    rt.flag_replay == 1 && rt.redis_up == 1;
		runtime_info_free(&rt);
		break;
	}
	case LIVE_OPS_DB: {
		struct ops_db *db = ops_db_open(s->env[ENV_OPS_DB_URL],
		    s->http_timeout_ms, &cause);

		ok = db != NULL;
		snprintf(out, len, "%s", ok ? "ops_db accepts connections" : cause);
		ops_db_close(db);
		break;
	}
	case LIVE_NONE:
	case LIVE_COUNT:
		snprintf(out, len, "no check for this step");
		break;
	default: {
		struct gate_result *r = gate_run(&m->ctx, live_check_gate(c));
		const char *detail = r->summary != NULL ? r->summary : "";

		for (size_t i = 0; i < r->nchecks; i++)
			if (verdict_bad(r->checks[i].verdict)) {
				detail = r->checks[i].detail;
				break;
			}
		snprintf(out, len, "%s%s%s: %s", verdict_name(r->verdict),
		    r->code ? " " : "", code_name(r->code), detail);
		ok = r->verdict == VERDICT_PASS;
		result_free(r);
		break;
	}
	}
	free(cause);
	return ok;
}

void
mon_do_live(struct monitor *m, const struct job *j)
{
	struct mon_snapshot *n;
	char text[400], *clean;
	int ok;

	mon_set_busy(m, live_check_name(j->check));
	ok = run_live(m, j->check, text, sizeof text);
	clean = sanitize_text(text, sizeof n->live.text - 4);
	n = mon_snap_clone(m);
	snprintf(n->live.code, sizeof n->live.code, "%s", j->code);
	n->live.step = j->step;
	n->live.at = time(NULL);
	n->live.ok = ok;
	snprintf(n->live.text, sizeof n->live.text, "%s", clean);
	mon_add_log(n, ok ? VERDICT_PASS : VERDICT_FAIL, "live check %s: %s",
	    live_check_name(j->check), clean);
	free(clean);
	n->busy = 0;
	mon_publish(m, n);
}
