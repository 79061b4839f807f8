/* ingestgate: the ingest release gate console and gate runner. */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "ui/console.h"

/*
 * The process holds the admin token, the service secret and database
 * passwords from its first line on: it leaves no core file (RLIMIT_CORE 0,
 * soft and hard) and is not dumpable, so that neither a crash nor another
 * process of the same user (ptrace, /proc/PID/mem) can read them out. A
 * core of the console once held the admin token eight times.
 */
static void
secrets_stay_in(void)
{
	struct rlimit none = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	secrets_stay_in();
	return cli_main(argc, argv, console_run);
}
