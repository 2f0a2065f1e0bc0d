/*
 * sslite: the getpeercert() dict.  The backend parses the certificate and
 * reports its parts (backends/backend.h, SSLITE_BX509_*); this file turns
 * them into what CPython's _decode_certificate() shows: OpenSSL's long
 * attribute names, values converted to UTF-8 the way ASN1_STRING_to_UTF8
 * converts them, serial numbers as i2a_ASN1_INTEGER prints them, times as
 * ASN1_TIME_print prints them, GeneralNames as CPython renders them.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* OID -> OpenSSL long name, for the arcs certificates use; sorted by the
 * dotted text for bsearch.  Generated from OpenSSL's object table by
 * test/cert/gen_oid_table.py, which the test suite re-runs to check it. */
typedef struct oid_name {
    const char *oid;
    const char *name;
} oid_name;

static const oid_name OID_NAMES[] = {
    /* BEGIN GENERATED (test/cert/gen_oid_table.py) */
    {"0.9.2342.19200300.100.1.1", "userId"},
    {"0.9.2342.19200300.100.1.10", "manager"},
    {"0.9.2342.19200300.100.1.11", "documentIdentifier"},
    {"0.9.2342.19200300.100.1.12", "documentTitle"},
    {"0.9.2342.19200300.100.1.13", "documentVersion"},
    {"0.9.2342.19200300.100.1.14", "documentAuthor"},
    {"0.9.2342.19200300.100.1.15", "documentLocation"},
    {"0.9.2342.19200300.100.1.2", "textEncodedORAddress"},
    {"0.9.2342.19200300.100.1.20", "homeTelephoneNumber"},
    {"0.9.2342.19200300.100.1.21", "secretary"},
    {"0.9.2342.19200300.100.1.22", "otherMailbox"},
    {"0.9.2342.19200300.100.1.23", "lastModifiedTime"},
    {"0.9.2342.19200300.100.1.24", "lastModifiedBy"},
    {"0.9.2342.19200300.100.1.25", "domainComponent"},
    {"0.9.2342.19200300.100.1.26", "aRecord"},
    {"0.9.2342.19200300.100.1.27", "pilotAttributeType27"},
    {"0.9.2342.19200300.100.1.28", "mXRecord"},
    {"0.9.2342.19200300.100.1.29", "nSRecord"},
    {"0.9.2342.19200300.100.1.3", "rfc822Mailbox"},
    {"0.9.2342.19200300.100.1.30", "sOARecord"},
    {"0.9.2342.19200300.100.1.31", "cNAMERecord"},
    {"0.9.2342.19200300.100.1.37", "associatedDomain"},
    {"0.9.2342.19200300.100.1.38", "associatedName"},
    {"0.9.2342.19200300.100.1.39", "homePostalAddress"},
    {"0.9.2342.19200300.100.1.4", "info"},
    {"0.9.2342.19200300.100.1.40", "personalTitle"},
    {"0.9.2342.19200300.100.1.41", "mobileTelephoneNumber"},
    {"0.9.2342.19200300.100.1.42", "pagerTelephoneNumber"},
    {"0.9.2342.19200300.100.1.43", "friendlyCountryName"},
    {"0.9.2342.19200300.100.1.44", "uniqueIdentifier"},
    {"0.9.2342.19200300.100.1.45", "organizationalStatus"},
    {"0.9.2342.19200300.100.1.46", "janetMailbox"},
    {"0.9.2342.19200300.100.1.47", "mailPreferenceOption"},
    {"0.9.2342.19200300.100.1.48", "buildingName"},
    {"0.9.2342.19200300.100.1.49", "dSAQuality"},
    {"0.9.2342.19200300.100.1.5", "favouriteDrink"},
    {"0.9.2342.19200300.100.1.50", "singleLevelQuality"},
    {"0.9.2342.19200300.100.1.51", "subtreeMinimumQuality"},
    {"0.9.2342.19200300.100.1.52", "subtreeMaximumQuality"},
    {"0.9.2342.19200300.100.1.53", "personalSignature"},
    {"0.9.2342.19200300.100.1.54", "dITRedirect"},
    {"0.9.2342.19200300.100.1.55", "audio"},
    {"0.9.2342.19200300.100.1.56", "documentPublisher"},
    {"0.9.2342.19200300.100.1.6", "roomNumber"},
    {"0.9.2342.19200300.100.1.7", "photo"},
    {"0.9.2342.19200300.100.1.8", "userClass"},
    {"0.9.2342.19200300.100.1.9", "host"},
    {"1.2.643.100.1", "OGRN"},
    {"1.2.643.100.111", "Signing Tool of Subject"},
    {"1.2.643.100.112", "Signing Tool of Issuer"},
    {"1.2.643.100.113", "Class of Signing Tool"},
    {"1.2.643.100.113.1", "Class of Signing Tool KC1"},
    {"1.2.643.100.113.2", "Class of Signing Tool KC2"},
    {"1.2.643.100.113.3", "Class of Signing Tool KC3"},
    {"1.2.643.100.113.4", "Class of Signing Tool KB1"},
    {"1.2.643.100.113.5", "Class of Signing Tool KB2"},
    {"1.2.643.100.113.6", "Class of Signing Tool KA1"},
    {"1.2.643.100.3", "SNILS"},
    {"1.2.643.100.5", "OGRNIP"},
    {"1.2.643.3.131.1.1", "INN"},
    {"1.2.840.10045.1.1", "prime-field"},
    {"1.2.840.10045.1.2", "characteristic-two-field"},
    {"1.2.840.10045.1.2.3", "id-characteristic-two-basis"},
    {"1.2.840.10045.1.2.3.1", "onBasis"},
    {"1.2.840.10045.1.2.3.2", "tpBasis"},
    {"1.2.840.10045.1.2.3.3", "ppBasis"},
    {"1.2.840.10045.2.1", "id-ecPublicKey"},
    {"1.2.840.10045.3.0.1", "c2pnb163v1"},
    {"1.2.840.10045.3.0.10", "c2pnb208w1"},
    {"1.2.840.10045.3.0.11", "c2tnb239v1"},
    {"1.2.840.10045.3.0.12", "c2tnb239v2"},
    {"1.2.840.10045.3.0.13", "c2tnb239v3"},
    {"1.2.840.10045.3.0.14", "c2onb239v4"},
    {"1.2.840.10045.3.0.15", "c2onb239v5"},
    {"1.2.840.10045.3.0.16", "c2pnb272w1"},
    {"1.2.840.10045.3.0.17", "c2pnb304w1"},
    {"1.2.840.10045.3.0.18", "c2tnb359v1"},
    {"1.2.840.10045.3.0.19", "c2pnb368w1"},
    {"1.2.840.10045.3.0.2", "c2pnb163v2"},
    {"1.2.840.10045.3.0.20", "c2tnb431r1"},
    {"1.2.840.10045.3.0.3", "c2pnb163v3"},
    {"1.2.840.10045.3.0.4", "c2pnb176v1"},
    {"1.2.840.10045.3.0.5", "c2tnb191v1"},
    {"1.2.840.10045.3.0.6", "c2tnb191v2"},
    {"1.2.840.10045.3.0.7", "c2tnb191v3"},
    {"1.2.840.10045.3.0.8", "c2onb191v4"},
    {"1.2.840.10045.3.0.9", "c2onb191v5"},
    {"1.2.840.10045.3.1.1", "prime192v1"},
    {"1.2.840.10045.3.1.2", "prime192v2"},
    {"1.2.840.10045.3.1.3", "prime192v3"},
    {"1.2.840.10045.3.1.4", "prime239v1"},
    {"1.2.840.10045.3.1.5", "prime239v2"},
    {"1.2.840.10045.3.1.6", "prime239v3"},
    {"1.2.840.10045.3.1.7", "prime256v1"},
    {"1.2.840.10045.4.1", "ecdsa-with-SHA1"},
    {"1.2.840.10045.4.2", "ecdsa-with-Recommended"},
    {"1.2.840.10045.4.3", "ecdsa-with-Specified"},
    {"1.2.840.10045.4.3.1", "ecdsa-with-SHA224"},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"},
    {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"},
    {"1.2.840.113549.1.1.1", "rsaEncryption"},
    {"1.2.840.113549.1.1.10", "rsassaPss"},
    {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
    {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
    {"1.2.840.113549.1.1.14", "sha224WithRSAEncryption"},
    {"1.2.840.113549.1.1.15", "sha512-224WithRSAEncryption"},
    {"1.2.840.113549.1.1.16", "sha512-256WithRSAEncryption"},
    {"1.2.840.113549.1.1.2", "md2WithRSAEncryption"},
    {"1.2.840.113549.1.1.3", "md4WithRSAEncryption"},
    {"1.2.840.113549.1.1.4", "md5WithRSAEncryption"},
    {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
    {"1.2.840.113549.1.1.6", "rsaOAEPEncryptionSET"},
    {"1.2.840.113549.1.1.7", "rsaesOaep"},
    {"1.2.840.113549.1.1.8", "mgf1"},
    {"1.2.840.113549.1.1.9", "pSpecified"},
    {"1.2.840.113549.1.9.1", "emailAddress"},
    {"1.2.840.113549.1.9.14", "Extension Request"},
    {"1.2.840.113549.1.9.15", "S/MIME Capabilities"},
    {"1.2.840.113549.1.9.16", "S/MIME"},
    {"1.2.840.113549.1.9.16.0", "id-smime-mod"},
    {"1.2.840.113549.1.9.16.0.1", "id-smime-mod-cms"},
    {"1.2.840.113549.1.9.16.0.2", "id-smime-mod-ess"},
    {"1.2.840.113549.1.9.16.0.3", "id-smime-mod-oid"},
    {"1.2.840.113549.1.9.16.0.4", "id-smime-mod-msg-v3"},
    {"1.2.840.113549.1.9.16.0.5", "id-smime-mod-ets-eSignature-88"},
    {"1.2.840.113549.1.9.16.0.6", "id-smime-mod-ets-eSignature-97"},
    {"1.2.840.113549.1.9.16.0.7", "id-smime-mod-ets-eSigPolicy-88"},
    {"1.2.840.113549.1.9.16.0.8", "id-smime-mod-ets-eSigPolicy-97"},
    {"1.2.840.113549.1.9.16.1", "id-smime-ct"},
    {"1.2.840.113549.1.9.16.1.1", "id-smime-ct-receipt"},
    {"1.2.840.113549.1.9.16.1.19", "id-smime-ct-contentCollection"},
    {"1.2.840.113549.1.9.16.1.2", "id-smime-ct-authData"},
    {"1.2.840.113549.1.9.16.1.23", "id-smime-ct-authEnvelopedData"},
    {"1.2.840.113549.1.9.16.1.24", "id-ct-routeOriginAuthz"},
    {"1.2.840.113549.1.9.16.1.26", "id-ct-rpkiManifest"},
    {"1.2.840.113549.1.9.16.1.27", "id-ct-asciiTextWithCRLF"},
    {"1.2.840.113549.1.9.16.1.28", "id-ct-xml"},
    {"1.2.840.113549.1.9.16.1.3", "id-smime-ct-publishCert"},
    {"1.2.840.113549.1.9.16.1.35", "id-ct-rpkiGhostbusters"},
    {"1.2.840.113549.1.9.16.1.36", "id-ct-resourceTaggedAttest"},
    {"1.2.840.113549.1.9.16.1.4", "id-smime-ct-TSTInfo"},
    {"1.2.840.113549.1.9.16.1.47", "id-ct-geofeedCSVwithCRLF"},
    {"1.2.840.113549.1.9.16.1.48", "id-ct-signedChecklist"},
    {"1.2.840.113549.1.9.16.1.5", "id-smime-ct-TDTInfo"},
    {"1.2.840.113549.1.9.16.1.6", "id-smime-ct-contentInfo"},
    {"1.2.840.113549.1.9.16.1.7", "id-smime-ct-DVCSRequestData"},
    {"1.2.840.113549.1.9.16.1.8", "id-smime-ct-DVCSResponseData"},
    {"1.2.840.113549.1.9.16.1.9", "id-smime-ct-compressedData"},
    {"1.2.840.113549.1.9.16.2", "id-smime-aa"},
    {"1.2.840.113549.1.9.16.2.1", "id-smime-aa-receiptRequest"},
    {"1.2.840.113549.1.9.16.2.10", "id-smime-aa-contentReference"},
    {"1.2.840.113549.1.9.16.2.11", "id-smime-aa-encrypKeyPref"},
    {"1.2.840.113549.1.9.16.2.12", "id-smime-aa-signingCertificate"},
    {"1.2.840.113549.1.9.16.2.13", "id-smime-aa-smimeEncryptCerts"},
    {"1.2.840.113549.1.9.16.2.14", "id-smime-aa-timeStampToken"},
    {"1.2.840.113549.1.9.16.2.15", "id-smime-aa-ets-sigPolicyId"},
    {"1.2.840.113549.1.9.16.2.16", "id-smime-aa-ets-commitmentType"},
    {"1.2.840.113549.1.9.16.2.17", "id-smime-aa-ets-signerLocation"},
    {"1.2.840.113549.1.9.16.2.18", "id-smime-aa-ets-signerAttr"},
    {"1.2.840.113549.1.9.16.2.19", "id-smime-aa-ets-otherSigCert"},
    {"1.2.840.113549.1.9.16.2.2", "id-smime-aa-securityLabel"},
    {"1.2.840.113549.1.9.16.2.20", "id-smime-aa-ets-contentTimestamp"},
    {"1.2.840.113549.1.9.16.2.21", "id-smime-aa-ets-CertificateRefs"},
    {"1.2.840.113549.1.9.16.2.22", "id-smime-aa-ets-RevocationRefs"},
    {"1.2.840.113549.1.9.16.2.23", "id-smime-aa-ets-certValues"},
    {"1.2.840.113549.1.9.16.2.24", "id-smime-aa-ets-revocationValues"},
    {"1.2.840.113549.1.9.16.2.25", "id-smime-aa-ets-escTimeStamp"},
    {"1.2.840.113549.1.9.16.2.26", "id-smime-aa-ets-certCRLTimestamp"},
    {"1.2.840.113549.1.9.16.2.27", "id-smime-aa-ets-archiveTimeStamp"},
    {"1.2.840.113549.1.9.16.2.28", "id-smime-aa-signatureType"},
    {"1.2.840.113549.1.9.16.2.29", "id-smime-aa-dvcs-dvc"},
    {"1.2.840.113549.1.9.16.2.3", "id-smime-aa-mlExpandHistory"},
    {"1.2.840.113549.1.9.16.2.4", "id-smime-aa-contentHint"},
    {"1.2.840.113549.1.9.16.2.47", "id-smime-aa-signingCertificateV2"},
    {"1.2.840.113549.1.9.16.2.5", "id-smime-aa-msgSigDigest"},
    {"1.2.840.113549.1.9.16.2.6", "id-smime-aa-encapContentType"},
    {"1.2.840.113549.1.9.16.2.7", "id-smime-aa-contentIdentifier"},
    {"1.2.840.113549.1.9.16.2.8", "id-smime-aa-macValue"},
    {"1.2.840.113549.1.9.16.2.9", "id-smime-aa-equivalentLabels"},
    {"1.2.840.113549.1.9.16.3", "id-smime-alg"},
    {"1.2.840.113549.1.9.16.3.1", "id-smime-alg-ESDHwith3DES"},
    {"1.2.840.113549.1.9.16.3.2", "id-smime-alg-ESDHwithRC2"},
    {"1.2.840.113549.1.9.16.3.3", "id-smime-alg-3DESwrap"},
    {"1.2.840.113549.1.9.16.3.4", "id-smime-alg-RC2wrap"},
    {"1.2.840.113549.1.9.16.3.5", "id-smime-alg-ESDH"},
    {"1.2.840.113549.1.9.16.3.6", "id-smime-alg-CMS3DESwrap"},
    {"1.2.840.113549.1.9.16.3.7", "id-smime-alg-CMSRC2wrap"},
    {"1.2.840.113549.1.9.16.3.8", "zlib compression"},
    {"1.2.840.113549.1.9.16.3.9", "id-alg-PWRI-KEK"},
    {"1.2.840.113549.1.9.16.4", "id-smime-cd"},
    {"1.2.840.113549.1.9.16.4.1", "id-smime-cd-ldap"},
    {"1.2.840.113549.1.9.16.5", "id-smime-spq"},
    {"1.2.840.113549.1.9.16.5.1", "id-smime-spq-ets-sqt-uri"},
    {"1.2.840.113549.1.9.16.5.2", "id-smime-spq-ets-sqt-unotice"},
    {"1.2.840.113549.1.9.16.6", "id-smime-cti"},
    {"1.2.840.113549.1.9.16.6.1", "id-smime-cti-ets-proofOfOrigin"},
    {"1.2.840.113549.1.9.16.6.2", "id-smime-cti-ets-proofOfReceipt"},
    {"1.2.840.113549.1.9.16.6.3", "id-smime-cti-ets-proofOfDelivery"},
    {"1.2.840.113549.1.9.16.6.4", "id-smime-cti-ets-proofOfSender"},
    {"1.2.840.113549.1.9.16.6.5", "id-smime-cti-ets-proofOfApproval"},
    {"1.2.840.113549.1.9.16.6.6", "id-smime-cti-ets-proofOfCreation"},
    {"1.2.840.113549.1.9.2", "unstructuredName"},
    {"1.2.840.113549.1.9.20", "friendlyName"},
    {"1.2.840.113549.1.9.21", "localKeyID"},
    {"1.2.840.113549.1.9.22.1", "x509Certificate"},
    {"1.2.840.113549.1.9.22.2", "sdsiCertificate"},
    {"1.2.840.113549.1.9.23.1", "x509Crl"},
    {"1.2.840.113549.1.9.3", "contentType"},
    {"1.2.840.113549.1.9.4", "messageDigest"},
    {"1.2.840.113549.1.9.5", "signingTime"},
    {"1.2.840.113549.1.9.6", "countersignature"},
    {"1.2.840.113549.1.9.7", "challengePassword"},
    {"1.2.840.113549.1.9.8", "unstructuredAddress"},
    {"1.2.840.113549.1.9.9", "extendedCertificateAttributes"},
    {"1.3.101.1.4.1", "Strong Extranet ID"},
    {"1.3.101.110", "X25519"},
    {"1.3.101.111", "X448"},
    {"1.3.101.112", "ED25519"},
    {"1.3.101.113", "ED448"},
    {"1.3.6.1.4.1.311.10.3.1", "Microsoft Trust List Signing"},
    {"1.3.6.1.4.1.311.10.3.3", "Microsoft Server Gated Crypto"},
    {"1.3.6.1.4.1.311.10.3.4", "Microsoft Encrypted File System"},
    {"1.3.6.1.4.1.311.17.1", "Microsoft CSP Name"},
    {"1.3.6.1.4.1.311.17.2", "Microsoft Local Key set"},
    {"1.3.6.1.4.1.311.2.1.14", "Microsoft Extension Request"},
    {"1.3.6.1.4.1.311.2.1.21", "Microsoft Individual Code Signing"},
    {"1.3.6.1.4.1.311.2.1.22", "Microsoft Commercial Code Signing"},
    {"1.3.6.1.4.1.311.20.2.2", "Microsoft Smartcard Login"},
    {"1.3.6.1.4.1.311.20.2.3", "Microsoft User Principal Name"},
    {"1.3.6.1.4.1.311.60.2.1.1", "jurisdictionLocalityName"},
    {"1.3.6.1.4.1.311.60.2.1.2", "jurisdictionStateOrProvinceName"},
    {"1.3.6.1.4.1.311.60.2.1.3", "jurisdictionCountryName"},
    {"1.3.6.1.5.5.7.0", "id-pkix-mod"},
    {"1.3.6.1.5.5.7.0.1", "id-pkix1-explicit-88"},
    {"1.3.6.1.5.5.7.0.10", "id-mod-qualified-cert-88"},
    {"1.3.6.1.5.5.7.0.11", "id-mod-qualified-cert-93"},
    {"1.3.6.1.5.5.7.0.12", "id-mod-attribute-cert"},
    {"1.3.6.1.5.5.7.0.13", "id-mod-timestamp-protocol"},
    {"1.3.6.1.5.5.7.0.14", "id-mod-ocsp"},
    {"1.3.6.1.5.5.7.0.15", "id-mod-dvcs"},
    {"1.3.6.1.5.5.7.0.16", "id-mod-cmp2000"},
    {"1.3.6.1.5.5.7.0.2", "id-pkix1-implicit-88"},
    {"1.3.6.1.5.5.7.0.3", "id-pkix1-explicit-93"},
    {"1.3.6.1.5.5.7.0.4", "id-pkix1-implicit-93"},
    {"1.3.6.1.5.5.7.0.5", "id-mod-crmf"},
    {"1.3.6.1.5.5.7.0.6", "id-mod-cmc"},
    {"1.3.6.1.5.5.7.0.7", "id-mod-kea-profile-88"},
    {"1.3.6.1.5.5.7.0.8", "id-mod-kea-profile-93"},
    {"1.3.6.1.5.5.7.0.9", "id-mod-cmp"},
    {"1.3.6.1.5.5.7.1", "id-pe"},
    {"1.3.6.1.5.5.7.1.1", "Authority Information Access"},
    {"1.3.6.1.5.5.7.1.10", "ac-proxying"},
    {"1.3.6.1.5.5.7.1.11", "Subject Information Access"},
    {"1.3.6.1.5.5.7.1.14", "Proxy Certificate Information"},
    {"1.3.6.1.5.5.7.1.2", "Biometric Info"},
    {"1.3.6.1.5.5.7.1.24", "TLS Feature"},
    {"1.3.6.1.5.5.7.1.28", "sbgp-ipAddrBlockv2"},
    {"1.3.6.1.5.5.7.1.29", "sbgp-autonomousSysNumv2"},
    {"1.3.6.1.5.5.7.1.3", "qcStatements"},
    {"1.3.6.1.5.5.7.1.4", "ac-auditEntity"},
    {"1.3.6.1.5.5.7.1.5", "ac-targeting"},
    {"1.3.6.1.5.5.7.1.6", "aaControls"},
    {"1.3.6.1.5.5.7.1.7", "sbgp-ipAddrBlock"},
    {"1.3.6.1.5.5.7.1.8", "sbgp-autonomousSysNum"},
    {"1.3.6.1.5.5.7.1.9", "sbgp-routerIdentifier"},
    {"1.3.6.1.5.5.7.10", "id-aca"},
    {"1.3.6.1.5.5.7.10.1", "id-aca-authenticationInfo"},
    {"1.3.6.1.5.5.7.10.2", "id-aca-accessIdentity"},
    {"1.3.6.1.5.5.7.10.3", "id-aca-chargingIdentity"},
    {"1.3.6.1.5.5.7.10.4", "id-aca-group"},
    {"1.3.6.1.5.5.7.10.5", "id-aca-role"},
    {"1.3.6.1.5.5.7.10.6", "id-aca-encAttrs"},
    {"1.3.6.1.5.5.7.11", "id-qcs"},
    {"1.3.6.1.5.5.7.11.1", "id-qcs-pkixQCSyntax-v1"},
    {"1.3.6.1.5.5.7.12", "id-cct"},
    {"1.3.6.1.5.5.7.12.1", "id-cct-crs"},
    {"1.3.6.1.5.5.7.12.2", "id-cct-PKIData"},
    {"1.3.6.1.5.5.7.12.3", "id-cct-PKIResponse"},
    {"1.3.6.1.5.5.7.14", "id-cp"},
    {"1.3.6.1.5.5.7.14.2", "ipAddr-asNumber"},
    {"1.3.6.1.5.5.7.14.3", "ipAddr-asNumberv2"},
    {"1.3.6.1.5.5.7.2", "id-qt"},
    {"1.3.6.1.5.5.7.2.1", "Policy Qualifier CPS"},
    {"1.3.6.1.5.5.7.2.2", "Policy Qualifier User Notice"},
    {"1.3.6.1.5.5.7.2.3", "textNotice"},
    {"1.3.6.1.5.5.7.21", "id-ppl"},
    {"1.3.6.1.5.5.7.21.0", "Any language"},
    {"1.3.6.1.5.5.7.21.1", "Inherit all"},
    {"1.3.6.1.5.5.7.21.2", "Independent"},
    {"1.3.6.1.5.5.7.3", "id-kp"},
    {"1.3.6.1.5.5.7.3.1", "TLS Web Server Authentication"},
    {"1.3.6.1.5.5.7.3.10", "dvcs"},
    {"1.3.6.1.5.5.7.3.17", "ipsec Internet Key Exchange"},
    {"1.3.6.1.5.5.7.3.18", "Ctrl/provision WAP Access"},
    {"1.3.6.1.5.5.7.3.19", "Ctrl/Provision WAP Termination"},
    {"1.3.6.1.5.5.7.3.2", "TLS Web Client Authentication"},
    {"1.3.6.1.5.5.7.3.21", "SSH Client"},
    {"1.3.6.1.5.5.7.3.22", "SSH Server"},
    {"1.3.6.1.5.5.7.3.23", "Send Router"},
    {"1.3.6.1.5.5.7.3.24", "Send Proxied Router"},
    {"1.3.6.1.5.5.7.3.25", "Send Owner"},
    {"1.3.6.1.5.5.7.3.26", "Send Proxied Owner"},
    {"1.3.6.1.5.5.7.3.27", "CMC Certificate Authority"},
    {"1.3.6.1.5.5.7.3.28", "CMC Registration Authority"},
    {"1.3.6.1.5.5.7.3.29", "CMC Archive Server"},
    {"1.3.6.1.5.5.7.3.3", "Code Signing"},
    {"1.3.6.1.5.5.7.3.30", "BGPsec Router"},
    {"1.3.6.1.5.5.7.3.31", "Brand Indicator for Message Identification"},
    {"1.3.6.1.5.5.7.3.32", "Certificate Management Key Generation Authority"},
    {"1.3.6.1.5.5.7.3.4", "E-mail Protection"},
    {"1.3.6.1.5.5.7.3.5", "IPSec End System"},
    {"1.3.6.1.5.5.7.3.6", "IPSec Tunnel"},
    {"1.3.6.1.5.5.7.3.7", "IPSec User"},
    {"1.3.6.1.5.5.7.3.8", "Time Stamping"},
    {"1.3.6.1.5.5.7.3.9", "OCSP Signing"},
    {"1.3.6.1.5.5.7.4", "id-it"},
    {"1.3.6.1.5.5.7.4.1", "id-it-caProtEncCert"},
    {"1.3.6.1.5.5.7.4.10", "id-it-keyPairParamReq"},
    {"1.3.6.1.5.5.7.4.11", "id-it-keyPairParamRep"},
    {"1.3.6.1.5.5.7.4.12", "id-it-revPassphrase"},
    {"1.3.6.1.5.5.7.4.13", "id-it-implicitConfirm"},
    {"1.3.6.1.5.5.7.4.14", "id-it-confirmWaitTime"},
    {"1.3.6.1.5.5.7.4.15", "id-it-origPKIMessage"},
    {"1.3.6.1.5.5.7.4.16", "id-it-suppLangTags"},
    {"1.3.6.1.5.5.7.4.17", "id-it-caCerts"},
    {"1.3.6.1.5.5.7.4.18", "id-it-rootCaKeyUpdate"},
    {"1.3.6.1.5.5.7.4.19", "id-it-certReqTemplate"},
    {"1.3.6.1.5.5.7.4.2", "id-it-signKeyPairTypes"},
    {"1.3.6.1.5.5.7.4.3", "id-it-encKeyPairTypes"},
    {"1.3.6.1.5.5.7.4.4", "id-it-preferredSymmAlg"},
    {"1.3.6.1.5.5.7.4.5", "id-it-caKeyUpdateInfo"},
    {"1.3.6.1.5.5.7.4.6", "id-it-currentCRL"},
    {"1.3.6.1.5.5.7.4.7", "id-it-unsupportedOIDs"},
    {"1.3.6.1.5.5.7.4.8", "id-it-subscriptionRequest"},
    {"1.3.6.1.5.5.7.4.9", "id-it-subscriptionResponse"},
    {"1.3.6.1.5.5.7.48", "id-ad"},
    {"1.3.6.1.5.5.7.48.1", "OCSP"},
    {"1.3.6.1.5.5.7.48.1.1", "Basic OCSP Response"},
    {"1.3.6.1.5.5.7.48.1.10", "path"},
    {"1.3.6.1.5.5.7.48.1.11", "Trust Root"},
    {"1.3.6.1.5.5.7.48.1.2", "OCSP Nonce"},
    {"1.3.6.1.5.5.7.48.1.3", "OCSP CRL ID"},
    {"1.3.6.1.5.5.7.48.1.4", "Acceptable OCSP Responses"},
    {"1.3.6.1.5.5.7.48.1.5", "OCSP No Check"},
    {"1.3.6.1.5.5.7.48.1.6", "OCSP Archive Cutoff"},
    {"1.3.6.1.5.5.7.48.1.7", "OCSP Service Locator"},
    {"1.3.6.1.5.5.7.48.1.8", "Extended OCSP Status"},
    {"1.3.6.1.5.5.7.48.1.9", "valid"},
    {"1.3.6.1.5.5.7.48.10", "RPKI Manifest"},
    {"1.3.6.1.5.5.7.48.11", "Signed Object"},
    {"1.3.6.1.5.5.7.48.13", "RPKI Notify"},
    {"1.3.6.1.5.5.7.48.2", "CA Issuers"},
    {"1.3.6.1.5.5.7.48.3", "AD Time Stamping"},
    {"1.3.6.1.5.5.7.48.4", "ad dvcs"},
    {"1.3.6.1.5.5.7.48.5", "CA Repository"},
    {"1.3.6.1.5.5.7.5", "id-pkip"},
    {"1.3.6.1.5.5.7.5.1", "id-regCtrl"},
    {"1.3.6.1.5.5.7.5.1.1", "id-regCtrl-regToken"},
    {"1.3.6.1.5.5.7.5.1.2", "id-regCtrl-authenticator"},
    {"1.3.6.1.5.5.7.5.1.3", "id-regCtrl-pkiPublicationInfo"},
    {"1.3.6.1.5.5.7.5.1.4", "id-regCtrl-pkiArchiveOptions"},
    {"1.3.6.1.5.5.7.5.1.5", "id-regCtrl-oldCertID"},
    {"1.3.6.1.5.5.7.5.1.6", "id-regCtrl-protocolEncrKey"},
    {"1.3.6.1.5.5.7.5.2", "id-regInfo"},
    {"1.3.6.1.5.5.7.5.2.1", "id-regInfo-utf8Pairs"},
    {"1.3.6.1.5.5.7.5.2.2", "id-regInfo-certReq"},
    {"1.3.6.1.5.5.7.6", "id-alg"},
    {"1.3.6.1.5.5.7.6.1", "id-alg-des40"},
    {"1.3.6.1.5.5.7.6.2", "id-alg-noSignature"},
    {"1.3.6.1.5.5.7.6.3", "id-alg-dh-sig-hmac-sha1"},
    {"1.3.6.1.5.5.7.6.4", "id-alg-dh-pop"},
    {"1.3.6.1.5.5.7.7", "id-cmc"},
    {"1.3.6.1.5.5.7.7.1", "id-cmc-statusInfo"},
    {"1.3.6.1.5.5.7.7.10", "id-cmc-decryptedPOP"},
    {"1.3.6.1.5.5.7.7.11", "id-cmc-lraPOPWitness"},
    {"1.3.6.1.5.5.7.7.15", "id-cmc-getCert"},
    {"1.3.6.1.5.5.7.7.16", "id-cmc-getCRL"},
    {"1.3.6.1.5.5.7.7.17", "id-cmc-revokeRequest"},
    {"1.3.6.1.5.5.7.7.18", "id-cmc-regInfo"},
    {"1.3.6.1.5.5.7.7.19", "id-cmc-responseInfo"},
    {"1.3.6.1.5.5.7.7.2", "id-cmc-identification"},
    {"1.3.6.1.5.5.7.7.21", "id-cmc-queryPending"},
    {"1.3.6.1.5.5.7.7.22", "id-cmc-popLinkRandom"},
    {"1.3.6.1.5.5.7.7.23", "id-cmc-popLinkWitness"},
    {"1.3.6.1.5.5.7.7.24", "id-cmc-confirmCertAcceptance"},
    {"1.3.6.1.5.5.7.7.3", "id-cmc-identityProof"},
    {"1.3.6.1.5.5.7.7.4", "id-cmc-dataReturn"},
    {"1.3.6.1.5.5.7.7.5", "id-cmc-transactionId"},
    {"1.3.6.1.5.5.7.7.6", "id-cmc-senderNonce"},
    {"1.3.6.1.5.5.7.7.7", "id-cmc-recipientNonce"},
    {"1.3.6.1.5.5.7.7.8", "id-cmc-addExtensions"},
    {"1.3.6.1.5.5.7.7.9", "id-cmc-encryptedPOP"},
    {"1.3.6.1.5.5.7.8", "id-on"},
    {"1.3.6.1.5.5.7.8.1", "id-on-personalData"},
    {"1.3.6.1.5.5.7.8.3", "Permanent Identifier"},
    {"1.3.6.1.5.5.7.8.5", "XmppAddr"},
    {"1.3.6.1.5.5.7.8.7", "SRVName"},
    {"1.3.6.1.5.5.7.8.8", "NAIRealm"},
    {"1.3.6.1.5.5.7.8.9", "Smtp UTF8 Mailbox"},
    {"1.3.6.1.5.5.7.9", "id-pda"},
    {"1.3.6.1.5.5.7.9.1", "id-pda-dateOfBirth"},
    {"1.3.6.1.5.5.7.9.2", "id-pda-placeOfBirth"},
    {"1.3.6.1.5.5.7.9.3", "id-pda-gender"},
    {"1.3.6.1.5.5.7.9.4", "id-pda-countryOfCitizenship"},
    {"1.3.6.1.5.5.7.9.5", "id-pda-countryOfResidence"},
    {"2.16.840.1.101.3.4.1.1", "aes-128-ecb"},
    {"2.16.840.1.101.3.4.1.2", "aes-128-cbc"},
    {"2.16.840.1.101.3.4.1.21", "aes-192-ecb"},
    {"2.16.840.1.101.3.4.1.22", "aes-192-cbc"},
    {"2.16.840.1.101.3.4.1.23", "aes-192-ofb"},
    {"2.16.840.1.101.3.4.1.24", "aes-192-cfb"},
    {"2.16.840.1.101.3.4.1.25", "id-aes192-wrap"},
    {"2.16.840.1.101.3.4.1.26", "aes-192-gcm"},
    {"2.16.840.1.101.3.4.1.27", "aes-192-ccm"},
    {"2.16.840.1.101.3.4.1.28", "id-aes192-wrap-pad"},
    {"2.16.840.1.101.3.4.1.3", "aes-128-ofb"},
    {"2.16.840.1.101.3.4.1.4", "aes-128-cfb"},
    {"2.16.840.1.101.3.4.1.41", "aes-256-ecb"},
    {"2.16.840.1.101.3.4.1.42", "aes-256-cbc"},
    {"2.16.840.1.101.3.4.1.43", "aes-256-ofb"},
    {"2.16.840.1.101.3.4.1.44", "aes-256-cfb"},
    {"2.16.840.1.101.3.4.1.45", "id-aes256-wrap"},
    {"2.16.840.1.101.3.4.1.46", "aes-256-gcm"},
    {"2.16.840.1.101.3.4.1.47", "aes-256-ccm"},
    {"2.16.840.1.101.3.4.1.48", "id-aes256-wrap-pad"},
    {"2.16.840.1.101.3.4.1.5", "id-aes128-wrap"},
    {"2.16.840.1.101.3.4.1.6", "aes-128-gcm"},
    {"2.16.840.1.101.3.4.1.7", "aes-128-ccm"},
    {"2.16.840.1.101.3.4.1.8", "id-aes128-wrap-pad"},
    {"2.16.840.1.101.3.4.2.1", "sha256"},
    {"2.16.840.1.101.3.4.2.10", "sha3-512"},
    {"2.16.840.1.101.3.4.2.11", "shake128"},
    {"2.16.840.1.101.3.4.2.12", "shake256"},
    {"2.16.840.1.101.3.4.2.13", "hmac-sha3-224"},
    {"2.16.840.1.101.3.4.2.14", "hmac-sha3-256"},
    {"2.16.840.1.101.3.4.2.15", "hmac-sha3-384"},
    {"2.16.840.1.101.3.4.2.16", "hmac-sha3-512"},
    {"2.16.840.1.101.3.4.2.19", "kmac128"},
    {"2.16.840.1.101.3.4.2.2", "sha384"},
    {"2.16.840.1.101.3.4.2.20", "kmac256"},
    {"2.16.840.1.101.3.4.2.3", "sha512"},
    {"2.16.840.1.101.3.4.2.4", "sha224"},
    {"2.16.840.1.101.3.4.2.5", "sha512-224"},
    {"2.16.840.1.101.3.4.2.6", "sha512-256"},
    {"2.16.840.1.101.3.4.2.7", "sha3-224"},
    {"2.16.840.1.101.3.4.2.8", "sha3-256"},
    {"2.16.840.1.101.3.4.2.9", "sha3-384"},
    {"2.16.840.1.101.3.4.3.1", "dsa_with_SHA224"},
    {"2.16.840.1.101.3.4.3.10", "ecdsa_with_SHA3-256"},
    {"2.16.840.1.101.3.4.3.11", "ecdsa_with_SHA3-384"},
    {"2.16.840.1.101.3.4.3.12", "ecdsa_with_SHA3-512"},
    {"2.16.840.1.101.3.4.3.13", "RSA-SHA3-224"},
    {"2.16.840.1.101.3.4.3.14", "RSA-SHA3-256"},
    {"2.16.840.1.101.3.4.3.15", "RSA-SHA3-384"},
    {"2.16.840.1.101.3.4.3.16", "RSA-SHA3-512"},
    {"2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"},
    {"2.16.840.1.101.3.4.3.3", "dsa_with_SHA384"},
    {"2.16.840.1.101.3.4.3.4", "dsa_with_SHA512"},
    {"2.16.840.1.101.3.4.3.5", "dsa_with_SHA3-224"},
    {"2.16.840.1.101.3.4.3.6", "dsa_with_SHA3-256"},
    {"2.16.840.1.101.3.4.3.7", "dsa_with_SHA3-384"},
    {"2.16.840.1.101.3.4.3.8", "dsa_with_SHA3-512"},
    {"2.16.840.1.101.3.4.3.9", "ecdsa_with_SHA3-224"},
    {"2.16.840.1.113730.1", "Netscape Certificate Extension"},
    {"2.16.840.1.113730.1.1", "Netscape Cert Type"},
    {"2.16.840.1.113730.1.12", "Netscape SSL Server Name"},
    {"2.16.840.1.113730.1.13", "Netscape Comment"},
    {"2.16.840.1.113730.1.2", "Netscape Base Url"},
    {"2.16.840.1.113730.1.3", "Netscape Revocation Url"},
    {"2.16.840.1.113730.1.4", "Netscape CA Revocation Url"},
    {"2.16.840.1.113730.1.7", "Netscape Renewal Url"},
    {"2.16.840.1.113730.1.8", "Netscape CA Policy Url"},
    {"2.16.840.1.113730.2", "Netscape Data Type"},
    {"2.16.840.1.113730.2.5", "Netscape Certificate Sequence"},
    {"2.16.840.1.113730.4.1", "Netscape Server Gated Crypto"},
    {"2.23.42", "Secure Electronic Transactions"},
    {"2.23.42.0", "content types"},
    {"2.23.42.0.0", "setct-PANData"},
    {"2.23.42.0.1", "setct-PANToken"},
    {"2.23.42.0.10", "setct-AuthRevResBaggage"},
    {"2.23.42.0.11", "setct-CapTokenSeq"},
    {"2.23.42.0.12", "setct-PInitResData"},
    {"2.23.42.0.13", "setct-PI-TBS"},
    {"2.23.42.0.14", "setct-PResData"},
    {"2.23.42.0.16", "setct-AuthReqTBS"},
    {"2.23.42.0.17", "setct-AuthResTBS"},
    {"2.23.42.0.18", "setct-AuthResTBSX"},
    {"2.23.42.0.19", "setct-AuthTokenTBS"},
    {"2.23.42.0.2", "setct-PANOnly"},
    {"2.23.42.0.20", "setct-CapTokenData"},
    {"2.23.42.0.21", "setct-CapTokenTBS"},
    {"2.23.42.0.22", "setct-AcqCardCodeMsg"},
    {"2.23.42.0.23", "setct-AuthRevReqTBS"},
    {"2.23.42.0.24", "setct-AuthRevResData"},
    {"2.23.42.0.25", "setct-AuthRevResTBS"},
    {"2.23.42.0.26", "setct-CapReqTBS"},
    {"2.23.42.0.27", "setct-CapReqTBSX"},
    {"2.23.42.0.28", "setct-CapResData"},
    {"2.23.42.0.29", "setct-CapRevReqTBS"},
    {"2.23.42.0.3", "setct-OIData"},
    {"2.23.42.0.30", "setct-CapRevReqTBSX"},
    {"2.23.42.0.31", "setct-CapRevResData"},
    {"2.23.42.0.32", "setct-CredReqTBS"},
    {"2.23.42.0.33", "setct-CredReqTBSX"},
    {"2.23.42.0.34", "setct-CredResData"},
    {"2.23.42.0.35", "setct-CredRevReqTBS"},
    {"2.23.42.0.36", "setct-CredRevReqTBSX"},
    {"2.23.42.0.37", "setct-CredRevResData"},
    {"2.23.42.0.38", "setct-PCertReqData"},
    {"2.23.42.0.39", "setct-PCertResTBS"},
    {"2.23.42.0.4", "setct-PI"},
    {"2.23.42.0.40", "setct-BatchAdminReqData"},
    {"2.23.42.0.41", "setct-BatchAdminResData"},
    {"2.23.42.0.42", "setct-CardCInitResTBS"},
    {"2.23.42.0.43", "setct-MeAqCInitResTBS"},
    {"2.23.42.0.44", "setct-RegFormResTBS"},
    {"2.23.42.0.45", "setct-CertReqData"},
    {"2.23.42.0.46", "setct-CertReqTBS"},
    {"2.23.42.0.47", "setct-CertResData"},
    {"2.23.42.0.48", "setct-CertInqReqTBS"},
    {"2.23.42.0.49", "setct-ErrorTBS"},
    {"2.23.42.0.5", "setct-PIData"},
    {"2.23.42.0.50", "setct-PIDualSignedTBE"},
    {"2.23.42.0.51", "setct-PIUnsignedTBE"},
    {"2.23.42.0.52", "setct-AuthReqTBE"},
    {"2.23.42.0.53", "setct-AuthResTBE"},
    {"2.23.42.0.54", "setct-AuthResTBEX"},
    {"2.23.42.0.55", "setct-AuthTokenTBE"},
    {"2.23.42.0.56", "setct-CapTokenTBE"},
    {"2.23.42.0.57", "setct-CapTokenTBEX"},
    {"2.23.42.0.58", "setct-AcqCardCodeMsgTBE"},
    {"2.23.42.0.59", "setct-AuthRevReqTBE"},
    {"2.23.42.0.6", "setct-PIDataUnsigned"},
    {"2.23.42.0.60", "setct-AuthRevResTBE"},
    {"2.23.42.0.61", "setct-AuthRevResTBEB"},
    {"2.23.42.0.62", "setct-CapReqTBE"},
    {"2.23.42.0.63", "setct-CapReqTBEX"},
    {"2.23.42.0.64", "setct-CapResTBE"},
    {"2.23.42.0.65", "setct-CapRevReqTBE"},
    {"2.23.42.0.66", "setct-CapRevReqTBEX"},
    {"2.23.42.0.67", "setct-CapRevResTBE"},
    {"2.23.42.0.68", "setct-CredReqTBE"},
    {"2.23.42.0.69", "setct-CredReqTBEX"},
    {"2.23.42.0.7", "setct-HODInput"},
    {"2.23.42.0.70", "setct-CredResTBE"},
    {"2.23.42.0.71", "setct-CredRevReqTBE"},
    {"2.23.42.0.72", "setct-CredRevReqTBEX"},
    {"2.23.42.0.73", "setct-CredRevResTBE"},
    {"2.23.42.0.74", "setct-BatchAdminReqTBE"},
    {"2.23.42.0.75", "setct-BatchAdminResTBE"},
    {"2.23.42.0.76", "setct-RegFormReqTBE"},
    {"2.23.42.0.77", "setct-CertReqTBE"},
    {"2.23.42.0.78", "setct-CertReqTBEX"},
    {"2.23.42.0.79", "setct-CertResTBE"},
    {"2.23.42.0.8", "setct-AuthResBaggage"},
    {"2.23.42.0.80", "setct-CRLNotificationTBS"},
    {"2.23.42.0.81", "setct-CRLNotificationResTBS"},
    {"2.23.42.0.82", "setct-BCIDistributionTBS"},
    {"2.23.42.0.9", "setct-AuthRevReqBaggage"},
    {"2.23.42.1", "message extensions"},
    {"2.23.42.1.1", "generic cryptogram"},
    {"2.23.42.1.3", "merchant initiated auth"},
    {"2.23.42.1.4", "setext-pinSecure"},
    {"2.23.42.1.5", "setext-pinAny"},
    {"2.23.42.1.7", "setext-track2"},
    {"2.23.42.1.8", "additional verification"},
    {"2.23.42.3", "set-attr"},
    {"2.23.42.3.0", "setAttr-Cert"},
    {"2.23.42.3.0.0", "set-rootKeyThumb"},
    {"2.23.42.3.0.1", "set-addPolicy"},
    {"2.23.42.3.1", "payment gateway capabilities"},
    {"2.23.42.3.2", "setAttr-TokenType"},
    {"2.23.42.3.2.1", "setAttr-Token-EMV"},
    {"2.23.42.3.2.2", "setAttr-Token-B0Prime"},
    {"2.23.42.3.3", "issuer capabilities"},
    {"2.23.42.3.3.3", "setAttr-IssCap-CVM"},
    {"2.23.42.3.3.3.1", "generate cryptogram"},
    {"2.23.42.3.3.4", "setAttr-IssCap-T2"},
    {"2.23.42.3.3.4.1", "encrypted track 2"},
    {"2.23.42.3.3.4.2", "cleartext track 2"},
    {"2.23.42.3.3.5", "setAttr-IssCap-Sig"},
    {"2.23.42.3.3.5.1", "ICC or token signature"},
    {"2.23.42.3.3.5.2", "secure device signature"},
    {"2.23.42.5", "set-policy"},
    {"2.23.42.5.0", "set-policy-root"},
    {"2.23.42.7", "certificate extensions"},
    {"2.23.42.7.0", "setCext-hashedRoot"},
    {"2.23.42.7.1", "setCext-certType"},
    {"2.23.42.7.10", "setCext-TokenType"},
    {"2.23.42.7.11", "setCext-IssuerCapabilities"},
    {"2.23.42.7.2", "setCext-merchData"},
    {"2.23.42.7.3", "setCext-cCertRequired"},
    {"2.23.42.7.4", "setCext-tunneling"},
    {"2.23.42.7.5", "setCext-setExt"},
    {"2.23.42.7.6", "setCext-setQualf"},
    {"2.23.42.7.7", "setCext-PGWYcapabilities"},
    {"2.23.42.7.8", "setCext-TokenIdentifier"},
    {"2.23.42.7.9", "setCext-Track2Data"},
    {"2.23.42.8", "set-brand"},
    {"2.23.42.8.1", "set-brand-IATA-ATA"},
    {"2.23.42.8.30", "set-brand-Diners"},
    {"2.23.42.8.34", "set-brand-AmericanExpress"},
    {"2.23.42.8.35", "set-brand-JCB"},
    {"2.23.42.8.4", "set-brand-Visa"},
    {"2.23.42.8.5", "set-brand-MasterCard"},
    {"2.23.42.8.6011", "set-brand-Novus"},
    {"2.23.43", "wap"},
    {"2.23.43.1", "wap-wsg"},
    {"2.23.43.1.4.1", "wap-wsg-idm-ecid-wtls1"},
    {"2.23.43.1.4.10", "wap-wsg-idm-ecid-wtls10"},
    {"2.23.43.1.4.11", "wap-wsg-idm-ecid-wtls11"},
    {"2.23.43.1.4.12", "wap-wsg-idm-ecid-wtls12"},
    {"2.23.43.1.4.3", "wap-wsg-idm-ecid-wtls3"},
    {"2.23.43.1.4.4", "wap-wsg-idm-ecid-wtls4"},
    {"2.23.43.1.4.5", "wap-wsg-idm-ecid-wtls5"},
    {"2.23.43.1.4.6", "wap-wsg-idm-ecid-wtls6"},
    {"2.23.43.1.4.7", "wap-wsg-idm-ecid-wtls7"},
    {"2.23.43.1.4.8", "wap-wsg-idm-ecid-wtls8"},
    {"2.23.43.1.4.9", "wap-wsg-idm-ecid-wtls9"},
    {"2.5.29.14", "X509v3 Subject Key Identifier"},
    {"2.5.29.15", "X509v3 Key Usage"},
    {"2.5.29.16", "X509v3 Private Key Usage Period"},
    {"2.5.29.17", "X509v3 Subject Alternative Name"},
    {"2.5.29.18", "X509v3 Issuer Alternative Name"},
    {"2.5.29.19", "X509v3 Basic Constraints"},
    {"2.5.29.20", "X509v3 CRL Number"},
    {"2.5.29.21", "X509v3 CRL Reason Code"},
    {"2.5.29.23", "Hold Instruction Code"},
    {"2.5.29.24", "Invalidity Date"},
    {"2.5.29.27", "X509v3 Delta CRL Indicator"},
    {"2.5.29.28", "X509v3 Issuing Distribution Point"},
    {"2.5.29.29", "X509v3 Certificate Issuer"},
    {"2.5.29.30", "X509v3 Name Constraints"},
    {"2.5.29.31", "X509v3 CRL Distribution Points"},
    {"2.5.29.32", "X509v3 Certificate Policies"},
    {"2.5.29.32.0", "X509v3 Any Policy"},
    {"2.5.29.33", "X509v3 Policy Mappings"},
    {"2.5.29.35", "X509v3 Authority Key Identifier"},
    {"2.5.29.36", "X509v3 Policy Constraints"},
    {"2.5.29.37", "X509v3 Extended Key Usage"},
    {"2.5.29.37.0", "Any Extended Key Usage"},
    {"2.5.29.46", "X509v3 Freshest CRL"},
    {"2.5.29.54", "X509v3 Inhibit Any Policy"},
    {"2.5.29.55", "X509v3 AC Targeting"},
    {"2.5.29.56", "X509v3 No Revocation Available"},
    {"2.5.29.9", "X509v3 Subject Directory Attributes"},
    {"2.5.4.10", "organizationName"},
    {"2.5.4.100", "dnsName"},
    {"2.5.4.11", "organizationalUnitName"},
    {"2.5.4.12", "title"},
    {"2.5.4.13", "description"},
    {"2.5.4.14", "searchGuide"},
    {"2.5.4.15", "businessCategory"},
    {"2.5.4.16", "postalAddress"},
    {"2.5.4.17", "postalCode"},
    {"2.5.4.18", "postOfficeBox"},
    {"2.5.4.19", "physicalDeliveryOfficeName"},
    {"2.5.4.20", "telephoneNumber"},
    {"2.5.4.21", "telexNumber"},
    {"2.5.4.22", "teletexTerminalIdentifier"},
    {"2.5.4.23", "facsimileTelephoneNumber"},
    {"2.5.4.24", "x121Address"},
    {"2.5.4.25", "internationaliSDNNumber"},
    {"2.5.4.26", "registeredAddress"},
    {"2.5.4.27", "destinationIndicator"},
    {"2.5.4.28", "preferredDeliveryMethod"},
    {"2.5.4.29", "presentationAddress"},
    {"2.5.4.3", "commonName"},
    {"2.5.4.30", "supportedApplicationContext"},
    {"2.5.4.31", "member"},
    {"2.5.4.32", "owner"},
    {"2.5.4.33", "roleOccupant"},
    {"2.5.4.34", "seeAlso"},
    {"2.5.4.35", "userPassword"},
    {"2.5.4.36", "userCertificate"},
    {"2.5.4.37", "cACertificate"},
    {"2.5.4.38", "authorityRevocationList"},
    {"2.5.4.39", "certificateRevocationList"},
    {"2.5.4.4", "surname"},
    {"2.5.4.40", "crossCertificatePair"},
    {"2.5.4.41", "name"},
    {"2.5.4.42", "givenName"},
    {"2.5.4.43", "initials"},
    {"2.5.4.44", "generationQualifier"},
    {"2.5.4.45", "x500UniqueIdentifier"},
    {"2.5.4.46", "dnQualifier"},
    {"2.5.4.47", "enhancedSearchGuide"},
    {"2.5.4.48", "protocolInformation"},
    {"2.5.4.49", "distinguishedName"},
    {"2.5.4.5", "serialNumber"},
    {"2.5.4.50", "uniqueMember"},
    {"2.5.4.51", "houseIdentifier"},
    {"2.5.4.52", "supportedAlgorithms"},
    {"2.5.4.53", "deltaRevocationList"},
    {"2.5.4.54", "dmdName"},
    {"2.5.4.6", "countryName"},
    {"2.5.4.65", "pseudonym"},
    {"2.5.4.7", "localityName"},
    {"2.5.4.72", "role"},
    {"2.5.4.8", "stateOrProvinceName"},
    {"2.5.4.9", "streetAddress"},
    {"2.5.4.97", "organizationIdentifier"},
    {"2.5.4.98", "countryCode3c"},
    {"2.5.4.99", "countryCode3n"},
    /* END GENERATED */
};

static int oid_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const oid_name *)elem)->oid);
}

