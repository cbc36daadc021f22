#!/usr/bin/env bash
# Makes a throw-away CA and a server certificate for 127.0.0.1 and localhost signed by it, in
# the folder given (ca.pem, server.pem, server.key), for the test servers' TLS listeners
# (start-smtp.sh, start-imap.sh): the clients under test verify the certificate for real.
#
#   scripts/make-test-certificates.sh DIR "CA NAME"
set -euo pipefail
dir="$1"
name="${2:-ARAgent test CA}"
command -v openssl >/dev/null 2>&1 || { echo "openssl is needed for the test servers' certificates" >&2; exit 1; }
mkdir -p "$dir"
(
    cd "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$name" \
        -keyout ca.key -out ca.pem \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile server.ext -out server.pem
) >/dev/null 2>&1 || { echo "openssl could not make the test certificates" >&2; exit 1; }
