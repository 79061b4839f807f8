/* The console of SPEC section 7. */
#ifndef INGESTGATE_CONSOLE_H
#define INGESTGATE_CONSOLE_H

struct settings;

/* Runs the console until the operator quits; returns an exit status. */
int console_run(const struct settings *s);

#endif