/* OBJ_obj2txt(no_name=0): OpenSSL's long name, else the dotted text. */
static const char *oid_long_name(const char *dotted)
{
    const oid_name *o = bsearch(dotted, OID_NAMES, sizeof(OID_NAMES) / sizeof(OID_NAMES[0]),
                                sizeof(OID_NAMES[0]), oid_cmp);
    return o != NULL ? o->name : NULL;
}

/* ---- storage: everything a dict points at lives in one arena ---- */

typedef union arena_align {
    long double ld;
    void *p;
    long long ll;
} arena_align;

typedef struct arena_blk {
    struct arena_blk *next;
    arena_align data[1];
} arena_blk;

struct sslite_certdict {
    arena_blk *arena;
    int empty;
    sslite_cert_name subject, issuer;
    int version;
    const char *serial, *not_before, *not_after;
    int has_san;
    const sslite_cert_altname *san;
    size_t nsan;
    const sslite_cert_string *ocsp, *ca_issuers, *crldp;
    size_t nocsp, nca_issuers, ncrldp;
    long is_ca;
};

static void *arena_alloc(sslite_certdict *d, size_t n)
{
    arena_blk *b = sslite__malloc(offsetof(arena_blk, data) + (n > 0 ? n : 1));
    if (b == NULL)
        return NULL;
    b->next = d->arena;
    d->arena = b;
    return b->data;
}

