/* sslite: symbol export macro.  A static build (the default) needs nothing;
 * a shared build compiles with -fvisibility=hidden and exports only what
 * carries SSLITE_API. */
#ifndef SSLITE_EXPORT_H
#define SSLITE_EXPORT_H

#if defined(SSLITE_BUILDING_SHARED) && defined(__GNUC__)
#define SSLITE_API __attribute__((visibility("default")))
#else
#define SSLITE_API
#endif

#endif /* SSLITE_EXPORT_H */
