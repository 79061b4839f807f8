/* Fingerprints (libcrypto SHA-256) and the hidden-character rule of F-00;
 * which characters are hidden is Unicode's word (hidden_chars.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "hidden_chars.h"
#include "secret.h"

void
secret_fingerprint(const char *value, char out[FINGERPRINT_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(value, strlen(value), md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < FINGERPRINT_LEN / 2) {
		memcpy(out, "????????", FINGERPRINT_LEN + 1);
		return;
	}
	for (int i = 0; i < FINGERPRINT_LEN / 2; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[FINGERPRINT_LEN] = '\0';
}

/* Decodes one UTF-8 sequence of at most avail bytes; returns its length, or
 * 0 when it is invalid (overlong, a surrogate, past U+10FFFF, cut short). */
static size_t
utf8_decode(const unsigned char *s, size_t avail, unsigned *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		*cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		*cp = s[0] & 0x07;
	} else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

int
secret_hidden_chars(const char *value, struct hidden_hit *hit)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t len = strlen(value), i = 0;

	while (i < len) {
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
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
