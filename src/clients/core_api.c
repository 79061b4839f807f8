/* core-api over libcurl. CURL never leaves this file; bodies are handed to
 * core_api_map.c and come back as snapshot structs. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "clients/core_api.h"
#include "clients/core_api_map.h"
#include "core/cancel.h"
#include "core/sanitize.h"
#include "core/text.h"
#include "config/url.h"
#include "core/util.h"
#include "core/waitnote.h"

struct core_api {
	CURL *curl;
	CURLM *multi;		/* runs curl's transfers so waits can be cancelled */
	char *base;		/* without trailing slash */
	char *token;
	long timeout_ms;
	int insecure;
	long requests;
	char errbuf[CURL_ERROR_SIZE];
	/* Who and what an error names (SPEC section 4): host:port without
	 * credentials, and the last request's method and path without query. */
	char *where;
	char last[160];
};

struct response {
	long status;
	struct buf body;
	int too_large;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void
curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Once per process, on first use (start-up of --version and help stays
 * light); several threads may make clients (the console's collector and
 * worker), so the once is pthread's. */
static void
global_init(void)
{
	pthread_once(&curl_once, curl_init_once);
}

struct core_api *
core_api_new(const char *base_url, const char *admin_token, long timeout_ms,
    int insecure, char **cause)
{
	static const char *const schemes[] = { "http", "https", NULL };
	struct core_api *api;
	struct url u;
	size_t len;

	if (base_url == NULL || *base_url == '\0') {
		*cause = xstrdup("CORE_API_BASE_URL is not set");
		return NULL;
	}
	if (url_parse(base_url, schemes, &u, cause) != 0)
		return NULL;
	/* The admin token goes with every request: never in cleartext over a
	 * network unless the operator said so (--insecure). */
	if (!insecure && url_cleartext_remote(&u, cause)) {
		url_free(&u);
		return NULL;
	}
	url_free(&u);
	global_init();
	api = xcalloc(1, sizeof *api);
	if ((api->curl = curl_easy_init()) == NULL)
		fatal("curl_easy_init failed");
	if ((api->multi = curl_multi_init()) == NULL)
		fatal("curl_multi_init failed");
	api->base = xstrdup(base_url);
	api->where = url_host(base_url);
	len = strlen(api->base);
	while (len > 0 && api->base[len - 1] == '/')
		api->base[--len] = '\0';
	api->token = xstrdup(admin_token != NULL ? admin_token : "");
	api->timeout_ms = timeout_ms;
	api->insecure = insecure;
	return api;
}

void
core_api_free(struct core_api *api)
{
	if (api == NULL)
		return;
	curl_easy_cleanup(api->curl);
	curl_multi_cleanup(api->multi);
	free(api->base);
	free(api->where);
	memset(api->token, 0, strlen(api->token));
	free(api->token);
	free(api);
}

long
core_api_requests(const struct core_api *api)
{
	return api->requests;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct response *r = arg;
	size_t n = size * nmemb;

	if (r->body.len + n > CORE_API_MAX_BODY) {
		r->too_large = 1;
		return 0;	/* aborts the transfer */
	}
	buf_add(&r->body, data, n);
	return n;
}

/* Puts the backend and the request in front of err's message, once, so that
 * every error names what it talked to: "core-api 10.0.0.5:8443 (GET
 * /v1/ingest/runtime): no answer within 5000 ms". */
static void
name_error(const struct core_api *api, struct api_error *err)
{
	char *msg;

	if (str_has_prefix(err->message, "core-api "))
		return;
	msg = xasprintf("core-api %s (%s): %s", api->where, api->last,
	    err->message);
	snprintf(err->message, sizeof err->message, "%s", msg);
	free(msg);
}

/* Why no answer came, in words that stay the same from one try to the next
 * (curl's own text carries timings), so that one cause reads as one. */
static void
transport_error(struct core_api *api, CURLcode rc, struct api_error *err)
{
	char *raw = url_redact_text(api->errbuf[0] != '\0' ? api->errbuf :
	    curl_easy_strerror(rc), api->base);
	char *why = sanitize_text(raw, 200);
	enum code code = CODE_CORE_API_UNREACHABLE;

	/* A body that stops short is an answer gone bad, not silence. */
	if (rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR ||
	    rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_BAD_CONTENT_ENCODING)
		code = CODE_CORE_API_BAD_RESPONSE;
	if (rc == CURLE_ABORTED_BY_CALLBACK && cancel_requested())
		api_error_set(err, code, 0, "cancelled: stopping");
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		api_error_set(err, code, 0, "no answer within %ld ms",
		    api->timeout_ms);
	else if (rc == CURLE_COULDNT_CONNECT)
		api_error_set(err, code, 0, "cannot connect (%s)", why);
	else
		api_error_set(err, code, 0, "%s", why);
	free(raw);
	free(why);
	name_error(api, err);
}

/*
 * curl_easy_perform() waits up to a second at a time while nothing arrives,
 * so a quit would wait for it; the multi interface lets us wait in 100 ms
 * steps and look at the stop flag between them. The connection cache lives
 * in the multi handle, so keep-alive is unchanged.
 */
static CURLcode
perform(struct core_api *api)
{
	CURLcode rc = CURLE_ABORTED_BY_CALLBACK;
	CURLMsg *msg;
	int running = 1, left;

	if (curl_multi_add_handle(api->multi, api->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	while (running) {
		if (cancel_requested())
			goto out;
		if (curl_multi_perform(api->multi, &running) != CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			goto out;
		}
		if (running && curl_multi_poll(api->multi, NULL, 0, 100, NULL) !=
		    CURLM_OK) {
			rc = CURLE_FAILED_INIT;
			goto out;
		}
	}
	while ((msg = curl_multi_info_read(api->multi, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == api->curl)
			rc = msg->data.result;
out:
	curl_multi_remove_handle(api->multi, api->curl);
	return rc;
}

/* Performs one request; 0 with r filled when an HTTP answer came. */
static int
request(struct core_api *api, const char *method, const char *path,
    struct curl_slist *headers, const char *body, struct response *r,
    struct api_error *err)
{
	CURL *c = api->curl;
	char *url = xasprintf("%s%s", api->base, path);
	CURLcode rc;

	memset(r, 0, sizeof *r);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, api->timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, api->timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, api->errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ingestgate/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)CORE_API_MAX_BODY);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, api->insecure ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, api->insecure ? 0L : 2L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body != NULL ? body : "");
	}
	api->errbuf[0] = '\0';
	api->requests++;
	snprintf(api->last, sizeof api->last, "%s %.*s", method,
	    (int)strcspn(path, "?"), path);
	waitnote_begin("core-api %s (%s)", api->where, api->last);
	rc = perform(api);
	waitnote_end();
	free(url);
	if (r->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		api_error_set(err, CODE_CORE_API_BAD_RESPONSE, 0,
		    "response larger than %d bytes", CORE_API_MAX_BODY);
		name_error(api, err);
		buf_free(&r->body);
		return -1;
	}
	if (rc != CURLE_OK) {
		transport_error(api, rc, err);
		buf_free(&r->body);
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->body.data == NULL)
		buf_adds(&r->body, "");
	return 0;
}

static struct curl_slist *
admin_headers(const char *token, const char *role)
{
	struct curl_slist *h = NULL;
	char *t = xasprintf("x-admin-token: %s", token);
	char *ro = xasprintf("x-admin-role: %s", role);

	h = curl_slist_append(h, t);
	h = curl_slist_append(h, ro);
	h = curl_slist_append(h, "Accept: application/json");
	memset(t, 0, strlen(t));
	free(t);
	free(ro);
	return h;
}

/* Maps a non-2xx answer to a code. */
static void
http_error(const struct core_api *api, const struct response *r,
    struct api_error *err)
{
	enum code c;
	char *code_text, *msg;

