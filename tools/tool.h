/* sslite command-line tool: the subcommands. */
#ifndef SSLITE_TOOL_H
#define SSLITE_TOOL_H

int sslite_tool_client(int argc, char **argv);
int sslite_tool_server(int argc, char **argv);
int sslite_tool_ciphers(int argc, char **argv);
int sslite_tool_x509(int argc, char **argv);

#endif
