/* sslite client: placeholder until its issue lands. */
#include <stdio.h>
#include "tool.h"

int sslite_tool_client(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sslite client: not implemented yet\n");
    return 2;
}