	if (map_error(r->body.data, r->body.len, &c, &code_text, &msg) == 0) {
		if (c == CODE_NONE)
			api_error_set(err, CODE_CORE_API_BAD_RESPONSE, r->status,
			    "HTTP %ld %s: %s", r->status, code_text,
			    msg != NULL ? msg : "");
		else
			api_error_set(err, c, r->status, "HTTP %ld %s%s%s",
			    r->status, code_text, msg != NULL ? ": " : "",
			    msg != NULL ? msg : "");
		free(code_text);
		free(msg);
		name_error(api, err);
		return;
	}
	switch (r->status) {
	case 401:
		c = CODE_INVALID_ADMIN_TOKEN;
		break;
	case 403:
		c = CODE_ADMIN_ROLE_FORBIDDEN;
		break;
	default:
		c = CODE_CORE_API_BAD_RESPONSE;
		break;
	}
	api_error_set(err, c, r->status, "HTTP %ld without an error envelope",
	    r->status);
	name_error(api, err);
}

/* One request with headers h and body (takes both); on 2xx leaves the
 * answer's body in r, otherwise fills err from the answer's envelope. */
static int
call(struct core_api *api, const char *method, const char *path,
    struct curl_slist *h, char *body, struct response *r,
    struct api_error *err)
{
	int ret = request(api, method, path, h, body, r, err);

