#!/bin/sh
# Make the certificate corpus of the decoding tests into $1 with the openssl
# CLI: every subjectAltName type, unicode and multi-valued RDNs, odd serial
# numbers, dates on both sides of 1950/2050, AIA and CRL distribution
# points, v1, RSA-PSS, ECDSA P-384, an empty subject...  One .pem per case;
# cases Mbed TLS cannot parse at all are named unparsable-*.pem.
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ossl() { openssl "$@" 2>/dev/null; }

cat > x.cnf <<'EOF'
[ req ]
distinguished_name = req_dn
utf8 = yes
string_mask = utf8only
[ req_dn ]

[ ca ]
default_ca = ca_default
[ ca_default ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial.txt
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = yes
[ policy_any ]
commonName = optional

[ plain ]
basicConstraints = CA:FALSE
subjectAltName = DNS:plain.example

[ san_all ]
subjectAltName = @alt_all
[ alt_all ]
DNS.1 = example.com
DNS.2 = *.wild.example.com
IP.1 = 192.0.2.1
IP.2 = 2001:db8::1
IP.3 = ::ffff:10.0.0.1
IP.4 = fe80::
email.1 = user@example.com
URI.1 = https://example.com/path?q=1&r=%20x
dirName.1 = dir_multi
otherName.1 = 1.3.6.1.5.5.7.8.5;UTF8:xmpp@example.com
otherName.2 = 1.2.3.4;UTF8:some other name
otherName.3 = 1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com
otherName.4 = 1.3.6.1.5.5.7.8.7;IA5STRING:_http._tcp.example.com
otherName.5 = 1.3.6.1.5.5.7.8.9;UTF8:smtp@example.com
otherName.6 = 1.3.6.1.5.5.7.8.8;UTF8:realm.example
otherName.7 = 1.3.6.1.5.5.7.8.5;IA5STRING:wrong type
otherName.8 = 1.2.3.5;INTEGER:42
RID.1 = 1.2.3.4.5.6
RID.2 = 1.3.6.1.5.5.7.3.1
email.2 = second@example.com
DNS.3 = last.example
[ dir_multi ]
C = XY
O = Dir Org
CN = dir name
+OU = same rdn
1.2.3.4.9 = unknown oid

[ san_raw ]
# X400Name and EdiPartyName (no config syntax for them)
subjectAltName = DER:300C820161A300A505A1030C0161
[ san_bad_ip ]
# a 5-byte iPAddress: OpenSSL shows "<invalid>", Mbed TLS rejects the certificate
subjectAltName = DER:300A82016187050102030405
[ san_empty ]
subjectAltName = DER:3000

[ aia ]
authorityInfoAccess = OCSP;URI:http://ocsp1.example/, OCSP;URI:http://ocsp2.example/a, caIssuers;URI:http://ca.example/ca.crt, caIssuers;URI:ldap://ca.example/cn=ca, caIssuers;dirName:dir_multi, 1.2.3.4;URI:http://other-method.example/, OCSP;DNS:not-a-uri.example
crlDistributionPoints = dp1, dp2, dp3, dp4
[ dp1 ]
fullname = URI:http://crl1.example/a.crl, email:crl@example.com, URI:http://crl1b.example/a.crl
reasons = keyCompromise, CACompromise
[ dp2 ]
fullname = URI:ldap://crl2.example/cn=crl
CRLissuer = dirName:dir_multi
[ dp3 ]
relativename = dp_rel
[ dp4 ]
CRLissuer = URI:http://issuer-only.example/
[ dp_rel ]
CN = relative
[ aia_ocsp_only ]
authorityInfoAccess = OCSP;URI:http://only-ocsp.example/
crlDistributionPoints = URI:http://one.example/x.crl, URI:http://two.example/y.crl
[ aia_none ]
authorityInfoAccess = caIssuers;dirName:dir_multi
crlDistributionPoints = dp3

[ crit_unknown ]
1.2.3.4.5.6.7 = critical,DER:0500
subjectAltName = critical,DNS:crit.example
[ ca_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF

key() { # name type
    case $2 in
        rsa) ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" ;;
        pss) ossl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$1" ;;
        p256) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" ;;
        p384) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1" ;;
        p521) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$1" ;;
        ed25519) ossl genpkey -algorithm ED25519 -out "$1" ;;
    esac
}
key ca.key rsa
key ec.key p256
ossl req -x509 -new -key ca.key -config x.cnf -subj "/C=XY/O=sslite corpus/CN=corpus CA" \
    -days 3650 -extensions ca_ext -out ca.pem -set_serial 1
echo 00 > serial.txt
: > index.txt

# leaf NAME KEY SUBJECT EXTSECTION|- [x509 options...]: signed by the CA
leaf() {
    name=$1 k=$2 subj=$3 ext=$4
    shift 4
    ossl req -new -key "$k" -config "${CNF:-x.cnf}" ${REQOPT:-} -subj "$subj" -out "$name.csr"
    if [ "$ext" = - ]; then
        ossl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -days 3650 "$@" -out "$name.pem"
    else
        ossl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -days 3650 \
            -extfile x.cnf -extensions "$ext" "$@" -out "$name.pem"
    fi
    rm -f "$name.csr"
}

