#!/bin/sh
# Make the bad-certificate PKI into $1 with the openssl CLI (a test peer;
# nothing here is linked into sslite).  Made fresh at every build, so the
# "good" certificates never expire; the bad ones are bad by construction.
#
# Layout: one directory per case holding chain.pem (what the server sends,
# leaf first), key.pem, and the trust store the client loads (ca.pem, plus
# crl.pem where CRLs are involved).  cases.txt lists them.
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out/work"
cd "$out/work"
ossl() { openssl "$@" 2>/dev/null; }

key() { ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# A CA directory for `openssl ca` (which, unlike `x509 -req`, can set past
# and future validity dates, revoke and make CRLs).
ca_init() { # name subject [pathlen]
    name=$1; subj=$2; mkdir -p "$name/new"
    : > "$name/index.txt"; echo 1000 > "$name/serial"; echo 1000 > "$name/crlnumber"
    cat > "$name/ca.cnf" <<CNF
[ca]
default_ca = this
[this]
dir = $PWD/$name
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
crlnumber = \$dir/crlnumber
certificate = \$dir/cert.pem
private_key = \$dir/key.pem
default_md = sha256
default_days = 3650
default_crl_days = 30
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
organizationName = optional
CNF
    key "$name/key.pem"
}

# Self-signed root: name subject
root() {
    ca_init "$1" "$2"
    ossl req -x509 -new -key "$1/key.pem" -subj "$2" -days 3650 -out "$1/cert.pem" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash"
}

# Sign with CA $1 the key $2 for subject $3 into $4, with extension lines
# "$5" and extra `openssl ca` options after that.
sign() {
    ca=$1; k=$2; subj=$3; outp=$4; ext=$5; shift 5
    ossl req -new -key "$k" -subj "$subj" -out "$outp.csr"
    printf '%s\n' "$ext" > "$outp.ext"
    ossl ca -batch -config "$ca/ca.cnf" -in "$outp.csr" -out "$outp" -notext \
        -extfile "$outp.ext" "$@"
    rm -f "$outp.csr" "$outp.ext"
}

# An intermediate CA directory signed by $1: name subject ext
inter() {
    ca_init "$2" "$3"
    sign "$1" "$2/key.pem" "$3" "$2/cert.pem" "$4"
}

srv="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier=keyid"
ca_ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

root root "/O=sslite verify/CN=Verify Root"
root other "/O=sslite verify/CN=Other Root"
inter root inter "/O=sslite verify/CN=Verify Intermediate" "$ca_ext"
inter root p0 "/O=sslite verify/CN=Pathlen 0 CA" "basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"
inter p0 p1 "/O=sslite verify/CN=Below Pathlen 0" "$ca_ext"
inter root notca "/O=sslite verify/CN=Not A CA" "basicConstraints=critical,CA:FALSE
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"
inter root revinter "/O=sslite verify/CN=Revoked Intermediate" "$ca_ext"

key leaf.key
case_dir() { # name: make the case directory with the common key
    mkdir -p "$out/$1"; cp leaf.key "$out/$1/key.pem"; echo "$1" >> "$out/cases.txt"
}
# A leaf for case $1 from CA $2 with extensions $3, chain: leaf + files...
leaf_case() {
    name=$1; ca=$2; ext=$3; shift 3
    opts=""
    case_dir "$name"
    sign "$ca" leaf.key "/O=sslite verify/CN=$name" "$name.pem" "$ext" ${LEAF_OPTS:-}
    cat "$name.pem" "$@" > "$out/$name/chain.pem"
    cp root/cert.pem "$out/$name/ca.pem"
}

leaf_case good root "$srv"
leaf_case good_inter inter "$srv" inter/cert.pem
leaf_case wildcard root "basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=DNS:*.example.com
authorityKeyIdentifier=keyid"
LEAF_OPTS="-startdate 20200101000000Z -enddate 20210101000000Z" leaf_case expired root "$srv"
LEAF_OPTS="-startdate 20990101000000Z -enddate 21000101000000Z" leaf_case not_yet_valid root "$srv"
leaf_case unknown_ca other "$srv"
leaf_case root_in_chain other "$srv" other/cert.pem
leaf_case missing_inter inter "$srv"
leaf_case not_ca_issuer notca "$srv" notca/cert.pem
leaf_case pathlen p1 "$srv" p1/cert.pem p0/cert.pem
leaf_case wrong_purpose root "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier=keyid"
leaf_case wrong_ip root "basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.2
authorityKeyIdentifier=keyid"
leaf_case revoked root "$srv"
leaf_case crl_missing inter "$srv" inter/cert.pem
leaf_case crl_ok root "$srv"
leaf_case revoked_inter revinter "$srv" revinter/cert.pem

# Trust anchors that are not roots: the intermediate (code 2 unless
# VERIFY_X509_PARTIAL_CHAIN) and the leaf itself.
case_dir inter_anchor
cp good_inter.pem "$out/inter_anchor/chain.pem"; cp inter/cert.pem "$out/inter_anchor/ca.pem"
case_dir leaf_anchor
cp good_inter.pem "$out/leaf_anchor/chain.pem"; cp good_inter.pem "$out/leaf_anchor/ca.pem"

# bad_signature: a good leaf with one bit of its signature flipped.
case_dir bad_signature
ossl x509 -in good.pem -outform DER -out bad.der
size=$(wc -c < bad.der)
last=$(tail -c 1 bad.der | od -An -tu1 | tr -d ' ')
if [ "$last" = 1 ]; then byte='\002'; else byte='\001'; fi
printf "$byte" | dd of=bad.der bs=1 seek=$((size - 1)) conv=notrunc 2>/dev/null
ossl x509 -inform DER -in bad.der -out "$out/bad_signature/chain.pem"
cp root/cert.pem "$out/bad_signature/ca.pem"

# Self-signed leaf (no CA at all), trusted store = the root.
case_dir self_signed
ossl req -x509 -new -key leaf.key -subj "/O=sslite verify/CN=self_signed" -days 3650 \
    -out "$out/self_signed/chain.pem" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
cp root/cert.pem "$out/self_signed/ca.pem"

# CRLs: the root revokes "revoked" and the revoked intermediate.
ossl ca -batch -config root/ca.cnf -revoke revoked.pem
ossl ca -batch -config root/ca.cnf -revoke revinter/cert.pem
ossl ca -batch -config root/ca.cnf -gencrl -out root.crl
ossl ca -batch -config revinter/ca.cnf -gencrl -out revinter.crl
for c in revoked crl_ok; do
    cat root/cert.pem root.crl > "$out/$c/ca.pem"
done
cat root/cert.pem root.crl revinter.crl > "$out/revoked_inter/ca.pem"
# crl_expired: the root's CRL whose nextUpdate has passed.
leaf_case crl_expired root "$srv"
ossl ca -batch -config root/ca.cnf -gencrl -crl_lastupdate 20200101000000Z \
    -crl_nextupdate 20200201000000Z -out old.crl
cat root/cert.pem old.crl > "$out/crl_expired/ca.pem"
# crl_missing: a CRL from the root only; the leaf's issuer (inter) has none.
cat root/cert.pem root.crl > "$out/crl_missing/ca.pem"
# A client certificate for the server-side cases, and the CAs' own files.
sign root leaf.key "/O=sslite verify/CN=client" client.pem "basicConstraints=critical,CA:FALSE
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid"
case_dir client; cp client.pem "$out/client/chain.pem"; cp root/cert.pem "$out/client/ca.pem"
sign other leaf.key "/O=sslite verify/CN=bad client" badclient.pem "basicConstraints=critical,CA:FALSE
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid"
case_dir bad_client; cp badclient.pem "$out/bad_client/chain.pem"; cp root/cert.pem "$out/bad_client/ca.pem"
cd "$out"
rm -rf work
touch stamp
