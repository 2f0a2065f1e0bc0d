/* sslite server: placeholder until its issue lands. */
#include <stdio.h>
#include "tool.h"

int sslite_tool_server(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sslite server: not implemented yet\n");
    return 2;
}
