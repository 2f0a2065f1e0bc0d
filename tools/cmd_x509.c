/* sslite x509: placeholder until its issue lands. */
#include <stdio.h>
#include "tool.h"

int sslite_tool_x509(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sslite x509: not implemented yet\n");
    return 2;
}
