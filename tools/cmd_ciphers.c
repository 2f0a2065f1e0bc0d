/* sslite ciphers: placeholder until its issue lands. */
#include <stdio.h>
#include "tool.h"

int sslite_tool_ciphers(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sslite ciphers: not implemented yet\n");
    return 2;
}
