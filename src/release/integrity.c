/* The canonical document, its digest and Ed25519 signatures (definitions in
 * integrity.h), and the check of one evidence file. libcrypto EVP only:
 * SHA-256 through EVP_Digest, Ed25519 through EVP_DigestSign/Verify with a
 * NULL digest (the algorithm hashes internally), base64 through
 * EVP_EncodeBlock/DecodeBlock. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include "core/fileio.h"
#include "release/integrity.h"
#include "core/json_read.h"
#include "core/text.h"
#include "core/util.h"

/* Evidence reports are small; a larger file is not ours. */
#define INTEGRITY_MAX_FILE (64u * 1024 * 1024)
#define ED25519_SIG_LEN 64
#define ED25519_KEY_LEN 32

struct integrity_key {
	EVP_PKEY *pkey;
	int private_key;
	char id[INTEGRITY_KEYID_LEN + 1];
};

static const char *const integrity_skip[] = { "integrity", NULL };

int
integrity_parse(const char *text, size_t len, json_object **out, char **cause)
{
	return json_read_strict(text, len, out, cause);
}

static void
canon_string(struct buf *b, const char *s, size_t len)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			if (c < 0x20)
				buf_addf(b, "\\u%04x", c);
			else
				buf_addc(b, (char)c);
		}
	}
	buf_addc(b, '"');
}

static int
key_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return strcmp(x, y);	/* bytewise on unsigned char, as memcmp */
}

static int
skipped(const char *key, const char *const *skip)
{
	for (size_t i = 0; skip != NULL && skip[i] != NULL; i++)
		if (strcmp(key, skip[i]) == 0)
			return 1;
	return 0;
}

static void
canon_value(struct buf *b, json_object *o, const char *const *skip)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		buf_adds(b, "null");
		break;
	case json_type_boolean:
		buf_adds(b, json_object_get_boolean(o) ? "true" : "false");
		break;
	case json_type_int:
	case json_type_double:
		/* Integers in decimal; a parsed double keeps its literal. */
		buf_adds(b, json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN));
		break;
	case json_type_string:
		canon_string(b, json_object_get_string(o),
		    (size_t)json_object_get_string_len(o));
		break;
	case json_type_array: {
		size_t n = json_object_array_length(o);

		buf_addc(b, '[');
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				buf_addc(b, ',');
			canon_value(b, json_object_array_get_idx(o, i), NULL);
		}
		buf_addc(b, ']');
		break;
	}
	case json_type_object: {
		size_t n = 0, k = 0;
		const char **keys;

		json_object_object_foreach(o, key0, val0) {
			(void)key0;
			(void)val0;
			n++;
		}
		keys = xcalloc(n + 1, sizeof *keys);
		json_object_object_foreach(o, key, val) {
			(void)val;
			if (!skipped(key, skip))
				keys[k++] = key;
		}
		if (k > 1)	/* qsort(NULL, 0) is undefined */
			qsort(keys, k, sizeof *keys, key_cmp);
		buf_addc(b, '{');
		for (size_t i = 0; i < k; i++) {
			if (i > 0)
				buf_addc(b, ',');
			canon_string(b, keys[i], strlen(keys[i]));
			buf_addc(b, ':');
			canon_value(b, json_object_object_get(o, keys[i]), NULL);
		}
		buf_addc(b, '}');
		free(keys);
		break;
	}
	}
}

char *
integrity_canonical(json_object *o, const char *const *skip)
{
	struct buf b = { 0 };

	canon_value(&b, o, skip);
	return buf_take(&b);
}

