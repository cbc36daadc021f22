#!/usr/bin/env bash
# The real-browser tests of the web workbench: headless Chromium driven by Selenium
# (scripts/browser-tests.py) against a real `aragent serve` on a demo ledger, with outbound email
# going to the test SMTP server, so an approval in the browser ends as a delivered message.
#
#   scripts/browser-tests.sh [BINARY]          # default .build/debug/aragent
#   ARAGENT_BROWSER_TESTS=0 scripts/browser-tests.sh   # skips, saying so
#
# What it does: installs chromium, chromium-driver and python3-selenium from Debian's packages
# when one is missing; makes a temporary folder with a SQLite demo ledger (`aragent demo`), a
# policy that may send at any hour on any day (so the delivery check does not depend on the
# clock) and today's agent cycle run (`aragent run`), so the approvals page has proposed
# reminders; starts `aragent serve --port 0` there with SMTP pointed at the test server of
# scripts/start-smtp.sh (the one scripts/test.sh exports, else one of its own), waits for
# `GET /ready` to answer 200, runs the tests, and stops the server. Screenshots (one PNG per page
# visited, and one of each failure) go to ${ARAGENT_SCREENSHOTS:-.build/screenshots}.
# The last line of the Python run is `browser: N tests, M failed`; the exit status is non-zero
# when a test failed or the harness could not run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${ARAGENT_BROWSER_TESTS:-1}" = "0" ]; then
    echo "Browser tests skipped: ARAGENT_BROWSER_TESTS=0"
    exit 0
fi

binary="${1:-.build/debug/aragent}"
[ -x "$binary" ] || { echo "browser-tests.sh: '$binary' is not an executable; build it first (swift build)" >&2; exit 1; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# --- Chromium, chromedriver and Selenium, from Debian's packages when one is missing.
python_with_selenium() {
    local candidate
    for candidate in python3 /usr/bin/python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import selenium" 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    return 1
}
chromium_binary() {
    local candidate
    for candidate in /usr/bin/chromium chromium; do
        command -v "$candidate" >/dev/null 2>&1 && { command -v "$candidate"; return 0; }
    done
    return 1
}
if ! chromium_binary >/dev/null || [ ! -x /usr/bin/chromedriver ] || ! python_with_selenium >/dev/null; then
    echo "installing chromium, chromium-driver and python3-selenium from Debian packages..." >&2
    command -v apt-get >/dev/null 2>&1 || { echo "browser-tests.sh: chromium, chromedriver or selenium is missing and there is no apt-get" >&2; exit 1; }
    as_root=()
    if [ "$(id -u)" != "0" ]; then
        command -v sudo >/dev/null 2>&1 || { echo "browser-tests.sh: installing packages needs root (or sudo)" >&2; exit 1; }
        as_root=(sudo -n)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq >&2
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver python3-selenium >&2
fi
python="$(python_with_selenium)" || { echo "browser-tests.sh: python3-selenium could not be imported after installing" >&2; exit 1; }
chromium="$(chromium_binary)" || { echo "browser-tests.sh: chromium was not found after installing" >&2; exit 1; }
[ -x /usr/bin/chromedriver ] || { echo "browser-tests.sh: /usr/bin/chromedriver was not found after installing" >&2; exit 1; }

# --- A temporary folder, the test SMTP server (unless the caller runs one), and cleanup.
workdir="$(mktemp -d /tmp/aragent-browser.XXXXXX)"
server_pid=""
own_smtp=0 smtp_pid="" smtp_dir=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "$own_smtp" = "1" ]; then
        kill "$smtp_pid" 2>/dev/null || true
        rm -rf "$smtp_dir"
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

if [ -z "${ARAGENT_TEST_SMTP_HOST:-}" ] || [ -z "${ARAGENT_TEST_MAILDIR:-}" ]; then
    eval "$(scripts/start-smtp.sh)"
    smtp_pid="$ARAGENT_SMTP_PID" smtp_dir="$ARAGENT_SMTP_DIR" own_smtp=1
fi

db="$workdir/ledger.sqlite"
# Nothing from the caller's environment chooses another ledger, mail server, SMS provider or
# server setting (serve's variables, ConfigFile.knownVariables; the time zone stays the caller's).
unset ARAGENT_DB ARAGENT_SERVER_HOST ARAGENT_SERVER_PORT ARAGENT_SERVER_PUBLIC_URL ARAGENT_SERVER_CYCLE_HOUR \
    ARAGENT_SERVER_DELIVERY_MINUTES ARAGENT_SMTP_HOST ARAGENT_SMTP_PORT ARAGENT_SMTP_TLS ARAGENT_SMTP_USER \
    ARAGENT_SMTP_PASSWORD ARAGENT_SMTP_CA ARAGENT_MAIL_FROM ARAGENT_MAIL_FROM_NAME ARAGENT_SMS_URL \
    ARAGENT_SMS_ACCOUNT ARAGENT_SMS_FROM ARAGENT_SMS_TOKEN