static void *arena_dup(sslite_certdict *d, const void *p, size_t n)
{
    void *q = arena_alloc(d, n);
    if (q != NULL && n > 0)
        memcpy(q, p, n);
    return q;
}

/* A growable buffer (bytes or an array of structs). */
typedef struct vec {
    unsigned char *p;
    size_t len, cap;
} vec;

static int vec_add(vec *v, const void *src, size_t n)
{
    if (v->len + n > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        unsigned char *np;
        while (cap < v->len + n)
            cap *= 2;
        if ((np = sslite__realloc(v->p, cap)) == NULL)
            return -1;
        v->p = np;
        v->cap = cap;
    }
    if (n > 0)
        memcpy(v->p + v->len, src, n);
    v->len += n;
    return 0;
}

static int vec_byte(vec *v, unsigned char c)
{
    return vec_add(v, &c, 1);
}

/* ---- string conversions ---- */

static int put_utf8(vec *v, unsigned long c)
{
    unsigned char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (unsigned char)(0xc0 | (c >> 6));
        b[1] = (unsigned char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (unsigned char)(0xe0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
        b[2] = (unsigned char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xf0 | (c >> 18));
        b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
        b[3] = (unsigned char)(0x80 | (c & 0x3f));
        n = 4;
    }
    return vec_add(v, b, n);
}

/* Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF),
 * what both OpenSSL and Python's decoder accept.  Returns 0, or -1 with
 * the offending offset, the length of the bad sequence and CPython's
 * reason. */
static int utf8_check(const unsigned char *s, size_t len, size_t *pos, size_t *bad,
                      const char **why)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n, k;
        unsigned long lo = 0x80, hi = 0xbf;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 2;
        else if (c >= 0xe0 && c <= 0xef)
            n = 3;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 4;
        else {
            *pos = i;
            *bad = 1;
            *why = "invalid start byte";
            return -1;
        }
        /* the second byte's range rules out overlong forms and surrogates */
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        else if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        for (k = 1; k < n; k++) {
            unsigned long lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xbf;
            if (i + k >= len) {
                *pos = i;
                *bad = k;
                *why = "unexpected end of data";
                return -1;
            }
            if (s[i + k] < lo_k || s[i + k] > hi_k) {
                *pos = i;
                *bad = k;
                *why = "invalid continuation byte";
                return -1;
            }
        }
        i += n;
    }
    return 0;
}

