/* OpenSSL's host name rules as CPython applies them (lib/hostname.c).
 * Every expectation was observed with python3 + OpenSSL 3.0 (a handshake
 * against a certificate with those names). */
#include <string.h>
#include "tap.h"
#include "internal.h"

/* Names of a certificate: "DNS:x", "IP:1.2.3.4" / "IP:::1", "CN:x". */
static long check(const char *host, int allow_cn, const char *const *spec)
{
    const char *dns[16], *cns[16];
    const unsigned char *ips[16];
    unsigned char ipbuf[16][16];
    size_t iplens[16];
    sslite_cert_names n;

    memset(&n, 0, sizeof(n));
    n.dns = dns;
    n.ips = ips;
    n.iplens = iplens;
    n.cns = cns;
    for (; *spec != NULL; spec++) {
        if (strncmp(*spec, "DNS:", 4) == 0) {
            dns[n.ndns++] = *spec + 4;
        } else if (strncmp(*spec, "CN:", 3) == 0) {
            cns[n.ncns++] = *spec + 3;
        } else if (strncmp(*spec, "IP:", 3) == 0) {
            int len = sslite__parse_ip(*spec + 3, ipbuf[n.nips]);
            ips[n.nips] = ipbuf[n.nips];
            iplens[n.nips++] = (size_t)len;
        }
    }
    return sslite__check_hostname(host, &n, allow_cn);
}

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CASE(host, cn, names, want) \
    is_int(check(host, cn, names), want, "%s against %s%s", host, #names, cn ? " (CN allowed)" : "")

int main(void)
{
    unsigned char ip[16];

    /* Exact names, case-insensitively; no trailing-dot folding. */
    CASE("localhost", 0, NAMES("DNS:localhost"), 0);
    CASE("LOCALHOST", 0, NAMES("DNS:localhost"), 0);
    CASE("localhost", 0, NAMES("DNS:LocalHost"), 0);
    CASE("localhost.", 0, NAMES("DNS:localhost"), 62);
    CASE("localhost", 0, NAMES("DNS:localhost."), 62);
    CASE("localhost.", 0, NAMES("DNS:localhost."), 0);
    CASE("other", 0, NAMES("DNS:localhost", "DNS:other"), 0);
    /* Wildcards: the whole left-most label, exactly one label. */
    CASE("www.example.com", 0, NAMES("DNS:*.example.com"), 0);
    CASE("WWW.Example.COM", 0, NAMES("DNS:*.example.com"), 0);
    CASE("example.com", 0, NAMES("DNS:*.example.com"), 62);
    CASE("a.b.example.com", 0, NAMES("DNS:*.example.com"), 62);
    CASE("xn--bcher-kva.example.com", 0, NAMES("DNS:*.example.com"), 0);
    CASE("a_b.example.com", 0, NAMES("DNS:*.example.com"), 62);
    CASE("*.example.com", 0, NAMES("DNS:*.example.com"), 0);
    CASE("www.example.com.", 0, NAMES("DNS:*.example.com"), 62);
    CASE("www.example.com.", 0, NAMES("DNS:*.example.com."), 62);
    /* No partial wildcards (compared literally instead). */
    CASE("foo.example.com", 0, NAMES("DNS:f*.example.com"), 62);
    CASE("f*.example.com", 0, NAMES("DNS:f*.example.com"), 0);
    CASE("foo.example.com", 0, NAMES("DNS:*o.example.com"), 62);
    CASE("xn--foo.example.com", 0, NAMES("DNS:xn--*.example.com"), 62);
    /* Not under a two-label base, not in other labels, not twice. */
    CASE("example.com", 0, NAMES("DNS:*.com"), 62);
    CASE("*.com", 0, NAMES("DNS:*.com"), 0);
    CASE("localhost", 0, NAMES("DNS:*"), 62);
    CASE("www.example.com", 0, NAMES("DNS:www.*.com"), 62);
    CASE("a.b.example.com", 0, NAMES("DNS:*.*.example.com"), 62);
    CASE("a.xn--bcher-kva.example", 0, NAMES("DNS:*.xn--bcher-kva.example"), 0);
    CASE("a.-example.com", 0, NAMES("DNS:*.-example.com"), 62);
    CASE("a.example-.com", 0, NAMES("DNS:*.example-.com"), 62);
    /* A NUL inside a certificate name never matches (kept as ""). */
    CASE("localhost", 0, NAMES("DNS:"), 62);

    /* Addresses: iPAddress names only, byte for byte. */
    CASE("127.0.0.1", 0, NAMES("IP:127.0.0.1"), 0);
    CASE("127.0.0.2", 0, NAMES("IP:127.0.0.1"), 64);
    CASE("127.0.0.1", 0, NAMES("DNS:127.0.0.1"), 64);
    CASE("127.0.0.1", 1, NAMES("DNS:x", "CN:127.0.0.1"), 64);
    CASE("127.0.0.1", 1, NAMES("CN:127.0.0.1"), 64);
    CASE("::1", 0, NAMES("IP:::1"), 0);
    CASE("0:0:0:0:0:0:0:1", 0, NAMES("IP:::1"), 0);
    CASE("::0001", 0, NAMES("IP:::1"), 0);
    CASE("[::1]", 0, NAMES("IP:::1"), 62);
    CASE("::ffff:127.0.0.1", 0, NAMES("IP:127.0.0.1"), 64);
    CASE("::ffff:127.0.0.1", 0, NAMES("IP:::ffff:127.0.0.1"), 0);
    CASE("::FFFF:7f00:1", 0, NAMES("IP:::ffff:127.0.0.1"), 0);
    CASE("fe80::1%eth0", 0, NAMES("IP:fe80::1"), 62);
    /* What OpenSSL 3.0's parser takes for an address. */
    CASE("127.1", 0, NAMES("IP:127.0.0.1"), 62);
    CASE("0127.0.0.1", 0, NAMES("IP:127.0.0.1"), 0);
    CASE("127.000.000.001", 0, NAMES("IP:127.0.0.1"), 0);
    CASE("127.0.0.1x", 0, NAMES("IP:127.0.0.1"), 62);
    CASE("127.0.0.1.5", 0, NAMES("IP:127.0.0.1"), 62);
    CASE("127.0.0.1 ", 0, NAMES("IP:127.0.0.1"), 0);
    CASE("127.0.0.256", 0, NAMES("IP:127.0.0.1"), 62);
    /* Each number as sscanf's "%d" stores it: strtol's long, saturated,
     * truncated to an int (2^32 is 0; a saturated one is -1). */
    CASE("4294967296.0.0.1", 0, NAMES("IP:0.0.0.1"), 0);
    CASE("99999999999999999999.0.0.1", 0, NAMES("IP:0.0.0.1"), 62);
    CASE("+127.0.-0.1", 0, NAMES("IP:127.0.0.1"), 0);
    CASE("127. 0.0.1", 0, NAMES("IP:127.0.0.1"), 0);
    CASE("127.-1.0.1", 0, NAMES("IP:127.0.0.1"), 62);
    CASE("127.+.0.1", 0, NAMES("IP:127.0.0.1"), 62);
    CASE("::1x", 0, NAMES("IP:::1"), 62);
    CASE(":::1", 0, NAMES("IP:::1"), 62);
    CASE("::00001", 0, NAMES("IP:::1"), 62);
    CASE("1:2:3:4::5:6:7:8", 0, NAMES("IP:1:2:3:4:5:6:7:8"), 62);
    CASE("1:2:3:4:5:6:7::", 0, NAMES("IP:1:2:3:4:5:6:7:0"), 0);
    CASE("::", 0, NAMES("IP:::"), 0);
    is_int(sslite__parse_ip("10.1.2.3", ip), 4, "IPv4 parses to 4 bytes");
    ok(ip[0] == 10 && ip[3] == 3, "IPv4 bytes");
    is_int(sslite__parse_ip("2001:db8::1", ip), 16, "IPv6 parses to 16 bytes");
    ok(ip[0] == 0x20 && ip[1] == 0x01 && ip[15] == 1, "IPv6 bytes");
    is_int(sslite__parse_ip("example.com", ip), 0, "a name is no address");

    /* The common name: only when allowed and without any dNSName. */
    CASE("localhost", 1, NAMES("CN:localhost"), 0);
    CASE("localhost", 0, NAMES("CN:localhost"), 62);
    CASE("localhost", 1, NAMES("IP:127.0.0.1", "CN:localhost"), 0);
    CASE("localhost", 0, NAMES("IP:127.0.0.1", "CN:localhost"), 62);
    CASE("localhost", 1, NAMES("DNS:other", "CN:localhost"), 62);
    CASE("localhost", 1, NAMES("DNS:", "CN:localhost"), 62);
    CASE("www.example.com", 1, NAMES("CN:*.example.com"), 0);
    CASE("localhost", 1, NAMES("CN:LOCALHOST"), 0);
    CASE("localhost", 1, NAMES("CN:other", "CN:localhost"), 0);
    return done_testing();
}
