/* Copying to the terminal's clipboard with OSC 52 (issue 23, item 8): the
 * text is cut to printable ASCII first (nothing a terminal would act on),
 * then base64-encoded into the one escape sequence terminals and tmux
 * accept. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

/* Standard base64 of in (len bytes) into out (4 * ((len + 2) / 3) + 1). */
static void
base64(const unsigned char *in, size_t len, char *out)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < len ?
		    (unsigned)in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);

		out[o++] = t[v >> 18 & 63];
		out[o++] = t[v >> 12 & 63];
		out[o++] = i + 1 < len ? t[v >> 6 & 63] : '=';
		out[o++] = i + 2 < len ? t[v & 63] : '=';
	}
	out[o] = '\0';
}

void
ui_copy(struct ui *u, const char *text)
{
	char clean[600], enc[820];
	size_t n = 0;

	for (const char *p = text; *p != '\0' && n + 1 < sizeof clean; p++)
		if (*p >= 0x20 && *p < 0x7f)
			clean[n++] = *p;
	clean[n] = '\0';
	if (n == 0) {
		snprintf(u->message, sizeof u->message, "nothing to copy here");
		return;
	}
	base64((const unsigned char *)clean, n, enc);
	printf("\033]52;c;%s\a", enc);
	fflush(stdout);
	snprintf(u->message, sizeof u->message, "copied: %s", clean);
}
