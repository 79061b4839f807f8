/* The core-api client of SPEC section 8 over libcurl: one handle reused
 * across requests (keep-alive), connect and total timeouts, TLS verified
 * unless --insecure, responses capped at 8 MiB, errors mapped to codes. */
#ifndef INGESTGATE_CORE_API_H
#define INGESTGATE_CORE_API_H

#include "core/snapshot.h"

struct core_api;

#define CORE_API_MAX_BODY (8 * 1024 * 1024)

/* Returns NULL with *cause when base_url is unusable. Takes copies. */
struct core_api *core_api_new(const char *base_url, const char *admin_token,
    long timeout_ms, int insecure, char **cause);
void core_api_free(struct core_api *api);
/* Requests made so far (for the benchmark's cost figures). */
long core_api_requests(const struct core_api *api);

int core_api_runtime(struct core_api *api, struct runtime_info *out,
    struct api_error *err);
int core_api_processing(struct core_api *api, long window, const char *batch,
    struct processing_metrics *out, struct api_error *err);
int core_api_queue(struct core_api *api, long window, struct queue_metrics *out,
    struct api_error *err);
/* POST /v1/ingest/signature-check with a probe body signed at timestamp ts.
 * 0 when the server says valid; otherwise -1 and err names the code. */
int core_api_signature_check(struct core_api *api, const char *token,
    const char *secret, long long ts, struct api_error *err);
/* A GET with a given token and role: fills the HTTP status and the error
 * code of the answer (CODE_NONE on 2xx). -1 only when no answer came. */
int core_api_probe(struct core_api *api, const char *path, const char *token,
    const char *role, long *status, struct api_error *err);
/* POST /v1/ingest/dlq/replay. source/channel may be NULL. */
int core_api_replay(struct core_api *api, const char *role, const char *status,
    const char *source, const char *channel, long limit, int dry_run,
    struct replay_counts *out, struct api_error *err);

/* Lowercase hex HMAC-SHA256(secret, ts + "." + body) into out (65 bytes). */
void ingest_signature(const char *secret, long long ts, const char *body,
    char out[65]);

#endif
