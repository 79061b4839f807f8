/* The text sanitiser: every string that came from outside passes here before
 * it reaches a struct the rest of the program reads. */
#include "config.h"

#include <string.h>

#include "core/sanitize.h"
#include "core/text.h"
#include "core/util.h"

/* Skips an escape sequence starting at ESC; returns bytes consumed. */
static size_t
skip_escape(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n < 2)
		return 1;
	if (s[1] == '[') {			/* CSI: params, final 0x40-0x7e */
		for (i = 2; i < n; i++)
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;
		return n;
	}
	if (s[1] == ']' || s[1] == 'P' || s[1] == '_' || s[1] == '^' ||
	    s[1] == 'X') {			/* OSC/DCS/APC/PM/SOS: to BEL or ST */
		for (i = 2; i < n; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	/* Two-byte escapes, including charset selection with one more byte. */
	if (s[1] >= 0x20 && s[1] <= 0x2f && n > 2)
		return 3;
	return 2;
}

char *
sanitize_text(const char *str, size_t maxlen)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	struct buf b = { 0 };

	buf_adds(&b, "");
	while (i < n) {
		unsigned cp;
		size_t len;

		if (s[i] == 0x1b) {
			i += skip_escape(s + i, n - i);
			continue;
		}
		len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			cp = 0xfffd;
			len = 1;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r')
			cp = ' ';
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x200e && cp <= 0x200f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069)) {
			/* A C1 CSI (U+009B) starts a sequence like ESC [. */
			i += len;
			continue;
		}
		if (cp == 0xfffd && len == 1)
			buf_adds(&b, "\xef\xbf\xbd");
		else if (cp == ' ' && len == 1)
			buf_addc(&b, ' ');
		else
			buf_add(&b, s + i, len);
		i += len;
	}
	if (maxlen != 0 && b.len > maxlen) {
		/* Cut on a character boundary, leaving room for the ellipsis. */
		size_t cut = maxlen >= 4 ? maxlen - 3 : maxlen;

		while (cut > 0 && ((unsigned char)b.data[cut] & 0xc0) == 0x80)
			cut--;
		b.len = cut;
		b.data[cut] = '\0';
		if (maxlen >= 4)
			buf_adds(&b, "\xe2\x80\xa6");
	}
	return buf_take(&b);
}
