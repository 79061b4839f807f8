/* The stop flag of cancel.h: one atomic, read by the clients' wait loops. */
#include "config.h"

#include <stdatomic.h>

#include "core/cancel.h"

static atomic_int cancelled;

void
cancel_request(void)
{
	atomic_store(&cancelled, 1);
}

int
cancel_requested(void)
{
	return atomic_load(&cancelled);
}
