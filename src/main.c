/* ingestgate: the ingest release gate console and gate runner. */
#include "config.h"

#include "cli/cli.h"
#include "ui/console.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv, console_run);
}
