#!/usr/bin/env bash
# Starts a throw-away IMAP server (Dovecot, from Debian's dovecot-imapd) on 127.0.0.1 for the
# inbound-mail tests, with an SMTP server (the same aiosmtpd handler as start-smtp.sh, plain)
# that delivers every message it accepts into the IMAP user's Maildir: a reply sent through
# SMTP is then in the IMAP INBOX, the way a team's ar@ mailbox receives it.
#
#   eval "$(scripts/start-imap.sh)"
#   kill "$ARAGENT_IMAP_PID" "$ARAGENT_IMAP_SMTP_PID"; rm -rf "$ARAGENT_IMAP_DIR"   # when done
#
# Exports:
#   ARAGENT_TEST_IMAP_HOST, ARAGENT_TEST_IMAP_PORT   IMAP, STARTTLS offered, plain login allowed
#   ARAGENT_TEST_IMAP_TLS_PORT                       IMAPS (TLS from the first byte)
#   ARAGENT_TEST_IMAP_CA                             PEM of the CA that signed the certificate
#   ARAGENT_TEST_IMAP_USER, ARAGENT_TEST_IMAP_PASSWORD   the one account (random password)
#   ARAGENT_TEST_IMAP_SMTP_PORT                      SMTP on 127.0.0.1 delivering into its INBOX
#   ARAGENT_TEST_IMAP_SERVE_MAILDIR                  the Maildir of the folder Serve (its new/ takes files)
#   ARAGENT_IMAP_PID, ARAGENT_IMAP_SMTP_PID, ARAGENT_IMAP_DIR   the processes; the temp folder
#
# Why the mailbox belongs to `nobody` when run as root: Dovecot refuses mail processes with UID
# 0. The SMTP server (root) writes messages into new/; Dovecot (nobody) owns the folders, so it
# can move them to cur/, flag and expunge them. Only stdout carries the export lines.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v dovecot >/dev/null 2>&1; then
    echo "installing dovecot-imapd..." >&2
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq dovecot-imapd; } >&2 || true
    fi
    command -v dovecot >/dev/null 2>&1 || { echo "dovecot could not be installed (apt-get install dovecot-imapd)" >&2; exit 1; }
fi
command -v openssl >/dev/null 2>&1 || { echo "openssl is needed for the IMAP server's certificate" >&2; exit 1; }
python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import aiosmtpd" 2>/dev/null; then
        python="$candidate"; break
    fi
done
[ -n "$python" ] || { echo "aiosmtpd is needed (scripts/start-smtp.sh installs it)" >&2; exit 1; }

port_is_free() { "$python" -c 'import socket, sys; socket.socket().bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null; }
next_port=3143
take_free_port() {
    while ! port_is_free "$next_port"; do next_port=$((next_port + 1)); done
    printf -v "$1" '%s' "$next_port"
    next_port=$((next_port + 1))
}
take_free_port imap_port
take_free_port imaps_port
take_free_port smtp_port

workdir="$(mktemp -d /tmp/aragent-imap.XXXXXX)"
chmod 755 "$workdir"
user="aragent"
password="$(openssl rand -hex 16)"
if [ "$(id -u)" = "0" ]; then
    mail_user=nobody
    login_user=dovenull
    internal_user=dovecot
    getent passwd dovenull >/dev/null || login_user=nobody
    getent passwd dovecot >/dev/null || internal_user=nobody
else
    mail_user="$(id -un)"; login_user="$mail_user"; internal_user="$mail_user"
fi
mail_uid="$(id -u "$mail_user")"
mail_gid="$(id -g "$mail_user")"
maildir="$workdir/mail/$user"
# A second folder, Serve, that only the `serve` poller test reads (the test drops its message
# file into new/, as a delivery agent would): tests reading INBOX and it do not take each
# other's messages.
mkdir -p "$maildir/.Serve/new" "$maildir/.Serve/cur" "$maildir/.Serve/tmp"
touch "$maildir/.Serve/maildirfolder"
mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp" "$workdir/run" "$workdir/state" "$workdir/tls"
if [ "$(id -u)" = "0" ]; then chown -R "$mail_uid:$mail_gid" "$workdir/mail"; fi

"$here/make-test-certificates.sh" "$workdir/tls" "ARAgent IMAP test CA"
chmod 644 "$workdir/tls/server.key"

printf '%s:{PLAIN}%s:%s:%s::%s\n' "$user" "$password" "$mail_uid" "$mail_gid" "$workdir/mail/$user" > "$workdir/users"
chmod 644 "$workdir/users"

cat > "$workdir/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $workdir/run
state_dir = $workdir/state
log_path = $workdir/dovecot.log
info_log_path = $workdir/dovecot.log
default_internal_user = $internal_user
default_login_user = $login_user
first_valid_uid = 1
ssl = yes
ssl_cert = <$workdir/tls/server.pem
ssl_key = <$workdir/tls/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $workdir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $workdir/users
}
mail_location = maildir:~
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = create
  }
  mailbox Serve {
    auto = create
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $imaps_port
    ssl = yes
  }
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 100
}
EOF

dovecot -c "$workdir/dovecot.conf" || { echo "dovecot did not start; its log says:" >&2; cat "$workdir/dovecot.log" >&2 2>/dev/null; exit 1; }
pid="$(cat "$workdir/run/master.pid")"

setsid "$python" "$here/smtp-test-server.py" --maildir "$maildir" --port "$smtp_port" \
    </dev/null >"$workdir/smtp.log" 2>&1 &
smtp_pid=$!

ready=0
for _ in $(seq 1 200); do
    if ! port_is_free "$imap_port" && ! port_is_free "$imaps_port" && ! port_is_free "$smtp_port"; then ready=1; break; fi
    sleep 0.05
done
if [ "$ready" != "1" ]; then
    echo "the IMAP test servers did not start; their logs say:" >&2
    cat "$workdir/dovecot.log" "$workdir/smtp.log" >&2 2>/dev/null || true
    kill "$pid" "$smtp_pid" 2>/dev/null || true
    exit 1
fi
echo "IMAP test server $pid on 127.0.0.1:$imap_port (IMAPS $imaps_port), SMTP into it on $smtp_port" >&2

echo "export ARAGENT_TEST_IMAP_HOST=127.0.0.1"
echo "export ARAGENT_TEST_IMAP_PORT=$imap_port"
echo "export ARAGENT_TEST_IMAP_TLS_PORT=$imaps_port"
echo "export ARAGENT_TEST_IMAP_CA='$workdir/tls/ca.pem'"
echo "export ARAGENT_TEST_IMAP_USER=$user"
echo "export ARAGENT_TEST_IMAP_PASSWORD=$password"
echo "export ARAGENT_TEST_IMAP_SMTP_PORT=$smtp_port"
echo "export ARAGENT_TEST_IMAP_SERVE_MAILDIR='$maildir/.Serve'"
echo "export ARAGENT_IMAP_PID=$pid"
echo "export ARAGENT_IMAP_SMTP_PID=$smtp_pid"
echo "export ARAGENT_IMAP_DIR='$workdir'"