# --- The demo ledger: its users' passwords are printed once, one line per role.
"$binary" demo --db "$db" --customers 120 --invoices 2400 >"$workdir/demo.txt"
for role in admin approver collector viewer; do
    password="$(sed -nE "s/^[[:space:]]*$role \\($role\\): ([^[:space:]]+)\$/\\1/p" "$workdir/demo.txt")"
    if [ -z "$password" ]; then
        echo "browser-tests.sh: 'aragent demo' printed no password for the $role user; it printed:" >&2
        cat "$workdir/demo.txt" >&2
        exit 1
    fi
    printf -v "password_$role" '%s' "$password"
done

# The default policy sends on business days from 9 to 17 in each customer's time zone: outside
# those hours an approved reminder waits, and the delivery test would depend on the clock (and a
# weekend would plan nothing). Any hour on any day makes the run the same at every time.
"$binary" policy show --db "$db" >"$workdir/policy.toml"
grep -qE '^send_hours = ' "$workdir/policy.toml" && grep -qE '^business_days_only = ' "$workdir/policy.toml" || {
    echo "browser-tests.sh: 'aragent policy show' has no send_hours or business_days_only line; it printed:" >&2
    cat "$workdir/policy.toml" >&2
    exit 1
}
sed -i -E 's/^send_hours = .*/send_hours = [0, 23]/; s/^business_days_only = .*/business_days_only = false/' "$workdir/policy.toml"
"$binary" policy set "$workdir/policy.toml" --as browser-tests --db "$db" >/dev/null

# Today's cycle: the demo itself proposes nothing; in shadow mode (a new ledger) every reminder the
# cycle plans is proposed and waits on /approvals.
"$binary" run --db "$db" >"$workdir/run.txt"
proposed="$("$binary" actions list --status proposed --format json --db "$db" | "$python" -c 'import json, sys; print(sum(1 for a in json.load(sys.stdin) if a.get("channel") == "email"))')"
echo "browser tests: demo ledger with $proposed proposed email reminders" >&2

# An admin API token for the schemathesis run against /openapi.json after the browser tests.
api_token="$("$binary" tokens create --name schemathesis --role admin --db "$db" | tail -n 1)"

# --- The server: a free port (--port 0; it prints the one it took), SMTP to the test server.
smtp_environment=(ARAGENT_SMTP_HOST="$ARAGENT_TEST_SMTP_HOST" ARAGENT_MAIL_FROM="ar@aragent.test" ARAGENT_MAIL_FROM_NAME="ARAgent browser tests")
if [ -n "${ARAGENT_TEST_SMTP_TLS_PORT:-}" ] && [ -n "${ARAGENT_TEST_SMTP_USER:-}" ] && [ -n "${ARAGENT_TEST_SMTP_CA:-}" ]; then
    # STARTTLS, verified against the test CA, then AUTH: the way a real mail server is reached.
    smtp_environment+=(ARAGENT_SMTP_PORT="$ARAGENT_TEST_SMTP_TLS_PORT" ARAGENT_SMTP_TLS=starttls ARAGENT_SMTP_CA="$ARAGENT_TEST_SMTP_CA"
                       ARAGENT_SMTP_USER="$ARAGENT_TEST_SMTP_USER" ARAGENT_SMTP_PASSWORD="$ARAGENT_TEST_SMTP_PASSWORD")
else
    smtp_environment+=(ARAGENT_SMTP_PORT="$ARAGENT_TEST_SMTP_PORT" ARAGENT_SMTP_TLS=none)
fi
# --hour 0: the cycle's turn is taken at the start, never in the middle of a test (a re-run adds
# nothing). --every 1: the delivery worker runs at the start and then every minute.
env "${smtp_environment[@]}" "$binary" serve --db "$db" --host 127.0.0.1 --port 0 --hour 0 --every 1 \
    >"$workdir/serve.log" 2>&1 &
server_pid=$!

base_url="$("$python" - "$workdir/serve.log" "$server_pid" <<'EOF'
import os, re, sys, time, urllib.request
log, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
url = None
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("aragent serve exited before it was ready")
    if url is None:
        with open(log, encoding="utf-8", errors="replace") as f:
            found = re.search(r"Listening on (http://[0-9.]+:[0-9]+)", f.read())
        url = found.group(1) if found else None
    if url is not None:
        try:
            with urllib.request.urlopen(url + "/ready", timeout=2) as response:
                if response.status == 200:
                    print(url)
                    sys.exit(0)
        except OSError:
            pass
    time.sleep(0.1)  # the poll interval; the deadline above bounds the wait
