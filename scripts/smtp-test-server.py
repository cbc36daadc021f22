"""A real SMTP server (aiosmtpd) for ARMail's integration tests, started by start-smtp.sh.

Why a handler of our own rather than aiosmtpd's stock Mailbox: the tests need the server to
refuse some recipients on purpose (to see permanent and transient failures classified), and
to record the envelope (MAIL FROM, every RCPT TO, whether TLS and AUTH were used) beside the
message, which the stock command line cannot do.

Listeners, all on 127.0.0.1:
  --port              plain SMTP, no TLS, no AUTH
  --tls-port          STARTTLS offered and required, then AUTH (PLAIN, LOGIN) required
  --implicit-tls-port TLS from the first byte (SMTPS), AUTH required
  --silent-port       accepts connections and never says a word (reply timeouts)
  --closed-port       bound but not listening: connections are refused

Recipients whose local part starts with "reject" get 550 (permanent); "tempfail" gets 451
(transient). Each accepted message is written to the Maildir exactly as received (after the
transport's dot-unstuffing), with X-Test-Envelope-* headers in front, through tmp/ and a
rename into new/ so a reader never sees half a file.

The password comes from the environment (ARAGENT_TEST_SMTP_PASSWORD), not from argv, so it
does not show up in `ps`.
"""

import argparse
import logging
import os
import signal
import socket
import ssl
import threading
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class MaildirHandler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.counter = 0
        self.lock = threading.Lock()
        for folder in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, folder), exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: test server refuses 'reject*' addresses" % address
        if local.startswith("tempfail"):
            return "451 4.3.0 <%s>: Temporary failure: test server defers 'tempfail*' addresses" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content if envelope.original_content is not None else envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        login = getattr(session, "login_data", None)
        if isinstance(login, bytes):
            login = login.decode("utf-8", "replace")
        prefix = (
            "X-Test-Envelope-From: <%s>\r\n" % envelope.mail_from
            + "X-Test-Envelope-To: %s\r\n" % ", ".join("<%s>" % a for a in envelope.rcpt_tos)
            + "X-Test-TLS: %s\r\n" % ("yes" if session.ssl is not None or server.transport.get_extra_info("sslcontext") else "no")
            + "X-Test-Auth: %s\r\n" % (login if session.authenticated else "none")
        ).encode("utf-8")
        with self.lock:
            self.counter += 1
            name = "%d.%d_%d.aragent-test" % (int(time.time()), os.getpid(), self.counter)
        temporary = os.path.join(self.maildir, "tmp", name)
        with open(temporary, "wb") as handle:
            handle.write(prefix + content)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(temporary, os.path.join(self.maildir, "new", name))
        return "250 2.0.0 Ok: queued as %s" % name


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        if auth_data.login == user.encode("utf-8") and auth_data.password == password.encode("utf-8"):
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    return authenticate


def silent_listener(port):
    """Accepts connections and holds them open without a greeting."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    held = []

    def run():
        while True:
            connection, _ = listener.accept()
            held.append(connection)
            if len(held) > 64:
                held.pop(0).close()

    threading.Thread(target=run, daemon=True).start()
    return listener


def closed_port(port):
    """Binds the port without listening: connecting is refused, and no other server (a second
    test run on the same machine) can take the port meanwhile."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", port))
    return holder


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--tls-port", type=int)
    parser.add_argument("--implicit-tls-port", type=int)
    parser.add_argument("--silent-port", type=int)
    parser.add_argument("--closed-port", type=int)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", default="aragent")
    arguments = parser.parse_args()
    # The implicit-TLS listener is TLS from the first byte, which aiosmtpd's "AUTH without
    # TLS" warning does not know; keep the log for real problems.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    handler = MaildirHandler(arguments.maildir)
    controllers = [Controller(handler, hostname="127.0.0.1", port=arguments.port, ident="ARAgent test SMTP")]

    if arguments.tls_port or arguments.implicit_tls_port:
        password = os.environ.get("ARAGENT_TEST_SMTP_PASSWORD")
        if not password:
            parser.error("TLS listeners need ARAGENT_TEST_SMTP_PASSWORD in the environment")
        authenticator = make_authenticator(arguments.user, password)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.cert, arguments.key)
        if arguments.tls_port:
            controllers.append(Controller(
                handler, hostname="127.0.0.1", port=arguments.tls_port, ident="ARAgent test SMTP (STARTTLS)",
                tls_context=context, require_starttls=True,
                authenticator=authenticator, auth_required=True, auth_require_tls=True))
        if arguments.implicit_tls_port:
            # aiosmtpd counts only STARTTLS as "TLS" for auth_require_tls; this listener is TLS
            # from the first byte, so requiring it again would hide AUTH altogether.
            controllers.append(Controller(
                handler, hostname="127.0.0.1", port=arguments.implicit_tls_port, ident="ARAgent test SMTP (TLS)",
                ssl_context=context,
                authenticator=authenticator, auth_required=True, auth_require_tls=False))

    listeners = []
    if arguments.closed_port:
        listeners.append(closed_port(arguments.closed_port))
    if arguments.silent_port:
        listeners.append(silent_listener(arguments.silent_port))

    for controller in controllers:
        controller.start()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    for controller in controllers:
        controller.stop()
    for listener in listeners:
        listener.close()


if __name__ == "__main__":
    main()
