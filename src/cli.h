/* The command line of SPEC section 4. */
#ifndef INGESTGATE_CLI_H
#define INGESTGATE_CLI_H

#define EXIT_USAGE 64

struct settings;

/* The console's entry point, handed in by main so that the core never links
 * the terminal code. Returns an exit status. */
typedef int (*console_fn)(const struct settings *s);

/* Runs the program; returns the exit status. */
int cli_main(int argc, char **argv, console_fn console);

#endif