void
integrity_sha256_hex(const void *data, size_t len,
    char hex[INTEGRITY_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
		fatal("SHA-256 failed in libcrypto");
	text_hex(md, n, hex);
}

void
integrity_digest(json_object *o, const char *const *skip,
    char hex[INTEGRITY_HEX_LEN + 1])
{
	char *c = integrity_canonical(o, skip);

	integrity_sha256_hex(c, strlen(c), hex);
	free(c);
}

struct integrity_key *
integrity_key_load(const char *path, int private_key, char **cause)
{
	struct integrity_key *k;
	unsigned char raw[ED25519_KEY_LEN];
	size_t rawlen = sizeof raw;
	char hex[INTEGRITY_HEX_LEN + 1];
	EVP_PKEY *p;
	FILE *f;
	struct stat st = { 0 };

	if ((f = fopen(path, "re")) == NULL) {
		*cause = xasprintf("cannot read the %s key %s: %s",
		    private_key ? "signing" : "public", path, strerror(errno));
		return NULL;
	}
	/* As ssh does: a private key others can read is no longer secret,
	 * and signing with it would vouch for nothing. */
	if (private_key && (fstat(fileno(f), &st) != 0 ||
	    (st.st_mode & 077) != 0)) {
		*cause = xasprintf("the signing key %s is open to group or "
		    "others (permissions %04o): refused; run 'chmod 600 %s'", path,
		    (unsigned)(st.st_mode & 07777), path);
		fclose(f);
		return NULL;
	}
	p = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL) :
	    PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (p == NULL) {
		*cause = xasprintf("%s is not a PEM %s key (make one with "
		    "'openssl genpkey -algorithm ed25519%s')", path,
		    private_key ? "private" : "public", private_key ? "" :
		    "' and 'openssl pkey -pubout");
		return NULL;
	}
	if (EVP_PKEY_get_id(p) != EVP_PKEY_ED25519) {
		*cause = xasprintf("%s holds a %s key, not Ed25519 (make one "
		    "with 'openssl genpkey -algorithm ed25519')", path,
		    OBJ_nid2sn(EVP_PKEY_get_id(p)));
		EVP_PKEY_free(p);
		return NULL;
	}
	if (EVP_PKEY_get_raw_public_key(p, raw, &rawlen) != 1 ||
	    rawlen != ED25519_KEY_LEN) {
		*cause = xasprintf("%s: cannot read its public key", path);
		EVP_PKEY_free(p);
		return NULL;
	}
	k = xcalloc(1, sizeof *k);
	k->pkey = p;
	k->private_key = private_key;
	integrity_sha256_hex(raw, rawlen, hex);
	memcpy(k->id, hex, INTEGRITY_KEYID_LEN);
	k->id[INTEGRITY_KEYID_LEN] = '\0';
	return k;
}

struct integrity_key *
integrity_key_from_env(char **cause)
{
	const char *path = getenv(INTEGRITY_KEY_ENV);
	struct integrity_key *k;
	char *why = NULL;

	*cause = NULL;
	if (path == NULL || *path == '\0')
		return NULL;
	if ((k = integrity_key_load(path, 1, &why)) == NULL) {
		*cause = xasprintf("%s: %s", INTEGRITY_KEY_ENV, why);
		free(why);
	}
	return k;
}

void
integrity_key_free(struct integrity_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

const char *
integrity_key_id(const struct integrity_key *k)
{
	return k->id;
}

int
integrity_sign(const struct integrity_key *k, const char *hex, char **b64,
    char **cause)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sig[ED25519_SIG_LEN];
	size_t siglen = sizeof sig;
	int ret = -1;

	if (ctx == NULL)
		fatal("out of memory");
	if (!k->private_key) {
		*cause = xstrdup("a public key cannot sign");
		goto out;
	}
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)hex,
	    strlen(hex)) != 1 || siglen != ED25519_SIG_LEN) {
		*cause = xstrdup("Ed25519 signing failed in libcrypto");
		goto out;
	}
	*b64 = xmalloc(4 * ((ED25519_SIG_LEN + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)*b64, sig, (int)siglen);
	ret = 0;
out:
	EVP_MD_CTX_free(ctx);
	return ret;
}

int
integrity_check_sig(const struct integrity_key *k, const char *hex,
    const char *b64)
{
	/* 64 bytes are 88 base64 characters ending in "==". */
	unsigned char sig[3 * (88 / 4)];
	EVP_MD_CTX *ctx;
	int ok;

	if (b64 == NULL || strlen(b64) != 88 || b64[86] != '=' ||
	    b64[87] != '=' || strchr(b64, '=') != b64 + 86)
		return 0;
	if (EVP_DecodeBlock(sig, (const unsigned char *)b64, 88) != 66)
		return 0;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatal("out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, ED25519_SIG_LEN,
	    (const unsigned char *)hex, strlen(hex)) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

void
integrity_attach(json_object *doc, const struct integrity_key *key)
{
	json_object *reparsed = NULL, *in;
	char hex[INTEGRITY_HEX_LEN + 1], *b64 = NULL, *cause = NULL;
	const char *text;

	json_object_object_del(doc, "integrity");
	/* Digest what a reader will parse, not the writer's objects: a
	 * number built in memory could print differently from its literal. */
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (integrity_parse(text, strlen(text), &reparsed, &cause) != 0)
		fatal("evidence JSON does not parse back: %s", cause);
	integrity_digest(reparsed, integrity_skip, hex);
	json_object_put(reparsed);
	in = json_object_new_object();
	json_object_object_add(in, "sha256", json_object_new_string(hex));
	if (key != NULL && integrity_sign(key, hex, &b64, &cause) == 0) {
		json_object_object_add(in, "signature", json_object_new_string(b64));
		json_object_object_add(in, "keyId",
		    json_object_new_string(integrity_key_id(key)));
	} else {
		json_object_object_add(in, "signature", NULL);
		json_object_object_add(in, "keyId", NULL);
	}
	free(cause);
	free(b64);
	json_object_object_add(doc, "integrity", in);
}

int
integrity_attach_env(json_object *doc, char **cause)
{
	struct integrity_key *k = integrity_key_from_env(cause);

	if (k == NULL && *cause != NULL)
		return -1;
	integrity_attach(doc, k);
	integrity_key_free(k);
	return 0;
}

static const char *
member_string(json_object *o, const char *key, int *present, int *wrong)
{
	json_object *v;

	*present = json_object_object_get_ex(o, key, &v) && v != NULL;
	if (!*present)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*wrong = 1;
		return NULL;
	}
	return json_object_get_string(v);
}