/* Python's UnicodeDecodeError text for bytes that are not UTF-8. */
static int utf8_error(sslite_error *err, const unsigned char *s, size_t pos, size_t bad,
                      const char *why)
{
    if (bad == 1)
        return sslite__err_value(err, "'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
                                 s[pos], pos, why);
    return sslite__err_value(err, "'utf-8' codec can't decode bytes in position %zu-%zu: %s", pos,
                             pos + bad - 1, why);
}

/* Bytes Python must read as UTF-8 (PyUnicode_FromStringAndSize). */
static int as_text(sslite_error *err, const unsigned char *s, size_t len, vec *out)
{
    size_t pos, bad;
    const char *why;
    if (utf8_check(s, len, &pos, &bad, &why) < 0)
        return utf8_error(err, s, pos, bad, why);
    return vec_add(out, s, len) < 0 ? sslite__err_nomem(err) : 0;
}

/* ASN1_STRING_to_UTF8: UTF8String as is (if valid), BMPString and
 * UniversalString decoded, the one-byte types read as Latin-1, anything
 * else refused. */
static int string_to_utf8(sslite_error *err, int tag, const unsigned char *s, size_t len, vec *out)
{
    size_t i, w;
    switch (tag) {
    case 12: { /* UTF8String */
        size_t pos, bad;
        const char *why;
        if (utf8_check(s, len, &pos, &bad, &why) < 0)
            goto invalid;
        return vec_add(out, s, len) < 0 ? sslite__err_nomem(err) : 0;
    }
    case 18: case 19: case 20: case 22: case 23: case 24: case 26:
        /* Numeric, Printable, T61, IA5, UTCTime, GeneralizedTime, Visible */
        for (i = 0; i < len; i++)
            if (put_utf8(out, s[i]) < 0)
                return sslite__err_nomem(err);
        return 0;
    case 28: /* UniversalString */
    case 30: /* BMPString */
        w = tag == 30 ? 2 : 4;
        if (len % w != 0)
            goto invalid;
        for (i = 0; i < len; i += w) {
            unsigned long c = w == 2 ? ((unsigned long)s[i] << 8 | s[i + 1])
                                     : ((unsigned long)s[i] << 24 | (unsigned long)s[i + 1] << 16 |
                                        (unsigned long)s[i + 2] << 8 | s[i + 3]);
            if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                goto invalid;
            if (put_utf8(out, c) < 0)
                return sslite__err_nomem(err);
        }
        return 0;
    default:
        break;
    }
invalid:
    /* CPython raises the SSLError OpenSSL's conversion left behind. */
    return sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "ASN1", NULL,
                           "[ASN1] a name holds a value that is not text (tag %d) (%s:%d)", tag,
                           SSLITE__WHERE);
}

