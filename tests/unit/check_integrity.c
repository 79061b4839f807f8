/* Integrity: the canonical document, its digest, Ed25519 sign and verify,
 * key loading errors and the check of an evidence document. */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "release/integrity.h"
#include "unit.h"
#include "core/util.h"

static char priv_path[64], pub_path[64], other_path[64];

/* A fresh Ed25519 key pair in PEM files; the public one too. */
static void
make_key(const char *priv, const char *pub)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	FILE *f;

	ck_assert(ctx != NULL && EVP_PKEY_keygen_init(ctx) == 1 &&
	    EVP_PKEY_keygen(ctx, &k) == 1);
	f = fopen(priv, "w");
	ck_assert(f != NULL);
	ck_assert(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1);
	fclose(f);
	chmod(priv, 0600);	/* as openssl genpkey makes it */
	if (pub != NULL) {
		f = fopen(pub, "w");
		ck_assert(PEM_write_PUBKEY(f, k) == 1);
		fclose(f);
	}
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(ctx);
}

static void
setup(void)
{
	snprintf(priv_path, sizeof priv_path, "/tmp/ig-int-%ld.pem", (long)getpid());
	snprintf(pub_path, sizeof pub_path, "/tmp/ig-int-%ld.pub", (long)getpid());
	snprintf(other_path, sizeof other_path, "/tmp/ig-int-%ld.oth", (long)getpid());
	make_key(priv_path, pub_path);
	make_key(other_path, NULL);
}

static void
teardown(void)
{
	unlink(priv_path);
	unlink(pub_path);
	unlink(other_path);
}

static json_object *
parse(const char *text)
{
	json_object *o = NULL;
	char *cause = NULL;

	ck_assert_msg(integrity_parse(text, strlen(text), &o, &cause) == 0,
	    "%s", cause);
	return o;
}

static const char *const skip[] = { "integrity", NULL };

START_TEST(canonical_form)
{
	json_object *o = parse("{ \"b\" : [1, 2.50, \"x\\ny/\\u00e9\\u0001\\\"\"],\n"
	    "  \"a\": {\"d\": null, \"c\": true, \"integrity\": 1},\n"
	    "  \"integrity\": {\"sha256\": \"x\"}, \"B\": -0 }");
	char *c = integrity_canonical(o, skip);

	/* Sorted by bytes ("B" < "a"), no spaces, the literal 2.50 kept, only
	 * the top-level integrity left out, minimal string escapes. */
	ck_assert_str_eq(c, "{\"B\":0,\"a\":{\"c\":true,\"d\":null,\"integrity\":1},"
	    "\"b\":[1,2.50,\"x\\ny/\xc3\xa9\\u0001\\\"\"]}");
	free(c);
	json_object_put(o);
}
END_TEST

START_TEST(digest_ignores_layout_not_content)
{
	json_object *a = parse("{\"verdict\":\"PASS\",\"n\":[1,2]}");
	json_object *b = parse("{\n  \"n\": [ 1, 2 ],\n  \"verdict\": \"PASS\",\n"
	    "  \"integrity\": {\"sha256\": \"old\"}\n}");
	json_object *c = parse("{\"verdict\":\"FAIL\",\"n\":[1,2]}");
	char da[65], db[65], dc[65], known[65];
	const char *canon = "{\"n\":[1,2],\"verdict\":\"PASS\"}";

	integrity_digest(a, skip, da);
	integrity_digest(b, skip, db);
	integrity_digest(c, skip, dc);
	ck_assert_str_eq(da, db);
	ck_assert_str_ne(da, dc);
	/* The digest is plain SHA-256 of the canonical bytes. */
	integrity_sha256_hex(canon, strlen(canon), known);
	ck_assert_str_eq(da, known);
	integrity_sha256_hex("abc", 3, known);
	ck_assert_str_eq(known,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);
}
END_TEST

START_TEST(parse_names_the_line)
{
	json_object *o = NULL;
	char *cause = NULL;
	const char *t = "{\n  \"a\": 1,\n  \"b\": [tru";

	ck_assert_int_eq(integrity_parse(t, strlen(t), &o, &cause), -1);
	ck_assert_ptr_null(o);
	ck_assert_msg(strncmp(cause, "line 3:", 7) == 0, "%s", cause);
	free(cause);
	ck_assert_int_eq(integrity_parse("{} x", 4, &o, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "after the end"));
	free(cause);
}
END_TEST