	curl_slist_free_all(h);
	free(body);
	if (ret != 0)
		return -1;
	if (r->status < 200 || r->status > 299) {
		http_error(api, r, err);
		buf_free(&r->body);
		return -1;
	}
	return 0;
}

/* GET path as an admin reader. */
static int
admin_get(struct core_api *api, const char *path, struct response *r,
    struct api_error *err)
{
	return call(api, "GET", path, admin_headers(api->token, "VIEWER"), NULL,
	    r, err);
}

/* POST body as JSON with headers h (takes both). */
static int
post_json(struct core_api *api, const char *path, struct curl_slist *h,
    char *body, struct response *r, struct api_error *err)
{
	return call(api, "POST", path,
	    curl_slist_append(h, "Content-Type: application/json"), body, r, err);
}

static int
bad_body(const struct core_api *api, struct api_error *err, char *cause)
{
	api_error_set(err, CODE_CORE_API_BAD_RESPONSE, 200, "%s",
	    cause != NULL ? cause : "unexpected body");
	name_error(api, err);
	free(cause);
	return -1;
}

/* A mapped 2xx answer: frees its body; a body the map refused is
 * CORE_API_BAD_RESPONSE with the map's reason (taken from *cause). */
static int
mapped(const struct core_api *api, struct response *r, int map_ret,
    char **cause, struct api_error *err)
{
	buf_free(&r->body);
	return map_ret == 0 ? 0 : bad_body(api, err, *cause);
}

int
core_api_runtime(struct core_api *api, struct runtime_info *out,
    struct api_error *err)
{
	static const char path[] = "/v1/ingest/runtime";
	struct response r;
	char *cause = NULL;
	int ret;

	memset(err, 0, sizeof *err);
	if (admin_get(api, path, &r, err) != 0)
		return -1;
	ret = map_runtime(r.body.data, r.body.len, out, &cause);
	return mapped(api, &r, ret, &cause, err);
}

/*
 * Figures for another window than the one asked would judge the wrong
 * period (SPEC section 3, F-03 and F-04 alike): that answer is refused here,
 * for every reader (gates, status, the console). 0, or -1 with *cause.
 */
static int
window_matches(const char *what, long long answered, long asked,
    char **cause)
{
	if (answered == asked)
		return 0;
	if (answered < 0)
		*cause = xasprintf("%s did not say which window it counted "
		    "(windowMinutes missing; %ld asked)", what, asked);
	else
		*cause = xasprintf("%s answered for windowMinutes %lld, not the "
		    "%ld asked", what, answered, asked);
	return -1;
}

int
core_api_processing(struct core_api *api, long window, const char *batch,
    struct processing_metrics *out, struct api_error *err)
{
	struct response r;
	char *cause = NULL, *path;
	int ret;

	memset(err, 0, sizeof *err);
	if (batch != NULL) {
		char *esc = curl_easy_escape(api->curl, batch, 0);

		path = xasprintf("/v1/ingest/metrics/processing?windowMinutes=%ld"
		    "&batchCode=%s", window, esc != NULL ? esc : "");
		curl_free(esc);
	} else
		path = xasprintf("/v1/ingest/metrics/processing?windowMinutes=%ld",
		    window);
	ret = admin_get(api, path, &r, err);
	free(path);
	if (ret != 0)
		return -1;
	ret = map_processing(r.body.data, r.body.len, out, &cause);
	if (ret == 0 && window_matches("/v1/ingest/metrics/processing",
	    out->window_minutes, window, &cause) != 0) {
		processing_metrics_free(out);
		ret = -1;
	}
	return mapped(api, &r, ret, &cause, err);
}

int
core_api_queue(struct core_api *api, long window, struct queue_metrics *out,
    struct api_error *err)
{
	struct response r;
	char *cause = NULL, *path;
	int ret;