/* ---- building ---- */

/* A distinguished name under construction: attributes, RDN starts. */
typedef struct name_build {
    vec attrs; /* sslite_cert_attr */
    vec starts; /* size_t: index of each RDN's first attribute */
} name_build;

typedef struct san_build {
    const char *type;
    char *value;
    size_t value_len;
    name_build dir; /* a DirName's */
    int is_dir;
} san_build;

typedef struct builder {
    sslite_certdict *d;
    sslite_error *err;
    name_build names[2];
    vec sans;             /* san_build */
    vec lists[3];         /* sslite_cert_string: OCSP, caIssuers, crlDistributionPoints */
} builder;

/* A NUL-terminated arena copy of the bytes in v. */
static char *take_string(builder *b, vec *v, size_t *len)
{
    char *s = arena_alloc(b->d, v->len + 1);
    if (s == NULL)
        return NULL;
    if (v->len > 0)
        memcpy(s, v->p, v->len);
    s[v->len] = '\0';
    if (len != NULL)
        *len = v->len;
    return s;
}

static char *arena_str(sslite_certdict *d, const char *s)
{
    return arena_dup(d, s, strlen(s) + 1);
}

static int add_attr(builder *b, name_build *nb, const sslite_bx509_item *it)
{
    sslite_cert_attr a;
    vec v = {0};
    const char *ln;
    int ret = 0;

    SSLITE_GUARD(string_to_utf8(b->err, it->tag, it->data, it->len, &v));
    ln = oid_long_name(it->oid);
    a.name = arena_str(b->d, ln != NULL ? ln : it->oid);
    a.value = take_string(b, &v, &a.value_len);
    if (a.name == NULL || a.value == NULL)
        SSLITE_GUARD(sslite__err_nomem(b->err));
    if (it->num || nb->starts.len == 0) {
        size_t at = nb->attrs.len / sizeof(sslite_cert_attr);
        if (vec_add(&nb->starts, &at, sizeof(at)) < 0)
            SSLITE_GUARD(sslite__err_nomem(b->err));
    }
    if (vec_add(&nb->attrs, &a, sizeof(a)) < 0)
        SSLITE_GUARD(sslite__err_nomem(b->err));
out:
    sslite__free(v.p);
    return ret;
}