START_TEST(sign_verify_round_trip)
{
	char *cause = NULL, *sig = NULL, hex[65];
	struct integrity_key *k = integrity_key_load(priv_path, 1, &cause);
	struct integrity_key *pub = integrity_key_load(pub_path, 0, &cause);
	struct integrity_key *other = integrity_key_load(other_path, 1, &cause);

	ck_assert_msg(k != NULL && pub != NULL && other != NULL, "%s", cause);
	ck_assert_str_eq(integrity_key_id(k), integrity_key_id(pub));
	ck_assert_str_ne(integrity_key_id(k), integrity_key_id(other));
	ck_assert_int_eq(strlen(integrity_key_id(k)), 8);
	integrity_sha256_hex("evidence", 8, hex);
	ck_assert_int_eq(integrity_sign(k, hex, &sig, &cause), 0);
	ck_assert_int_eq(strlen(sig), 88);
	ck_assert_int_eq(integrity_check_sig(pub, hex, sig), 1);
	ck_assert_int_eq(integrity_check_sig(k, hex, sig), 1);
	ck_assert_int_eq(integrity_check_sig(other, hex, sig), 0);
	hex[10] = hex[10] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(integrity_check_sig(pub, hex, sig), 0);
	hex[10] = hex[10] == 'a' ? 'b' : 'a';
	sig[5] = sig[5] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(integrity_check_sig(pub, hex, sig), 0);
	ck_assert_int_eq(integrity_check_sig(pub, hex, "short=="), 0);
	ck_assert_int_eq(integrity_sign(pub, hex, &sig, &cause), -1);
	free(cause);
	free(sig);
	integrity_key_free(k);
	integrity_key_free(pub);
	integrity_key_free(other);
}
END_TEST

START_TEST(key_errors_are_clear)
{
	char *cause = NULL;
	char path[64];
	FILE *f;

	ck_assert_ptr_null(integrity_key_load("/nonexistent/k.pem", 1, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/k.pem"));
	free(cause);
	/* A signing key others can read is refused, as ssh does (issue 25
	 * item 4); a public key may be read by anyone. */
	chmod(priv_path, 0640);
	ck_assert_ptr_null(integrity_key_load(priv_path, 1, &cause));
	ck_assert_msg(strstr(cause, "permissions 0640") != NULL &&
	    strstr(cause, "chmod 600") != NULL, "%s", cause);
	free(cause);
	chmod(priv_path, 0604);
	ck_assert_ptr_null(integrity_key_load(priv_path, 1, &cause));
	free(cause);
	chmod(priv_path, 0600);
	cause = NULL;
	integrity_key_free(integrity_key_load(priv_path, 1, &cause));
	ck_assert_ptr_null(cause);
	chmod(pub_path, 0644);
	integrity_key_free(integrity_key_load(pub_path, 0, &cause));
	ck_assert_ptr_null(cause);
	snprintf(path, sizeof path, "/tmp/ig-int-%ld.bad", (long)getpid());
	f = fopen(path, "w");
	fputs("not a key\n", f);
	fclose(f);
	chmod(path, 0600);
	ck_assert_ptr_null(integrity_key_load(path, 1, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "not a PEM private key"));
	free(cause);
	/* A public key where a private one is expected. */
	ck_assert_ptr_null(integrity_key_load(pub_path, 1, &cause));
	free(cause);
	{
		EVP_PKEY *k = NULL;
		EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);

		ck_assert(EVP_PKEY_keygen_init(ctx) == 1);
		ck_assert(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx,
		    NID_X9_62_prime256v1) == 1);
		ck_assert(EVP_PKEY_keygen(ctx, &k) == 1);
		f = fopen(path, "w");
		PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
		fclose(f);
		chmod(path, 0600);
		EVP_PKEY_free(k);
		EVP_PKEY_CTX_free(ctx);
	}
	ck_assert_ptr_null(integrity_key_load(path, 1, &cause));
	ck_assert_msg(strstr(cause, "not Ed25519") != NULL, "%s", cause);
	free(cause);
	setenv(INTEGRITY_KEY_ENV, path, 1);
	ck_assert_ptr_null(integrity_key_from_env(&cause));
	ck_assert_ptr_nonnull(strstr(cause, INTEGRITY_KEY_ENV));
	free(cause);
	unsetenv(INTEGRITY_KEY_ENV);
	ck_assert_ptr_null(integrity_key_from_env(&cause));
	ck_assert_ptr_null(cause);
	unlink(path);
}
END_TEST

