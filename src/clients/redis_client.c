/* hiredis client. redisContext and redisReply never leave this file. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <hiredis/hiredis.h>

#include "clients/redis_client.h"
#include "core/sanitize.h"
#include "config/url.h"
#include "core/util.h"
#include "core/waitnote.h"

static const char *const redis_schemes[] = { "redis", "rediss", NULL };

struct redis_conn {
	redisContext *c;
};

static atomic_long round_trips;

long
redis_round_trips(void)
{
	return atomic_load(&round_trips);
}

/* hiredis's message as shown: through the URL redaction (every library
 * message is), then stripped of control characters. Caller frees. */
static char *
redis_text(const char *m)
{
	char *r = url_redact_text(m, NULL), *clean = sanitize_text(r, 200);

	free(r);
	return clean;
}

/* Connects, authenticates and selects the database; NULL with *cause. */
static redisContext *
connect_url(const char *url, long timeout_ms, char **cause)
{
	struct url u;
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	redisContext *c;
	redisReply *rep;
	char *why = NULL;
	long db = 0;

	if (url == NULL || *url == '\0') {
		*cause = xstrdup("URL is not set");
		return NULL;
	}
	if (url_parse(url, redis_schemes, &u, &why) != 0) {
		*cause = xasprintf("invalid URL: %s", why);
		free(why);
		return NULL;
	}
	if (url_redis_check(&u, &db, cause) != 0) {
		url_free(&u);
		return NULL;
	}
	atomic_fetch_add(&round_trips, 1);
	c = redisConnectWithTimeout(u.host, u.port != 0 ? u.port : 6379, tv);
	if (c == NULL || c->err) {
		char *e = redis_text(c != NULL ? c->errstr : "no memory");

		*cause = xasprintf("cannot connect (%s)", e);
		free(e);
		if (c != NULL)
			redisFree(c);
		url_free(&u);
		return NULL;
	}
	redisSetTimeout(c, tv);
	if (u.password != NULL && *u.password != '\0') {
		atomic_fetch_add(&round_trips, 1);
		if (u.user != NULL && *u.user != '\0')
			rep = redisCommand(c, "AUTH %s %s", u.user, u.password);
		else
			rep = redisCommand(c, "AUTH %s", u.password);
		if (rep == NULL || rep->type == REDIS_REPLY_ERROR) {
			*cause = xstrdup("authentication refused");
			goto fail;
		}
		freeReplyObject(rep);
	}
	if (db != 0) {
		atomic_fetch_add(&round_trips, 1);
		rep = redisCommand(c, "SELECT %ld", db);
		if (rep == NULL || rep->type == REDIS_REPLY_ERROR) {
			*cause = xasprintf("SELECT %ld refused", db);
			goto fail;
		}
		freeReplyObject(rep);
	}
	url_free(&u);
	return c;
fail:
	if (rep != NULL)
		freeReplyObject(rep);
	redisFree(c);
	url_free(&u);
	return NULL;
}

/* Names the server in *cause (SPEC section 4): "redis 10.0.0.7:6379: ...",
 * host and port only, never the password of the URL. */
static void
name_cause(const char *url, char **cause)
{
	char *host = url != NULL && *url != '\0' ? url_host(url) : NULL;
	char *named;

	if (host == NULL)
		return;
	named = xasprintf("redis %s: %s", host, *cause);
	free(*cause);
	free(host);
	*cause = named;
}

static int
ping(const char *url, long timeout_ms, char **cause)
{
	redisContext *c = connect_url(url, timeout_ms, cause);
	redisReply *rep;
	int ret = -1;

	if (c == NULL)
		return -1;
	atomic_fetch_add(&round_trips, 1);
	rep = redisCommand(c, "PING");
	if (rep == NULL) {
		char *e = redis_text(c->errstr);

		*cause = xasprintf("PING got no answer: %s", e);
		free(e);
	} else if (rep->type == REDIS_REPLY_STATUS && strcmp(rep->str, "PONG") == 0)
		ret = 0;
	else {
		char *e = sanitize_text(rep->str != NULL ? rep->str : "?", 200);

		*cause = xasprintf("PING answered '%s'", e);
		free(e);
	}
	if (rep != NULL)
		freeReplyObject(rep);
	redisFree(c);
	return ret;
}

int
redis_ping(const char *url, long timeout_ms, char **cause)
{
	char *host = url != NULL && *url != '\0' ? url_host(url) : NULL;
	int ret;

	waitnote_begin("redis %s (PING)", host != NULL ? host : "?");
	ret = ping(url, timeout_ms, cause);
	waitnote_end();
	free(host);
	if (ret != 0)
		name_cause(url, cause);
	return ret;
}