static void
report_set(struct integrity_report *r, enum integrity_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
report_set(struct integrity_report *r, enum integrity_status st,
    const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	free(r->message);
	va_start(ap, fmt);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
}

void
integrity_check_doc(json_object *doc, const struct integrity_key *pub,
    struct integrity_report *out)
{
	json_object *in;
	const char *sha, *sig, *kid;
	int has_sha = 0, has_sig = 0, has_kid = 0, wrong = 0;

	memset(out, 0, sizeof *out);
	if (!json_object_is_type(doc, json_type_object)) {
		report_set(out, INTEGRITY_INVALID, "not an evidence report "
		    "(the document is not a JSON object)");
		return;
	}
	integrity_digest(doc, integrity_skip, out->digest);
	if (!json_object_object_get_ex(doc, "integrity", &in) || in == NULL) {
		report_set(out, pub != NULL ? INTEGRITY_INVALID :
		    INTEGRITY_UNCHECKABLE, "no integrity field: written by an "
		    "ingestgate without signing, or removed");
		return;
	}
	if (!json_object_is_type(in, json_type_object)) {
		report_set(out, INTEGRITY_INVALID, "the integrity field is not "
		    "an object");
		return;
	}
	sha = member_string(in, "sha256", &has_sha, &wrong);
	sig = member_string(in, "signature", &has_sig, &wrong);
	kid = member_string(in, "keyId", &has_kid, &wrong);
	if (wrong || !has_sha) {
		report_set(out, INTEGRITY_INVALID, "digest: integrity.sha256 is "
		    "missing or not a string");
		return;
	}
	if (strcmp(sha, out->digest) != 0) {
		report_set(out, INTEGRITY_INVALID, "digest: the document was "
		    "changed (integrity.sha256 %.12s..., content hashes to "
		    "%.12s...)", sha, out->digest);
		return;
	}
	out->is_signed = has_sig;
	if (has_kid)
		snprintf(out->key_id, sizeof out->key_id, "%s", kid);
	if (!has_sig) {
		if (pub != NULL)
			report_set(out, INTEGRITY_INVALID, "signature: the "
			    "report is not signed, but a signature by key %s "
			    "was required (--pubkey)", integrity_key_id(pub));
		else
			report_set(out, INTEGRITY_VALID, "digest holds (report "
			    "not signed)");
		return;
	}
	if (pub == NULL) {
		report_set(out, INTEGRITY_UNCHECKABLE, "digest holds, but the "
		    "signature (key %s) cannot be checked without a public key "
		    "(--pubkey PEM or %s)", has_kid ? kid : "?", INTEGRITY_KEY_ENV);
		return;
	}
	if (has_kid && strcmp(kid, integrity_key_id(pub)) != 0) {
		report_set(out, INTEGRITY_INVALID, "signature: made with key %s, "
		    "not with the given key %s", kid, integrity_key_id(pub));
		return;
	}
	if (!integrity_check_sig(pub, sha, sig)) {
		report_set(out, INTEGRITY_INVALID, "signature: does not match "
		    "the digest for key %s", integrity_key_id(pub));
		return;
	}
	report_set(out, INTEGRITY_VALID, "digest and signature hold (key %s)",
	    integrity_key_id(pub));
}

void
integrity_check_file(const char *path, const struct integrity_key *pub,
    struct integrity_report *out)
{
	struct buf b;
	json_object *doc = NULL;
	char *cause = NULL;

	memset(out, 0, sizeof *out);
	if (fileio_read_own(path, INTEGRITY_MAX_FILE, &b, &cause) != 0) {
		report_set(out, INTEGRITY_UNCHECKABLE, "cannot read %s", cause);
		free(cause);
		return;
	}
	if (integrity_parse(b.data, b.len, &doc, &cause) != 0) {
		report_set(out, INTEGRITY_INVALID, "%s:%s (the file is not the "
		    "JSON that was written)", path, cause + strlen("line "));
		free(cause);
		buf_free(&b);
		return;
	}
	buf_free(&b);
	integrity_check_doc(doc, pub, out);
	json_object_put(doc);
}

void
integrity_report_free(struct integrity_report *r)
{
	free(r->message);
	r->message = NULL;
}