static const char MONTHS[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ASN1_TIME_print: "Jan  5 09:34:43 2018 GMT". */
static const char *format_time(builder *b, const sslite_bx509_item *it)
{
    char buf[96];
    int mon = it->time[1] >= 1 && it->time[1] <= 12 ? it->time[1] - 1 : 0;
    snprintf(buf, sizeof(buf), "%s %2d %02d:%02d:%02d %d%s", MONTHS[mon], it->time[2],
             it->time[3], it->time[4], it->time[5], it->time[0], it->num ? " GMT" : "");
    return arena_str(b->d, buf);
}

/* i2a_ASN1_INTEGER on what OpenSSL's decoder keeps: the magnitude without
 * padding, "-" before a negative number, "00" for zero.  A padded or empty
 * INTEGER is one OpenSSL refuses to decode at all. */
static int format_serial(builder *b, const sslite_bx509_item *it)
{
    const unsigned char *p = it->data;
    size_t n = it->len, i;
    int neg;
    unsigned char *mag = NULL;
    char *s = NULL;
    int ret = 0;

    if (n == 0 || (n > 1 && ((p[0] == 0x00 && !(p[1] & 0x80)) || (p[0] == 0xff && (p[1] & 0x80)))))
        return sslite__err_set(b->err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "ASN1",
                               n == 0 ? "ILLEGAL_ZERO_CONTENT" : "ILLEGAL_PADDING",
                               "[ASN1: %s] %s (%s:%d)",
                               n == 0 ? "ILLEGAL_ZERO_CONTENT" : "ILLEGAL_PADDING",
                               n == 0 ? "illegal zero content" : "illegal padding", SSLITE__WHERE);
    neg = (p[0] & 0x80) != 0;
    mag = sslite__malloc(n);
    SSLITE_GUARD_PTR(mag, b->err);
    memcpy(mag, p, n);
    if (neg) { /* two's complement: invert and add one */
        int carry = 1;
        for (i = n; i-- > 0;) {
            unsigned v = (unsigned)(unsigned char)~mag[i] + (unsigned)carry;
            mag[i] = (unsigned char)v;
            carry = v > 0xff;
        }
    }
    i = 0;
    while (i + 1 < n && mag[i] == 0)
        i++;
    s = arena_alloc(b->d, 2 * (n - i) + 2);
    SSLITE_GUARD_PTR(s, b->err);
    {
        char *q = s;
        if (neg)
            *q++ = '-';
        for (; i < n; i++, q += 2)
            snprintf(q, 3, "%02X", mag[i]);
        *q = '\0';
    }
    b->d->serial = s;
out:
    sslite__free(mag);
    return ret;
}

static int add_string(builder *b, vec *list, const unsigned char *data, size_t len)
{
    sslite_cert_string str;
    vec v = {0};
    int ret = 0;

    SSLITE_GUARD(as_text(b->err, data, len, &v));
    str.value = take_string(b, &v, &str.len);
    SSLITE_GUARD_PTR(str.value, b->err);
    if (vec_add(list, &str, sizeof(str)) < 0)
        SSLITE_GUARD(sslite__err_nomem(b->err));
out:
    sslite__free(v.p);
    return ret;
}

/* GENERAL_NAME_print's text for an otherName, as OpenSSL 3.0 prints it:
 * the types it knows with their UTF8String (SRVName: IA5String) value,
 * else "<unsupported>". */
static void othername_text(const sslite_bx509_item *it, vec *v)
{
    static const struct {
        const char *oid, *label;
        int tag;
    } known[] = {
        {"1.3.6.1.5.5.7.8.9", "SmtpUTF8Mailbox", 12},
        {"1.3.6.1.5.5.7.8.5", "XmppAddr", 12},
        {"1.3.6.1.5.5.7.8.7", "SRVName", 22},
        {"1.3.6.1.4.1.311.20.2.3", "UPN", 12},
        {"1.3.6.1.5.5.7.8.8", "NAIRealm", 12},
    };
    size_t i, n;
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(it->oid, known[i].oid) != 0)
            continue;
        if (it->num != known[i].tag)
            break;
        (void)vec_add(v, known[i].label, strlen(known[i].label));
        (void)vec_byte(v, ':');
        /* "%.*s" stops at a NUL */
        for (n = 0; n < it->len && it->data[n] != 0; n++)
            ;
        (void)vec_add(v, it->data, n);
        return;
    }
    (void)vec_add(v, "<unsupported>", 13);
}

