#!/bin/sh
# N throw-away EC CAs, each with a localhost leaf, for test_truststore.c:
#   make-many-cas.sh DIR N
# DIR/caI.pem, leafI.pem (+ key), capath/<subject hash>.0 -> ../caI.pem,
# bundle.pem: the system bundle (when there is one) and the N CAs.
set -eu
d=$1
n=$2
mkdir -p "$d/capath"
cd "$d"
printf 'subjectAltName=DNS:localhost\n' >leaf.ext
i=1
while [ "$i" -le "$n" ]; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout "ca$i.key" -out "ca$i.pem" -days 30 -subj "/O=sslite tests/CN=Many CAs $i" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "leaf$i.key" \
        -out "leaf$i.csr" -subj "/CN=localhost" 2>/dev/null
    openssl x509 -req -in "leaf$i.csr" -CA "ca$i.pem" -CAkey "ca$i.key" -CAcreateserial \
        -out "leaf$i.pem" -days 30 -extfile leaf.ext 2>/dev/null
    ln -s "../ca$i.pem" "capath/$(openssl x509 -hash -noout -in "ca$i.pem").0"
    i=$((i + 1))
done
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    cat /etc/ssl/certs/ca-certificates.crt ca[0-9]*.pem >bundle.pem
else
    cat ca[0-9]*.pem >bundle.pem
fi
