/* Evidence you can trust later (SPEC section 11): the canonical document, its
 * SHA-256 digest, Ed25519 signatures over it and the check of an evidence
 * file. All crypto goes through libcrypto's EVP interface.
 *
 * The canonical document of a JSON value is defined here, once, for the
 * writer and the verifier alike:
 *   - the text is parsed (json-c) and serialised again, so whitespace and
 *     key order in the file never matter;
 *   - object members are sorted by key, comparing the keys' UTF-8 bytes
 *     (memcmp, shorter first on a tie), at every level; the top-level
 *     members named in a skip list (e.g. "integrity") are left out;
 *   - no whitespace at all: {"a":1,"b":[true,null]};
 *   - strings: '"', then each byte as is, except '"' -> \", '\\' -> \\,
 *     \b \f \n \r \t for those controls, other bytes below 0x20 -> \u00xx
 *     (lowercase hex); '/' and non-ASCII bytes are never escaped;
 *   - integers in plain decimal; other numbers exactly as written in the
 *     parsed text (json-c keeps their literal), so no locale can change them;
 *   - true, false, null.
 * The digest is the lowercase hex SHA-256 of those bytes. The signature is
 * Ed25519 over the 64 ASCII characters of that hex digest, stored in base64;
 * the key id is the first 8 hex digits of SHA-256 of the raw 32-byte public
 * key. */
#ifndef INGESTGATE_INTEGRITY_H
#define INGESTGATE_INTEGRITY_H

#include <stddef.h>

#include <json-c/json.h>

#define INTEGRITY_HEX_LEN 64
#define INTEGRITY_KEYID_LEN 8

/* Where the signing key is named: a path, never argv. */
#define INTEGRITY_KEY_ENV "INGESTGATE_SIGNING_KEY"

struct integrity_key;

/* Parses a whole JSON text (json_read.c, the one strict reader); -1 with
 * *cause naming the line ("line N: ...") when it is not one valid document.
 * *out is owned by the caller. */
int integrity_parse(const char *text, size_t len, json_object **out,
    char **cause);

/* The canonical text of o without the top-level keys in skip (NULL ended,
 * may be NULL); caller frees. */
char *integrity_canonical(json_object *o, const char *const *skip);

/* Lowercase hex SHA-256 of data into hex (65 bytes). */
void integrity_sha256_hex(const void *data, size_t len,
    char hex[INTEGRITY_HEX_LEN + 1]);

/* Digest of the canonical document of o (top-level keys in skip left out). */
void integrity_digest(json_object *o, const char *const *skip,
    char hex[INTEGRITY_HEX_LEN + 1]);

/* Loads an Ed25519 private (or public) key PEM; NULL with *cause when the
 * file is missing, unreadable or not an Ed25519 key. Caller frees. */
struct integrity_key *integrity_key_load(const char *path, int private_key,
    char **cause);
/* The key named by INGESTGATE_SIGNING_KEY: NULL with *cause NULL when the
 * variable is unset or empty, NULL with *cause when it cannot be used. */
struct integrity_key *integrity_key_from_env(char **cause);
void integrity_key_free(struct integrity_key *k);
/* First 8 hex digits of SHA-256 of the raw public key. */
const char *integrity_key_id(const struct integrity_key *k);

/* Signs the hex digest; *b64 (caller frees) is the base64 signature. */
int integrity_sign(const struct integrity_key *k, const char *hex, char **b64,
    char **cause);
/* 1 when b64 is k's signature of hex, 0 when it is not (or malformed). */
int integrity_check_sig(const struct integrity_key *k, const char *hex,
    const char *b64);

/* Adds "integrity": {sha256, signature, keyId} to an evidence document,
 * signing with key when it is not NULL. Any earlier "integrity" is
 * replaced. */
void integrity_attach(json_object *doc, const struct integrity_key *key);

/* Adds integrity to doc with the key of INGESTGATE_SIGNING_KEY (if any);
 * -1 with *cause when that key is named but cannot be used. This is the
 * evidence writer's one hook (report.c). */
int integrity_attach_env(json_object *doc, char **cause);

enum integrity_status {
	INTEGRITY_VALID = 0,
	INTEGRITY_INVALID = 1,	/* changed or badly signed */
	INTEGRITY_UNCHECKABLE = 2
};

struct integrity_report {
	enum integrity_status status;
	char *message;		/* what holds or what is wrong; owned */
	char digest[INTEGRITY_HEX_LEN + 1];	/* recomputed, "" if none */
	char key_id[INTEGRITY_KEYID_LEN + 1];	/* of the signature, "" if none */
	int is_signed;
};

/* Checks one evidence document's digest and signature. pub may be NULL:
 * then a signature cannot be checked (UNCHECKABLE) and an unsigned
 * document is VALID on its digest alone; with pub a signature is
 * required. */
void integrity_check_doc(json_object *doc, const struct integrity_key *pub,
    struct integrity_report *out);
/* Reads and checks an evidence file; bad JSON is INVALID with its line. */
void integrity_check_file(const char *path, const struct integrity_key *pub,
    struct integrity_report *out);
void integrity_report_free(struct integrity_report *r);

#endif
