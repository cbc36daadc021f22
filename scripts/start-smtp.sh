#!/usr/bin/env bash
# Starts a throw-away SMTP server (aiosmtpd) on 127.0.0.1 for ARMail's integration tests,
# delivering every accepted message to a fresh Maildir, and prints what the tests read:
#
#   eval "$(scripts/start-smtp.sh)"            # plain + STARTTLS/AUTH + implicit TLS + silent
#   eval "$(scripts/start-smtp.sh --no-tls)"   # plain SMTP only (no openssl needed)
#   kill "$ARAGENT_SMTP_PID"; rm -rf "$ARAGENT_SMTP_DIR"   # when done
#
# Exports:
#   ARAGENT_TEST_SMTP_HOST, ARAGENT_TEST_SMTP_PORT   plain SMTP, no TLS, no AUTH
#   ARAGENT_TEST_MAILDIR                             the Maildir (messages land in new/)
#   ARAGENT_SMTP_PID, ARAGENT_SMTP_DIR               the server process; its temp folder
#   ARAGENT_TEST_SMTP_CLOSED_PORT                    a port nothing listens on (refused)
#   ARAGENT_TEST_SMTP_SILENT_PORT                    accepts, never greets (reply timeout)
# and, unless --no-tls:
#   ARAGENT_TEST_SMTP_TLS_PORT           STARTTLS required, then AUTH PLAIN/LOGIN required
#   ARAGENT_TEST_SMTP_IMPLICIT_TLS_PORT  TLS from the first byte, AUTH required
#   ARAGENT_TEST_SMTP_CA                 PEM of the CA that signed the server's certificate
#   ARAGENT_TEST_SMTP_USER, ARAGENT_TEST_SMTP_PASSWORD   the one account (random password)
#
# aiosmtpd comes from Debian's python3-aiosmtpd when it is missing, else from PyPI. The
# certificate is made fresh at each start by openssl: a throw-away CA and a server
# certificate for 127.0.0.1 and localhost signed by it, so the client verifies for real.
# Recipients starting with "reject" are refused with 550, "tempfail" with 451 (see
# smtp-test-server.py). Only stdout carries the export lines; progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

with_tls=1
for argument in "$@"; do
    case "$argument" in
        --no-tls) with_tls=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "start-smtp.sh: unknown option '$argument' (try --help)" >&2; exit 2 ;;
    esac
done

# A Python that can import aiosmtpd: the one on PATH, Debian's, else install one.
python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import aiosmtpd" 2>/dev/null; then
        python="$candidate"; break
    fi
done
if [ -z "$python" ]; then
    echo "installing aiosmtpd..." >&2
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq python3-aiosmtpd; } >&2 || true
        /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null && python=/usr/bin/python3
    fi
    if [ -z "$python" ]; then
        python3 -m pip install --quiet aiosmtpd >&2
        python=python3
    fi
    "$python" -c "import aiosmtpd" || { echo "aiosmtpd could not be installed" >&2; exit 1; }
fi

# Free ports from 2525 up (a server left running elsewhere is no obstacle). Free means it can be
# bound: another run's "closed" port is bound without listening, so a connection is refused
# although the port is taken.
port_is_free() { "$python" -c 'import socket, sys; socket.socket().bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null; }
next_port=2525
take_free_port() {  # sets the variable named $1 (no subshell, so next_port advances)
    while ! port_is_free "$next_port"; do next_port=$((next_port + 1)); done
    printf -v "$1" '%s' "$next_port"
    next_port=$((next_port + 1))
}
take_free_port port
take_free_port silent_port
take_free_port closed_port

workdir="$(mktemp -d /tmp/aragent-smtp.XXXXXX)"
maildir="$workdir/Maildir"
arguments=(--maildir "$maildir" --port "$port" --silent-port "$silent_port" --closed-port "$closed_port")

if [ "$with_tls" = "1" ]; then
    command -v openssl >/dev/null 2>&1 || { echo "openssl is needed for the TLS listeners (or use --no-tls)" >&2; exit 1; }
    take_free_port tls_port
    take_free_port implicit_port
    tlsdir="$workdir/tls"
    mkdir -p "$tlsdir"
    "$here/make-test-certificates.sh" "$tlsdir" "ARAgent test CA"
    user="aragent"
    password="$(openssl rand -hex 16)"
    export ARAGENT_TEST_SMTP_PASSWORD="$password"
    arguments+=(--tls-port "$tls_port" --implicit-tls-port "$implicit_port" \
        --cert "$tlsdir/server.pem" --key "$tlsdir/server.key" --user "$user")
fi

# Detached, with no hold on our stdout, so that $(...) around this script returns.
setsid "$python" "$here/smtp-test-server.py" "${arguments[@]}" \
    </dev/null >"$workdir/server.log" 2>&1 &
pid=$!

ready=0
for _ in $(seq 1 200); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    all_up=1
    for p in "$port" "$silent_port" ${tls_port:-} ${implicit_port:-}; do
        port_is_free "$p" && { all_up=0; break; }
    done
    if [ "$all_up" = "1" ]; then ready=1; break; fi
    sleep 0.05
done
if [ "$ready" != "1" ]; then
    echo "the SMTP test server did not start; its log says:" >&2
    cat "$workdir/server.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
fi
echo "SMTP test server $pid on 127.0.0.1:$port (Maildir $maildir)" >&2

echo "export ARAGENT_TEST_SMTP_HOST=127.0.0.1"
echo "export ARAGENT_TEST_SMTP_PORT=$port"
echo "export ARAGENT_TEST_MAILDIR='$maildir'"
echo "export ARAGENT_SMTP_PID=$pid"
echo "export ARAGENT_SMTP_DIR='$workdir'"
echo "export ARAGENT_TEST_SMTP_SILENT_PORT=$silent_port"
echo "export ARAGENT_TEST_SMTP_CLOSED_PORT=$closed_port"
if [ "$with_tls" = "1" ]; then
    echo "export ARAGENT_TEST_SMTP_TLS_PORT=$tls_port"
    echo "export ARAGENT_TEST_SMTP_IMPLICIT_TLS_PORT=$implicit_port"
    echo "export ARAGENT_TEST_SMTP_CA='$tlsdir/ca.pem'"
    echo "export ARAGENT_TEST_SMTP_USER=$user"
    echo "export ARAGENT_TEST_SMTP_PASSWORD=$password"
fi