struct redis_conn *
redis_conn_open(const char *url, long timeout_ms, char **cause)
{
	redisContext *c = connect_url(url, timeout_ms, cause);
	struct redis_conn *rc;

	if (c == NULL) {
		name_cause(url, cause);
		return NULL;
	}
	rc = xcalloc(1, sizeof *rc);
	rc->c = c;
	return rc;
}

void
redis_conn_close(struct redis_conn *rc)
{
	if (rc == NULL)
		return;
	redisFree(rc->c);
	free(rc);
}

/* A list's length as BullMQ's getCounts script counts it: a legacy "0:..."
 * marker at the tail (BullMQ before v5) is no job. */
static long long
list_jobs(const redisReply *len, const redisReply *tail)
{
	if (tail->type == REDIS_REPLY_STRING && tail->len >= 2 &&
	    memcmp(tail->str, "0:", 2) == 0)
		return len->integer > 1 ? len->integer - 1 : 0;
	return len->integer;
}

/*
 * The counts of BullMQ's Queue.getJobCounts() (SPEC section 9), read the way
 * its getCounts script reads them, in one pipelined round trip: waiting is
 * the wait list plus the paused list (where BullMQ before v5 moved jobs on
 * pause) plus the prioritized sorted set, where BullMQ keeps every job added
 * with a priority. The script pops a legacy marker; we only skip it.
 */
int
redis_conn_queue_depth(struct redis_conn *rc, const char *prefix,
    const char *queue, struct queue_depth *out, char **cause)
{
	enum { WAIT, WAIT_TAIL, PAUSED, PAUSED_TAIL, PRIORITIZED, ACTIVE,
	    DELAYED, FAILED, CHILDREN, META_PAUSED, NREPLIES };
	static const char *const what[NREPLIES] = { "wait", "wait", "paused",
	    "paused", "prioritized", "active", "delayed", "failed",
	    "waiting-children", "meta" };
	redisContext *c = rc->c;
	redisReply *rep[NREPLIES] = { NULL };
	int ret = -1, n;

	redisAppendCommand(c, "LLEN %s:%s:wait", prefix, queue);
	redisAppendCommand(c, "LINDEX %s:%s:wait -1", prefix, queue);
	redisAppendCommand(c, "LLEN %s:%s:paused", prefix, queue);
	redisAppendCommand(c, "LINDEX %s:%s:paused -1", prefix, queue);
	redisAppendCommand(c, "ZCARD %s:%s:prioritized", prefix, queue);
	redisAppendCommand(c, "LLEN %s:%s:active", prefix, queue);
	redisAppendCommand(c, "ZCARD %s:%s:delayed", prefix, queue);
	redisAppendCommand(c, "ZCARD %s:%s:failed", prefix, queue);
	redisAppendCommand(c, "ZCARD %s:%s:waiting-children", prefix, queue);
	redisAppendCommand(c, "HEXISTS %s:%s:meta paused", prefix, queue);
	atomic_fetch_add(&round_trips, 1);
	for (n = 0; n < NREPLIES; n++) {
		void *v = NULL;

		if (redisGetReply(c, &v) != REDIS_OK) {
			char *e = redis_text(c->errstr);

			/* The context is unusable now: the caller reconnects. */
			*cause = xasprintf("queue depth: %s", e);
			free(e);
			goto out;
		}
		rep[n] = v;
	}
	for (n = 0; n < NREPLIES; n++) {
		int want_text = n == WAIT_TAIL || n == PAUSED_TAIL;

		if (rep[n]->type == REDIS_REPLY_INTEGER ||
		    (want_text && (rep[n]->type == REDIS_REPLY_STRING ||
		    rep[n]->type == REDIS_REPLY_NIL)))
			continue;
		*cause = xasprintf("%s:%s:%s: unexpected reply (wrong key "
		    "type?)", prefix, queue, what[n]);
		goto out;
	}
	memset(out, 0, sizeof *out);
	out->prioritized = rep[PRIORITIZED]->integer;
	out->waiting = list_jobs(rep[WAIT], rep[WAIT_TAIL]) +
	    list_jobs(rep[PAUSED], rep[PAUSED_TAIL]) + out->prioritized;
	out->active = rep[ACTIVE]->integer;
	out->delayed = rep[DELAYED]->integer;
	out->failed = rep[FAILED]->integer;
	out->waiting_children = rep[CHILDREN]->integer;
	out->paused = rep[META_PAUSED]->integer == 1;
	ret = 0;
out:
	for (n = 0; n < NREPLIES; n++)
		if (rep[n] != NULL)
			freeReplyObject(rep[n]);
	return ret;
}