static int add_san(builder *b, const sslite_bx509_item *it)
{
    static const char *const TYPES[9] = {"othername", "email", "DNS", "X400Name", "DirName",
                                         "EdiPartyName", "URI", "IP Address", "Registered ID"};
    san_build s;
    vec v = {0};
    int ret = 0;
    char buf[64];

    memset(&s, 0, sizeof(s));
    s.type = TYPES[it->tag];
    switch (it->tag) {
    case 1: case 2: case 6:
        SSLITE_GUARD(as_text(b->err, it->data, it->len, &v));
        break;
    case 7:
        if (it->len == 4) {
            snprintf(buf, sizeof(buf), "%d.%d.%d.%d", it->data[0], it->data[1], it->data[2],
                     it->data[3]);
        } else if (it->len == 16) {
            const unsigned char *p = it->data;
            snprintf(buf, sizeof(buf), "%X:%X:%X:%X:%X:%X:%X:%X", p[0] << 8 | p[1],
                     p[2] << 8 | p[3], p[4] << 8 | p[5], p[6] << 8 | p[7], p[8] << 8 | p[9],
                     p[10] << 8 | p[11], p[12] << 8 | p[13], p[14] << 8 | p[15]);
        } else {
            snprintf(buf, sizeof(buf), "<invalid>");
        }
        (void)vec_add(&v, buf, strlen(buf));
        break;
    case 8: {
        const char *ln = oid_long_name(it->oid);
        ln = ln != NULL ? ln : it->oid;
        (void)vec_add(&v, ln, strlen(ln));
        break;
    }
    case 4:
        s.is_dir = 1;
        break;
    case 0: {
        /* CPython splits OpenSSL's "othername:..." print form at the first
         * ':' and reads it back with BIO_gets, one line at most. */
        vec t = {0};
        size_t n;
        othername_text(it, &t);
        for (n = 0; n < t.len && n < 2046 && t.p[n] != '\n'; n++)
            ;
        if (n < t.len && n < 2046)
            n++;
        ret = as_text(b->err, t.p, n, &v);
        sslite__free(t.p);
        SSLITE_GUARD(ret);
        break;
    }
    default: /* 3, 5 */
        (void)vec_add(&v, "<unsupported>", 13);
        break;
    }
    if (!s.is_dir) {
        s.value = take_string(b, &v, &s.value_len);
        SSLITE_GUARD_PTR(s.value, b->err);
    }
    if (vec_add(&b->sans, &s, sizeof(s)) < 0)
        SSLITE_GUARD(sslite__err_nomem(b->err));
out:
    sslite__free(v.p);
    return ret;
}

static int sink(void *ud, const sslite_bx509_item *it)
{
    builder *b = ud;
    sslite_certdict *d = b->d;

    switch (it->kind) {
    case SSLITE_BX509_VERSION:
        d->version = (int)it->num;
        return 0;
    case SSLITE_BX509_SERIAL:
        return format_serial(b, it);
    case SSLITE_BX509_NOT_BEFORE:
    case SSLITE_BX509_NOT_AFTER: {
        const char *t = format_time(b, it);
        if (t == NULL)
            return sslite__err_nomem(b->err);
        if (it->kind == SSLITE_BX509_NOT_BEFORE)
            d->not_before = t;
        else
            d->not_after = t;
        return 0;
    }
    case SSLITE_BX509_NAME_ATTR:
        if (it->which == 2) {
            size_t n = b->sans.len / sizeof(san_build);
            if (n == 0)
                return 0;
            return add_attr(b, &((san_build *)b->sans.p)[n - 1].dir, it);
        }
        return add_attr(b, &b->names[it->which != 0], it);
    case SSLITE_BX509_SAN_PRESENT:
        d->has_san = 1;
        return 0;
    case SSLITE_BX509_SAN:
        return it->tag >= 0 && it->tag <= 8 ? add_san(b, it) : 0;
    case SSLITE_BX509_OCSP:
    case SSLITE_BX509_CA_ISSUERS:
    case SSLITE_BX509_CRL_DP:
        return add_string(b, &b->lists[it->kind - SSLITE_BX509_OCSP], it->data, it->len);
    case SSLITE_BX509_IS_CA:
        d->is_ca = it->num;
        return 0;
    default:
        return 0;
    }
}

/* Freeze a name_build into the arena. */
static int finish_name(builder *b, name_build *nb, sslite_cert_name *out)
{
    size_t nattrs = nb->attrs.len / sizeof(sslite_cert_attr);
    size_t nrdns = nb->starts.len / sizeof(size_t), i;
    const size_t *starts = (const size_t *)(void *)nb->starts.p;
    sslite_cert_attr *attrs = arena_dup(b->d, nb->attrs.p, nb->attrs.len);
    sslite_cert_rdn *rdns = arena_alloc(b->d, nrdns * sizeof(*rdns));

    if (attrs == NULL || rdns == NULL)
        return sslite__err_nomem(b->err);
    for (i = 0; i < nrdns; i++) {
        size_t end = i + 1 < nrdns ? starts[i + 1] : nattrs;
        rdns[i].attrs = attrs + starts[i];
        rdns[i].count = end - starts[i];
    }
    out->rdns = rdns;
    out->count = nrdns;
    return 0;
}

