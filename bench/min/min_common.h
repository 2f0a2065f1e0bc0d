/* The TCP connect shared by the minimal clients (bench/min/): the same
 * plain-socket code in all three, so their sizes differ only by the TLS
 * stack. */
#ifndef SSLITE_BENCH_MIN_COMMON_H
#define SSLITE_BENCH_MIN_COMMON_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int tcp_connect(const char *ip, const char *port)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(port));
    if (fd < 0 || inet_pton(AF_INET, ip, &sa.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("connect");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static const char request[] = "GET / HTTP/1.0\r\n\r\n";

#endif
