/* Verdicts and failure codes: the one list of SPEC section 6, shared by gates,
 * reports, the console and the playbook. */
#ifndef INGESTGATE_CODES_H
#define INGESTGATE_CODES_H

/* Ordered worst first so that "worst of" is a plain minimum. */
enum verdict {
	VERDICT_ERROR,
	VERDICT_FAIL,
	VERDICT_INCONCLUSIVE,
	VERDICT_WARN,
	VERDICT_PASS,
	VERDICT_SKIPPED,
	VERDICT_COUNT
};

#define FAILURE_CODES(X)                   \
	X(INVALID_ADMIN_TOKEN)             \
	X(ADMIN_ROLE_FORBIDDEN)            \
	X(DLQ_GROWTH_HIGH)                 \
	X(PROCESSING_SUCCESS_RATE_LOW)     \
	X(PROCESSING_INSUFFICIENT_SAMPLE)  \
	X(PHASE2_QUALITY_FAILED)           \
	X(INVALID_INGEST_SIGNATURE)        \
	X(INGEST_TIMESTAMP_SKEW)           \
	X(QUEUE_REDIS_UNREACHABLE)         \
	X(CORE_API_UNREACHABLE)            \
	X(CORE_API_BAD_RESPONSE)           \
	X(OPS_DB_UNREACHABLE)              \
	X(ENV_MISSING_KEY)                 \
	X(ENV_FLAG_DISABLED)               \
	X(ENV_EMIT_ENABLED_EARLY)          \
	X(ENV_INVALID_URL)                 \
	X(ENV_SECRET_HIDDEN_CHARS)         \
	X(ENV_SECRET_MISMATCH)             \
	X(ENV_RELOAD_PENDING)              \
	X(ADMIN_RBAC_BROKEN)               \
	X(ENV_FLAG_INVALID)                \
	X(ENV_PARSE_ERROR)                 \
	X(PHASE2_BATCH_EMPTY)              \
	X(QUALITY_CHECK_INVALID)           \
	X(QUALITY_DUPLICATE_IDENTITY)      \
	X(QUALITY_PAYMENT_ORPHAN)          \
	X(REPLAY_CANARY_ABORTED)           \
	X(EVIDENCE_SIGNATURE_INVALID)      \
	X(BATCH_ON_HOLD)                   \
	X(REPORT_WRITE_FAILED)             \
	X(BATCH_FOLDER_CONFLICT)

enum code {
	CODE_NONE = 0,
#define X(name) CODE_##name,
	FAILURE_CODES(X)
#undef X
	CODE_COUNT
};

const char *verdict_name(enum verdict v);
int verdict_parse(const char *s, enum verdict *out);
/* The worse of two verdicts (SKIPPED is the least bad). */
enum verdict verdict_worst(enum verdict a, enum verdict b);
/* 1 when v is a problem to show: neither PASS nor SKIPPED. */
int verdict_bad(enum verdict v);
/* Exit status of SPEC section 4: 0 PASS/WARN/SKIPPED, 1 FAIL, 2 INCONCLUSIVE/ERROR. */
int verdict_exit_status(enum verdict v);

/* "" for CODE_NONE. */
const char *code_name(enum code c);
/* CODE_NONE when the name is not a known code. */
enum code code_parse(const char *s);

#endif