static int finish(builder *b)
{
    sslite_certdict *d = b->d;
    size_t nsan = b->sans.len / sizeof(san_build), i;
    san_build *sb = (san_build *)(void *)b->sans.p;
    sslite_cert_altname *alt;
    sslite_cert_string *lists[3];
    int ret = 0;

    SSLITE_GUARD(finish_name(b, &b->names[0], &d->subject));
    SSLITE_GUARD(finish_name(b, &b->names[1], &d->issuer));
    alt = arena_alloc(d, nsan * sizeof(*alt));
    SSLITE_GUARD_PTR(alt, b->err);
    for (i = 0; i < nsan; i++) {
        alt[i].type = sb[i].type;
        alt[i].value = sb[i].value;
        alt[i].value_len = sb[i].value_len;
        alt[i].dirname = NULL;
        if (sb[i].is_dir) {
            sslite_cert_name *dn = arena_alloc(d, sizeof(*dn));
            SSLITE_GUARD_PTR(dn, b->err);
            SSLITE_GUARD(finish_name(b, &sb[i].dir, dn));
            alt[i].dirname = dn;
        }
    }
    d->san = alt;
    d->nsan = nsan;
    for (i = 0; i < 3; i++) {
        lists[i] = arena_dup(d, b->lists[i].p, b->lists[i].len);
        SSLITE_GUARD_PTR(lists[i], b->err);
    }
    d->ocsp = lists[0];
    d->nocsp = b->lists[0].len / sizeof(sslite_cert_string);
    d->ca_issuers = lists[1];
    d->nca_issuers = b->lists[1].len / sizeof(sslite_cert_string);
    d->crldp = lists[2];
    d->ncrldp = b->lists[2].len / sizeof(sslite_cert_string);
out:
    return ret;
}

static void builder_free(builder *b)
{
    size_t i, nsan = b->sans.len / sizeof(san_build);
    san_build *sb = (san_build *)(void *)b->sans.p;
    for (i = 0; i < 2; i++) {
        sslite__free(b->names[i].attrs.p);
        sslite__free(b->names[i].starts.p);
    }
    for (i = 0; i < nsan; i++) {
        sslite__free(sb[i].dir.attrs.p);
        sslite__free(sb[i].dir.starts.p);
    }
    sslite__free(b->sans.p);
    for (i = 0; i < 3; i++)
        sslite__free(b->lists[i].p);
}

sslite_certdict *sslite__certdict_empty(void)
{
    sslite_certdict *d = sslite__calloc(1, sizeof(*d));
    if (d != NULL)
        d->empty = 1;
    return d;
}

sslite_certdict *sslite_certdict_from_der(const unsigned char *der, size_t len, sslite_error *err)
{
    builder b;
    sslite_certdict *d = NULL;
    int ret = 0;

    memset(&b, 0, sizeof(b));
    if (der == NULL && len > 0) {
        sslite__err_type(err, "a bytes-like object is required, not 'NoneType'");
        return NULL;
    }
    SSLITE_GUARD(sslite__global_init(err));
    d = sslite__calloc(1, sizeof(*d));
    SSLITE_GUARD_PTR(d, err);
    b.d = d;
    b.err = err;
    SSLITE_GUARD(SSLITE_BACKEND_X509->x509_decode(der, len, sink, &b, err));
    SSLITE_GUARD(finish(&b));
out:
    builder_free(&b);
    if (ret < 0) {
        sslite_certdict_free(d);
        d = NULL;
    }
    return d;
}

sslite_certdict *sslite_certdict_from_pem(const char *text, size_t len, sslite_error *err)
{
    unsigned char *der = NULL;
    size_t der_len = 0;
    sslite_certdict *d = NULL;

    if (sslite_pem_read_cert(text, len, &der, &der_len, NULL, err) == 0)
        d = sslite_certdict_from_der(der, der_len, err);
    sslite__free(der);
    return d;
}

sslite_certdict *sslite_test_decode_cert(const char *path, sslite_error *err)
{
    unsigned char *text = NULL;
    size_t len = 0;
    sslite_certdict *d = NULL;

    /* Through lib/'s one file reader (NotImplementedError in a build
     * without the filesystem). */
    if (sslite__read_file(path, &text, &len, err) == 0)
        d = sslite_certdict_from_pem((const char *)text, len, err);
    sslite__free(text);
    return d;
}

void sslite_certdict_free(sslite_certdict *d)
{
    arena_blk *b, *next;
    if (d == NULL)
        return;
    for (b = d->arena; b != NULL; b = next) {
        next = b->next;
        sslite__free(b);
    }
    sslite__free(d);
}

/* ---- accessors ---- */

int sslite_certdict_is_empty(const sslite_certdict *d)
{
    return d->empty;
}

const sslite_cert_name *sslite_certdict_subject(const sslite_certdict *d)
{
    return d->empty ? NULL : &d->subject;
}

const sslite_cert_name *sslite_certdict_issuer(const sslite_certdict *d)
{
    return d->empty ? NULL : &d->issuer;
}

int sslite_certdict_version(const sslite_certdict *d)
{
    return d->version;
}

const char *sslite_certdict_serial_number(const sslite_certdict *d)
{
    return d->serial;
}

const char *sslite_certdict_not_before(const sslite_certdict *d)
{
    return d->not_before;
}

const char *sslite_certdict_not_after(const sslite_certdict *d)
{
    return d->not_after;
}

int sslite_certdict_subject_alt_name(const sslite_certdict *d, const sslite_cert_altname **names,
                                     size_t *count)
{
    *names = d->san;
    *count = d->nsan;
    return d->has_san;
}

static int list_out(const sslite_cert_string *l, size_t n, const sslite_cert_string **uris,
                    size_t *count)
{
    /* CPython leaves the key out rather than show an empty tuple. */
    *uris = n > 0 ? l : NULL;
    *count = n;
    return n > 0;
}

int sslite_certdict_ocsp(const sslite_certdict *d, const sslite_cert_string **uris, size_t *count)
{
    return list_out(d->ocsp, d->nocsp, uris, count);
}

int sslite_certdict_ca_issuers(const sslite_certdict *d, const sslite_cert_string **uris,
                               size_t *count)
{
    return list_out(d->ca_issuers, d->nca_issuers, uris, count);
}

int sslite_certdict_crl_distribution_points(const sslite_certdict *d,
                                            const sslite_cert_string **uris, size_t *count)
{
    return list_out(d->crldp, d->ncrldp, uris, count);
}

const char *sslite_cert_name_get(const sslite_cert_name *n, const char *name)
{
    size_t i, j;
    if (n == NULL || name == NULL)
        return NULL;
    for (i = 0; i < n->count; i++)
        for (j = 0; j < n->rdns[i].count; j++)
            if (strcmp(n->rdns[i].attrs[j].name, name) == 0)
                return n->rdns[i].attrs[j].value;
    return NULL;
}

long sslite__certdict_is_ca(const sslite_certdict *d)
{
    return d->is_ca;
}

/* ---- getpeercert() and the chains ---- */

/* The dict for a connection's peer, after getpeercert_der's checks. */
int sslite__engine_peercert(sslite_engine *e, int r, const unsigned char *der, size_t len,
                    sslite_certdict **out)
{
    *out = NULL;
    if (r <= 0)
        return r;
    /* CPython reads the context's verify mode when called, not when the
     * connection was made. */
    if (sslite_context_get_verify_mode(e->ctx) == SSLITE_CERT_NONE)
        *out = sslite__certdict_empty();
    else
        *out = sslite_certdict_from_der(der, len, e->err);
    if (*out == NULL)
        return e->err->type != SSLITE_OK ? e->err->type : sslite__err_nomem(e->err);
    return 1;
}

void sslite_certlist_free(sslite_certlist *l)
{
    size_t i;
    if (l == NULL)
        return;
    for (i = 0; i < l->count; i++) {
        if (l->certs != NULL)
            sslite__free(l->certs[i].data);
        if (l->dicts != NULL)
            sslite_certdict_free(l->dicts[i]);
    }
    sslite__free(l->certs);
    sslite__free(l->dicts);
    sslite__free(l);
}

int sslite__certlist_add(sslite_certlist *l, const unsigned char *der, size_t len,
                         sslite_certdict *dict)
{
    sslite_der *c = sslite__realloc(l->certs, (l->count + 1) * sizeof(*c));
    unsigned char *copy;
    if (c == NULL)
        return -1;
    l->certs = c;
    if (dict != NULL || l->dicts != NULL) {
        sslite_certdict **dd = sslite__realloc(l->dicts, (l->count + 1) * sizeof(*dd));
        if (dd == NULL)
            return -1;
        l->dicts = dd;
        dd[l->count] = dict;
    }
    copy = sslite__malloc(len > 0 ? len : 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, der, len);
    c[l->count].data = copy;
    c[l->count].len = len;
    l->count++;
    return 0;
}

/* Both chains, leaf first.  Before the handshake CPython's OpenSSL calls
 * return NULL, shown as []; the unverified chain stands in for the
 * verified one when the peer was not verified. */
int sslite__engine_chain(sslite_engine *e, int verified, sslite_certlist **out)
{
    sslite_certlist *l = sslite__calloc(1, sizeof(*l));
    int ret = 0, i;

    *out = NULL;
    SSLITE_GUARD_PTR(l, e != NULL ? e->err : NULL);
    if (e == NULL || !e->handshake_done)
        goto out;
    for (int pass = verified ? 1 : 0; pass >= 0 && l->count == 0; pass--) {
        for (i = 0;; i++) {
            const unsigned char *der;
            size_t len;
            int r = pass ? SSLITE_BACKEND_FACTS->conn_verified_cert(e->bconn, i, &der, &len)
                         : SSLITE_BACKEND_FACTS->conn_peer_cert(e->bconn, i, &der, &len);
            if (r <= 0)
                break;
            if (sslite__certlist_add(l, der, len, NULL) < 0)
                SSLITE_GUARD(sslite__err_nomem(e->err));
        }
    }
out:
    if (ret < 0) {
        sslite_certlist_free(l);
        return ret;
    }
    *out = l;
    return 0;
}