sys.exit("aragent serve did not answer GET /ready with 200 within 60 s" + ("" if url else " (it printed no 'Listening on' line)"))
EOF
)" || {
    echo "browser-tests.sh: the server did not become ready; its log says:" >&2
    cat "$workdir/serve.log" >&2
    exit 1
}
echo "browser tests: aragent serve at $base_url (SMTP ${ARAGENT_TEST_SMTP_HOST}, Maildir $ARAGENT_TEST_MAILDIR)" >&2

screenshots="${ARAGENT_SCREENSHOTS:-.build/screenshots}"
mkdir -p "$screenshots"
rm -f "$screenshots"/*.png  # this run's pages only: a failure's screenshot never outlives its fix
set +e
ARAGENT_BROWSER_BASE_URL="$base_url" \
ARAGENT_BROWSER_PASSWORD_ADMIN="$password_admin" \
ARAGENT_BROWSER_PASSWORD_APPROVER="$password_approver" \
ARAGENT_BROWSER_PASSWORD_COLLECTOR="$password_collector" \
ARAGENT_BROWSER_PASSWORD_VIEWER="$password_viewer" \
ARAGENT_BROWSER_MAILDIR="$ARAGENT_TEST_MAILDIR" \
ARAGENT_BROWSER_SCREENSHOTS="$screenshots" \
ARAGENT_BROWSER_CHROMIUM="$chromium" \
ARAGENT_BROWSER_BIN="$binary" \
ARAGENT_BROWSER_DB="$db" \
ARAGENT_BROWSER_TMP="$workdir" \
    "$python" scripts/browser-tests.py | tee "$workdir/browser.out"
status=${PIPESTATUS[0]}
set -e

# --- The API against its own OpenAPI document: schemathesis (PyPI) generates requests for every
# route, authenticated as an admin, and checks that no answer is a server error or breaks the
# document (status codes, content types, headers, bodies), that invalid input is refused and
# that routes refuse requests without the token. Counted as one more test in the summary line.
browser_count="$(sed -nE 's/^browser: ([0-9]+) tests, ([0-9]+) failed$/\1 \2/p' "$workdir/browser.out" | tail -n 1)"
read -r tests_run tests_failed <<<"${browser_count:-0 1}"
st_bin="$(command -v st || true)"
if [ -z "$st_bin" ]; then
    echo "installing schemathesis from PyPI..." >&2
    "$python" -m pip install --quiet schemathesis >&2 || python3 -m pip install --quiet schemathesis >&2 || true
    st_bin="$(command -v st || true)"
fi
tests_run=$((tests_run + 1))
if [ -z "$st_bin" ]; then
    echo "browser: FAIL schemathesis: schemathesis is not installed and could not be installed from PyPI"
    tests_failed=$((tests_failed + 1))
else
    set +e
    "$st_bin" run "$base_url/openapi.json" -H "Authorization: Bearer $api_token" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth \
        --suppress-health-check all --max-time "${ARAGENT_SCHEMATHESIS_SECONDS:-60}" --seed 1 --no-color >"$workdir/schemathesis.txt" 2>&1
    st_status=$?
    set -e
    if [ "$st_status" -eq 0 ]; then
        echo "browser: PASS schemathesis ($(grep -Eo '[0-9]+ generated, [0-9]+ passed' "$workdir/schemathesis.txt" | tail -n 1))"
    else
        echo "browser: FAIL schemathesis: exit $st_status; its report:"
        grep -vE '^\s*$' "$workdir/schemathesis.txt" | tail -n 60
        tests_failed=$((tests_failed + 1))
        status=1
    fi
fi
echo "browser: $tests_run tests, $tests_failed failed"

if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "browser-tests.sh: aragent serve died during the tests; its log says:" >&2
    cat "$workdir/serve.log" >&2
    [ "$status" -eq 0 ] && status=1
else
    kill -TERM "$server_pid"
    set +e; wait "$server_pid"; server_status=$?; set -e
    server_pid=""
    if [ "$server_status" -ne 0 ]; then
        echo "browser-tests.sh: aragent serve exited with status $server_status on SIGTERM (expected 0); its log says:" >&2
        cat "$workdir/serve.log" >&2
        [ "$status" -eq 0 ] && status=1
    fi
fi
if [ "$status" -ne 0 ] && [ -s "$workdir/serve.log" ]; then
    echo "browser-tests.sh: the end of the server's log (the folder is removed now):" >&2
    tail -n 40 "$workdir/serve.log" >&2
fi
exit "$status"
