/* sslite's Mbed TLS configuration, fragment: no operating system (bare metal, an RTOS).
 * Included by sslite_mbedtls_config.h; not a configuration on its own. */

/* Certificate dates need a calendar; the clock is the application's
 * (<sslite/platform.h>), or the build's clock floor. */
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_PLATFORM_MS_TIME_ALT
/* No /dev/urandom or getrandom(): the application's entropy source is the
 * only one, and without it seeding fails (never a weak seed). */
#define MBEDTLS_NO_PLATFORM_ENTROPY
