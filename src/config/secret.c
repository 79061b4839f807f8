/* Fingerprints (libcrypto SHA-256) and the hidden-character rule of F-00;
 * which characters are hidden is Unicode's word (hidden_chars.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "config/hidden_chars.h"
#include "config/secret.h"
#include "core/text.h"

void
secret_fingerprint(const char *value, char out[FINGERPRINT_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(value, strlen(value), md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < FINGERPRINT_LEN / 2) {
		memcpy(out, "????????", FINGERPRINT_LEN + 1);
		return;
	}
	text_hex(md, FINGERPRINT_LEN / 2, out);
}

int
secret_hidden_chars(const char *value, struct hidden_hit *hit)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t len = strlen(value), i = 0;

	while (i < len) {
		unsigned cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		const char *where;
		char name[100];

		if (n == 0) {
			hit->pos = i;
			snprintf(hit->what, sizeof hit->what,
			    "invalid UTF-8 (byte 0x%02X)", s[i]);
			return -1;
		}
		where = i == 0 ? "at the start" : i + n == len ? "at the end" :
		    "inside";
		if (cp == '"' || cp == '\'' || cp == '`') {
			hit->pos = i;
			snprintf(hit->what, sizeof hit->what,
			    "quote %c (U+%04X) left in the value, %s", (char)cp,
			    cp, where);
			return -1;
		}
		if (hidden_char(cp)) {
			hit->pos = i;
			snprintf(hit->what, sizeof hit->what, "U+%04X %s %s", cp,
			    hidden_char_name(cp, name, sizeof name), where);
			return -1;
		}
		i += n;
	}
	return 0;
}

int
secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}