	memset(err, 0, sizeof *err);
	path = xasprintf("/v1/ingest/metrics/queue?windowMinutes=%ld", window);
	ret = admin_get(api, path, &r, err);
	free(path);
	if (ret != 0)
		return -1;
	ret = map_queue(r.body.data, r.body.len, out, &cause);
	if (ret == 0 && window_matches("/v1/ingest/metrics/queue",
	    out->window_minutes, window, &cause) != 0) {
		queue_metrics_free(out);
		ret = -1;
	}
	return mapped(api, &r, ret, &cause, err);
}

/* The text of o as a request body (caller frees); takes o. json-c does the
 * escaping, so no value can break out of its string. */
static char *
body_text(json_object *o)
{
	char *s = xstrdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(o);
	return s;
}

void
ingest_signature(const char *secret, long long ts, const char *body,
    char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char *msg = xasprintf("%lld.%s", ts, body);

	HMAC(EVP_sha256(), secret, (int)strlen(secret),
	    (const unsigned char *)msg, strlen(msg), md, &mdlen);
	free(msg);
	text_hex(md, mdlen < 32 ? mdlen : 32, out);
}

int
core_api_signature_check(struct core_api *api, const char *token,
    const char *secret, long long ts, struct api_error *err)
{
	static const char path[] = "/v1/ingest/signature-check";
	struct curl_slist *h = NULL;
	struct response r;
	json_object *probe;
	char sig[65], *body, *hdr, *cause = NULL;
	int ret, valid = 0;

	memset(err, 0, sizeof *err);
	probe = json_object_new_object();
	json_object_object_add(probe, "probe", json_object_new_boolean(1));
	json_object_object_add(probe, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(probe, "sentAt", json_object_new_int64(ts));
	body = body_text(probe);
	ingest_signature(secret, ts, body, sig);
	hdr = xasprintf("x-ingest-service-token: %s", token);
	h = curl_slist_append(h, hdr);
	memset(hdr, 0, strlen(hdr));
	free(hdr);
	hdr = xasprintf("x-ingest-timestamp: %lld", ts);
	h = curl_slist_append(h, hdr);
	free(hdr);
	hdr = xasprintf("x-ingest-signature: %s", sig);
	h = curl_slist_append(h, hdr);
	free(hdr);
	if (post_json(api, path, h, body, &r, err) != 0) {
		/* 401 here is the signature's, not the admin token's. */
		if (err->code == CODE_INVALID_ADMIN_TOKEN)
			err->code = CODE_INVALID_INGEST_SIGNATURE;
		return -1;
	}
	ret = map_signature(r.body.data, r.body.len, &valid, &cause);
	buf_free(&r.body);
	if (ret != 0)
		return bad_body(api, err, cause);
	if (!valid) {
		api_error_set(err, CODE_INVALID_INGEST_SIGNATURE, r.status,
		    "server answered valid:false");
		name_error(api, err);
		return -1;
	}
	return 0;
}

int
core_api_probe(struct core_api *api, const char *path, const char *token,
    const char *role, long *status, struct api_error *err)
{
	struct curl_slist *h = admin_headers(token, role);
	struct response r;
	int ret;

	memset(err, 0, sizeof *err);
	ret = request(api, "GET", path, h, NULL, &r, err);
	curl_slist_free_all(h);
	if (ret != 0)
		return -1;
	*status = r.status;
	if (r.status < 200 || r.status > 299)
		http_error(api, &r, err);
	buf_free(&r.body);
	return 0;
}

int
core_api_replay(struct core_api *api, const char *role, const char *status,
    const char *source, const char *channel, long limit, int dry_run,
    struct replay_counts *out, struct api_error *err)
{
	static const char path[] = "/v1/ingest/dlq/replay";
	struct curl_slist *h = admin_headers(api->token, role);
	json_object *o = json_object_new_object();
	struct response r;
	char *body, *cause = NULL;
	int ret;

	memset(err, 0, sizeof *err);
	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "source",
	    source != NULL ? json_object_new_string(source) : NULL);
	json_object_object_add(o, "channel",
	    channel != NULL ? json_object_new_string(channel) : NULL);
	json_object_object_add(o, "limit", json_object_new_int64(limit));
	json_object_object_add(o, "dryRun", json_object_new_boolean(dry_run));
	body = body_text(o);
	if (post_json(api, path, h, body, &r, err) != 0)
		return -1;
	ret = map_replay(r.body.data, r.body.len, out, &cause);
	buf_free(&r.body);
	return ret == 0 ? 0 : bad_body(api, err, cause);
}
