/* sslite: placeholder until its issue lands. */
#include "internal.h"

typedef int sslite__placeholder_certutil;
