/* The keys of a result's thresholds and metrics that more than one module
 * reads (gates write them, the reports print them, the monitor and the panes
 * read them): one list, as codes.h does for codes. A key spelled through its
 * symbol fails to compile when renamed; the string is the JSON report's
 * (SPEC section 4) and does not change. Read them with kv_int_or() /
 * kv_num_or(), never a bare kv_get(...)->i. */
#ifndef INGESTGATE_RESULT_KEYS_H
#define INGESTGATE_RESULT_KEYS_H

#define THRESHOLD_KEYS(X)                                       \
	X(TH_WINDOW_MINUTES, "windowMinutes")                   \
	X(TH_MIN_SUCCESS_RATE, "minSuccessRate")                \
	X(TH_WARN_SUCCESS_RATE, "warnSuccessRate")              \
	X(TH_MIN_SAMPLE, "minSample")                           \
	X(TH_MAX_GROWTH, "maxGrowth")                           \
	X(TH_MAX_OPEN, "maxOpen")                               \
	X(TH_MAX_FINDINGS, "maxFindings")                       \
	X(TH_MAX_SAMPLES_PER_CHECK, "maxSamplesPerCheck")       \
	X(TH_STATEMENT_TIMEOUT_MS, "statementTimeoutMs")

#define METRIC_KEYS(X)                                          \
	X(M_SUCCESS_RATE, "successRate")                        \
	X(M_TOTAL, "total")                                     \
	X(M_FAILED, "failed")                                   \
	X(M_OPEN, "open")                                       \
	X(M_GROWTH, "growth")                                   \
	X(M_TOP_FAILING_SOURCE, "topFailingSource")             \
	X(M_TOP_FAILING_CHANNEL, "topFailingChannel")           \
	X(M_DOMINANT_STATUS, "dominantStatus")                  \
	X(M_QUALITY_SKIPPED, "qualitySkipped")                  \
	X(M_CHECKS_NOT_RUN, "checksNotRun")

#define X(sym, key) extern const char sym[];
THRESHOLD_KEYS(X)
METRIC_KEYS(X)
#undef X

#endif
