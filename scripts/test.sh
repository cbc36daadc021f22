#!/usr/bin/env bash
# The test suite, with every real service it needs: a throw-away PostgreSQL server (installed
# from Debian's packages if missing), so the store contract runs on SQLite and PostgreSQL, and
# a real SMTP server (aiosmtpd, with STARTTLS and AUTH) delivering to a Maildir that the mail
# tests read, and a real IMAP server (Dovecot, scripts/start-imap.sh) for the inbound-mail tests.
# After the suite, the fuzz targets (scripts/fuzz.sh). This is the README's test
# command and exactly what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${ARAGENT_TEST_POSTGRES_URL:-}" ]; then
    eval "$(scripts/start-postgres.sh)"
    stop_postgres() {
        local bindir
        bindir="$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -n 1)")"
        if [ "$(id -u)" = "0" ]; then
            runuser -u postgres -- "$bindir/pg_ctl" -D "$ARAGENT_PG_DATADIR" -m fast stop >/dev/null || true
        else
            "$bindir/pg_ctl" -D "$ARAGENT_PG_DATADIR" -m fast stop >/dev/null || true
        fi
        rm -rf "$ARAGENT_PG_DATADIR"
    }
    trap stop_postgres EXIT
fi
echo "PostgreSQL for tests: ${ARAGENT_TEST_POSTGRES_URL}"

if [ -z "${ARAGENT_TEST_SMTP_HOST:-}" ]; then
    eval "$(scripts/start-smtp.sh)"
    stop_smtp() {
        kill "$ARAGENT_SMTP_PID" 2>/dev/null || true
        rm -rf "$ARAGENT_SMTP_DIR"
    }
    if declare -F stop_postgres >/dev/null; then
        trap 'stop_smtp; stop_postgres' EXIT
    else
        trap stop_smtp EXIT
    fi
fi
echo "SMTP for tests: ${ARAGENT_TEST_SMTP_HOST}:${ARAGENT_TEST_SMTP_PORT}"

if [ -z "${ARAGENT_TEST_SMS_URL:-}" ]; then
    eval "$(scripts/start-sms-stub.sh)"
    previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
    trap "kill $ARAGENT_SMS_PID 2>/dev/null || true; ${previous_trap:-true}" EXIT
fi
echo "SMS provider for tests: ${ARAGENT_TEST_SMS_URL}"

# A real IMAP server (Dovecot) with an SMTP server delivering into its INBOX (scripts/start-imap.sh):
# the inbound-mail tests send a reply through SMTP and fetch it over IMAP and IMAPS.
if [ -z "${ARAGENT_TEST_IMAP_HOST:-}" ]; then
    eval "$(scripts/start-imap.sh)"
    previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
    trap "kill $ARAGENT_IMAP_SMTP_PID 2>/dev/null || true; kill \$(cat $ARAGENT_IMAP_DIR/run/master.pid 2>/dev/null) 2>/dev/null || true; rm -rf $ARAGENT_IMAP_DIR; ${previous_trap:-true}" EXIT
fi
echo "IMAP for tests: ${ARAGENT_TEST_IMAP_HOST}:${ARAGENT_TEST_IMAP_PORT} (IMAPS ${ARAGENT_TEST_IMAP_TLS_PORT})"

swift build --build-tests
# Swift Testing only: the suite has no XCTest cases, and XCTest's "Executed 0 tests" would
# read as an empty run.
output="$(mktemp /tmp/aragent-test-output.XXXXXX)"
set +e
swift test --skip-build --disable-xctest 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -Eo "Test run with [0-9]+ tests?" "$output" | tail -n 1 | grep -Eo "[0-9]+" || echo 0)
failed=$(grep -E "^✘ Test " "$output" | grep -v "^✘ Test run" | grep -Ec " failed after " || true)

# The real-browser tests (scripts/browser-tests.sh): headless Chromium against `aragent serve` on
# a demo ledger, mail to the SMTP server above (ARAGENT_BROWSER_TESTS=0 skips them, saying so).
# Each failing browser test counts as one failed test in the line below; a harness that crashed
# or printed no count is one failure.
browser_status=0
browser_failed=0
browser_output="$(mktemp /tmp/aragent-browser-output.XXXXXX)"
set +e
scripts/browser-tests.sh .build/debug/aragent 2>&1 | tee "$browser_output"
browser_status=${PIPESTATUS[0]}
set -e
if [ "$browser_status" -ne 0 ]; then
    browser_failed=$(sed -nE 's/^browser: [0-9]+ tests, ([0-9]+) failed$/\1/p' "$browser_output" | tail -n 1)
    if [ -z "$browser_failed" ] || [ "$browser_failed" -eq 0 ]; then browser_failed=1; fi
fi
rm -f "$browser_output"

# The fuzz targets (scripts/fuzz.sh, Fuzz/): every bank-file parser and the import CSV reader
# under libFuzzer for ARAGENT_FUZZ_SECONDS each (default 30; 0 skips them, saying so). Each
# failing target counts as one failed test in the line below, so the run cannot read as clean.
fuzz_seconds="${ARAGENT_FUZZ_SECONDS:-30}"
fuzz_status=0
fuzz_failed=0
if [ "$fuzz_seconds" = "0" ]; then
    echo "Fuzzing skipped: ARAGENT_FUZZ_SECONDS=0"
else
    fuzz_output="$(mktemp /tmp/aragent-fuzz-output.XXXXXX)"
    set +e
    scripts/fuzz.sh "$fuzz_seconds" 2>&1 | tee "$fuzz_output"
    fuzz_status=${PIPESTATUS[0]}
    set -e
    if [ "$fuzz_status" -ne 0 ]; then
        fuzz_failed=$(sed -nE 's/^fuzz: [0-9]+ targets, ([0-9]+) failed$/\1/p' "$fuzz_output" | tail -n 1)
        # A build failure reports no count: still one failure.
        if [ -z "$fuzz_failed" ] || [ "$fuzz_failed" -eq 0 ]; then fuzz_failed=1; fi
    fi
    rm -f "$fuzz_output"
fi

if [ "$status" -eq 0 ]; then
    echo "${summary} passed, $((browser_failed + fuzz_failed)) failed"
else
    echo "$((summary - failed)) passed, $((failed + browser_failed + fuzz_failed)) failed"
fi
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$browser_status" -ne 0 ]; then exit "$browser_status"; fi
exit "$fuzz_status"