static void
expect(json_object *doc, const struct integrity_key *pub,
    enum integrity_status st, const char *needle)
{
	struct integrity_report r;

	integrity_check_doc(doc, pub, &r);
	ck_assert_msg(r.status == st && strstr(r.message, needle) != NULL,
	    "status %d, message %s (expected %d, %s)", r.status, r.message, st,
	    needle);
	integrity_report_free(&r);
}

START_TEST(check_document)
{
	char *cause = NULL;
	struct integrity_key *k = integrity_key_load(priv_path, 1, &cause);
	struct integrity_key *pub = integrity_key_load(pub_path, 0, &cause);
	struct integrity_key *other = integrity_key_load(other_path, 1, &cause);
	json_object *doc = parse("{\"gate\":\"evidence\",\"verdict\":\"FAIL\","
	    "\"rate\":0.979}"), *in, *v;
	json_object *text_doc;
	const char *text;

	integrity_attach(doc, k);
	/* Round trip through the pretty text a report file holds. */
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY);
	text_doc = parse(text);
	expect(text_doc, pub, INTEGRITY_VALID, "digest and signature hold");
	expect(text_doc, NULL, INTEGRITY_UNCHECKABLE, "cannot be checked");
	expect(text_doc, other, INTEGRITY_INVALID, "signature");

	json_object_object_add(text_doc, "verdict", json_object_new_string("PASS"));
	expect(text_doc, pub, INTEGRITY_INVALID, "digest:");
	json_object_object_add(text_doc, "verdict", json_object_new_string("FAIL"));
	expect(text_doc, pub, INTEGRITY_VALID, "hold");

	json_object_object_get_ex(text_doc, "integrity", &in);
	json_object_object_get_ex(in, "signature", &v);
	{
		char *sig = xstrdup(json_object_get_string(v));
		char *orig = xstrdup(sig);

		sig[0] = sig[0] == 'A' ? 'B' : 'A';
		json_object_object_add(in, "signature", json_object_new_string(sig));
		free(sig);
		expect(text_doc, pub, INTEGRITY_INVALID,
		    "signature: does not match");
		json_object_object_add(in, "signature",
		    json_object_new_string(orig));
		free(orig);
	}
	expect(text_doc, pub, INTEGRITY_VALID, "digest and signature hold");
	/* The keyId alone changed (it is outside the digest): refused. */
	json_object_object_add(in, "keyId", json_object_new_string("deadbeef"));
	expect(text_doc, pub, INTEGRITY_INVALID,
	    "signature: made with key deadbeef, not with the given key");

	/* Unsigned: valid on its digest, unless a signature is required. */
	integrity_attach(doc, NULL);
	expect(doc, NULL, INTEGRITY_VALID, "not signed");
	expect(doc, pub, INTEGRITY_INVALID, "not signed");
	json_object_object_del(doc, "integrity");
	expect(doc, NULL, INTEGRITY_UNCHECKABLE, "no integrity");
	expect(doc, pub, INTEGRITY_INVALID, "no integrity");
	json_object_put(doc);
	json_object_put(text_doc);
	integrity_key_free(k);
	integrity_key_free(pub);
	integrity_key_free(other);
}
END_TEST

static Suite *
integrity_suite(void)
{
	Suite *s = suite_create("integrity");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, canonical_form);
	tcase_add_test(tc, digest_ignores_layout_not_content);
	tcase_add_test(tc, parse_names_the_line);
	tcase_add_test(tc, sign_verify_round_trip);
	tcase_add_test(tc, key_errors_are_clear);
	tcase_add_test(tc, check_document);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(integrity_suite)
