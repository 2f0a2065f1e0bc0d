#!/bin/sh
# Make the test PKI into $1 with the openssl CLI (a test peer only; nothing
# here is linked into sslite).  Fresh on every build, so nothing expires.
set -eu
out=$1
mkdir -p "$out"
cd "$out"
days=3650
ossl() { openssl "$@" 2>/dev/null; }

# Root CA (RSA)
ossl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days \
    -subj "/C=XY/O=sslite tests/CN=sslite test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

leaf() { # name keyalg subject ext...
    name=$1; alg=$2; subj=$3; shift 3
    case $alg in
        rsa) ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key" ;;
        ec) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key" ;;
    esac
    ossl req -new -key "$name.key" -subj "$subj" -out "$name.csr"
    printf '%s\n' "$@" > "$name.ext"
    ossl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days $days \
        -extfile "$name.ext" -out "$name.pem"
    rm -f "$name.csr" "$name.ext"
}

srv_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1"
leaf server-rsa rsa "/C=XY/O=sslite tests/CN=localhost" "$srv_ext"
leaf server-ec ec "/C=XY/O=sslite tests/CN=localhost" "$srv_ext"
leaf client rsa "/C=XY/O=sslite tests/CN=sslite client" \
    "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=clientAuth"

# Key and certificate in one file; an encrypted key (password sslite-pass).
cat server-rsa.key server-rsa.pem > server-rsa-combined.pem
ossl pkey -in server-rsa.key -aes256 -passout pass:sslite-pass -out server-rsa-enc.key
rm -f ca.srl
touch stamp
