/* Fingerprints (libcrypto SHA-256) and the hidden-character rules of F-00. */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

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

/* Decodes one UTF-8 sequence; returns its length, or 0 when it is invalid. */
static size_t
utf8_decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return *cp >= 0x80 ? 2 : 0;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x0f) << 12) |
		    ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return *cp >= 0x800 && (*cp < 0xd800 || *cp > 0xdfff) ? 3 : 0;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x07) << 18) |
		    ((unsigned)(s[1] & 0x3f) << 12) |
		    ((unsigned)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return *cp >= 0x10000 && *cp <= 0x10ffff ? 4 : 0;
	}
	return 0;
}

static const char *
classify(unsigned cp)
{
	switch (cp) {
	case '\r': return "carriage return (CR)";
	case '\n': return "line feed (LF)";
	case '\t': return "tab";
	case '"': case '\'': case '`': return "quote left inside the value";
	case 0xa0: return "non-breaking space (U+00A0)";
	case 0x202f: return "narrow non-breaking space (U+202F)";
	case 0x200b: return "zero-width space (U+200B)";
	case 0x200c: return "zero-width non-joiner (U+200C)";
	case 0x200d: return "zero-width joiner (U+200D)";
	case 0x2060: return "word joiner (U+2060)";
	case 0xfeff: return "byte order mark (U+FEFF)";
	}
	if (cp < 0x20 || cp == 0x7f)
		return "control character";
	if (cp >= 0x80 && cp <= 0x9f)
		return "C1 control character";
	if ((cp >= 0x200e && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return "bidirectional control character";
	return NULL;
}

int
secret_hidden_chars(const char *value, const char **what, size_t *pos)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t len = strlen(value), i = 0;

	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' ')) {
		*what = s[0] == ' ' ? "leading space" : "trailing space";
		*pos = s[0] == ' ' ? 0 : len - 1;
		return -1;
	}
	while (i < len) {
		unsigned cp;
		size_t n = utf8_decode(s + i, &cp);
		const char *c;

		if (n == 0) {
			*what = "invalid UTF-8";
			*pos = i;
			return -1;
		}
		if ((c = classify(cp)) != NULL) {
			*what = c;
			*pos = i;
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