# dated NAME START END EXTSECTION: through `openssl ca`, which sets dates
dated() {
    ossl req -new -key ec.key -config x.cnf -subj "/CN=$1" -out "$1.csr"
    ossl ca -config x.cnf -batch -preserveDN -notext -cert ca.pem -keyfile ca.key \
        -startdate "$2" -enddate "$3" -extensions "$4" -extfile x.cnf -in "$1.csr" -out "$1.pem"
    rm -f "$1.csr"
}

leaf plain ec.key "/C=XY/ST=State/L=City/O=Org/OU=Unit/CN=plain.example" plain -set_serial 2
leaf san-all ec.key "/CN=san all" san_all -set_serial 3
leaf san-raw ec.key "/CN=san raw" san_raw -set_serial 4
leaf unparsable-san-ip-length ec.key "/CN=san bad ip" san_bad_ip -set_serial 35
leaf san-empty ec.key "/CN=san empty" san_empty -set_serial 5
leaf aia-crldp ec.key "/CN=aia and crl dp" aia -set_serial 6
leaf aia-ocsp-only ec.key "/CN=aia ocsp" aia_ocsp_only -set_serial 7
leaf aia-nothing-shown ec.key "/CN=aia nothing" aia_none -set_serial 8
leaf critical-unknown ec.key "/CN=critical unknown" crit_unknown -set_serial 9
leaf v1 ec.key "/CN=version one" - -set_serial 10
ossl x509 -req -in /dev/null 2>/dev/null || true
# A v1 root: self-signed without extensions.
ossl req -new -key ec.key -config x.cnf -subj "/CN=v1 root" -out v1-root.csr
ossl x509 -req -in v1-root.csr -key ec.key -days 3650 -set_serial 11 -out v1-root.pem
rm -f v1-root.csr

# Names
REQOPT=-multivalue-rdn leaf rdn-multi ec.key "/C=XY/O=Org+OU=Unit+CN=multi/CN=after" plain -set_serial 12
leaf rdn-utf8 ec.key "/C=XY/O=Ünïcødé Örg/CN=日本語 ☃ 😀/OU=tab	and \"quote\" \\back" plain -set_serial 13
leaf rdn-attrs ec.key "/DC=com/DC=example/UID=jdoe/emailAddress=j@example.com/serialNumber=12345/title=Dr/street=1 Main St/postalCode=12345/GN=John/SN=Doe/initials=JD/pseudonym=jd/businessCategory=Private Organization/jurisdictionC=XY/jurisdictionST=State/jurisdictionL=City/1.2.3.4.5=unknown attribute/2.999.1=another/CN=attrs" plain -set_serial 14
cat x.cnf | sed 's/^string_mask = utf8only/string_mask = default/' > default.cnf
CNF=default.cnf leaf rdn-t61-bmp ec.key "/C=XY/O=Latin é ü ñ/OU=BMP ☃ Ω/CN=ascii only" plain -set_serial 15
sed 's/^string_mask = utf8only/string_mask = MASK:0x100/' x.cnf > univ.cnf
CNF=univ.cnf leaf rdn-universal ec.key "/O=Universal 😀 ☃ x/CN=univ" plain -set_serial 16
leaf subject-empty ec.key "/" san_all -set_serial 17

# Serial numbers
leaf serial-long ec.key "/CN=serial long" plain -set_serial 0x7f0102030405060708090a0b0c0d0e0f10111213
leaf serial-leading-zero ec.key "/CN=serial pad" plain -set_serial 0x80ff
leaf serial-negative ec.key "/CN=serial negative" plain -set_serial -0x1234
leaf serial-minus-one ec.key "/CN=serial minus one" plain -set_serial -1
leaf serial-zero ec.key "/CN=serial zero" plain -set_serial 0
leaf serial-negative-pad ec.key "/CN=serial negative pad" plain -set_serial -0x80
leaf serial-high-byte ec.key "/CN=serial high" plain -set_serial 0xff00ff00ff00ff00ff00ff00

# Dates: UTCTime in the 1990s, GeneralizedTime from 2050, single-digit days
dated dates-1990s 950105093443Z 990923235959Z plain
dated dates-2050 20491231235959Z 20500101000000Z plain
dated dates-far 19500101000000Z 99991231235959Z plain
dated dates-1949 19490601120000Z 20380119031408Z plain

# Keys and signatures
key pss.key pss
key p384.key p384
key p521.key p521
key rsa.key rsa
leaf rsa-pss rsa.key "/CN=rsa pss" plain -set_serial 30 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
# An RSA-PSS (id-RSASSA-PSS) public key: Mbed TLS parses no such key.
leaf unparsable-rsa-pss-key pss.key "/CN=rsa pss key" plain -set_serial 34
leaf ecdsa-p384 p384.key "/CN=ecdsa p384" plain -set_serial 31 -sha384
leaf ecdsa-p521 p521.key "/CN=ecdsa p521" plain -set_serial 32 -sha512
leaf rsa-sha1 rsa.key "/CN=rsa sha1" plain -set_serial 33 -sha1
cp ca.pem ca-root.pem

# Ed25519: OpenSSL decodes it, Mbed TLS cannot parse it at all.
key ed.key ed25519
ossl req -x509 -new -key ed.key -config x.cnf -subj "/CN=ed25519" -days 30 -out unparsable-ed25519.pem

rm -f ./*.key ./*.cnf index.txt* serial.txt* ./*.old ./[0-9A-F][0-9A-F].pem ca.srl
ls ./*.pem | wc -l > count
