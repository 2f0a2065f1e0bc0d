#!/usr/bin/env python3
"""Print, as JSON, every SSLContext attribute sslite mirrors, for each
protocol and for create_default_context(), as this Python's ssl module has
them.  The C program defaults_dump prints the same for sslite;
defaults_compare.py compares the two."""
import json
import ssl
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
ATTRS = ["protocol", "options", "verify_flags", "verify_mode", "check_hostname",
         "minimum_version", "maximum_version", "security_level", "num_tickets",
         "hostname_checks_common_name", "post_handshake_auth"]


def dump(ctx):
    out = {}
    for a in ATTRS:
        try:
            v = getattr(ctx, a)
        except Exception as e:  # not every attribute exists everywhere
            v = "error:" + type(e).__name__
        out[a] = int(v) if not isinstance(v, str) else v
    return out


result = {}
for name in ["PROTOCOL_TLS", "PROTOCOL_TLS_CLIENT", "PROTOCOL_TLS_SERVER", "PROTOCOL_TLSv1_2",
             "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1"]:
    try:
        result[name] = dump(ssl.SSLContext(getattr(ssl, name)))
    except Exception as e:
        result[name] = {"error": type(e).__name__}
result["create_default_context(SERVER_AUTH)"] = dump(ssl.create_default_context())
result["create_default_context(CLIENT_AUTH)"] = dump(
    ssl.create_default_context(ssl.Purpose.CLIENT_AUTH))
print(json.dumps(result, indent=1, sort_keys=True))
