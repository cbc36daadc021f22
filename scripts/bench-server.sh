#!/usr/bin/env bash
# Load benchmark of `aragent serve` with wrk (Debian's package): requests per second and the
# 50th/99th latency percentiles of the dashboard, the worklist, one customer page and
# `GET /api/v1/invoices?status=open`, on a ledger you give it.
#
#   scripts/bench-server.sh BINARY LEDGER [SECONDS] [CONNECTIONS]
#
# BINARY is a release build (`swift build -c release`, then .build/release/aragent); LEDGER a
# SQLite file or postgres:// URL with data in it (`aragent demo --db FILE`, or the bench ledger:
# `aragent bench ledger --workdir DIR` writes its CSVs, import them with `aragent import`). The
# script adds a user `bench-admin` and an API token, starts serve on a free port (no delivery,
# no cycle: `--hour 23`), warms each page once (the first dashboard computes the whole-ledger
# figures; the script reports that cold time too), then runs wrk on each for SECONDS (10) with
# CONNECTIONS (16) connections on 2 threads. Nothing else should run meanwhile.
set -euo pipefail
binary="${1:?usage: scripts/bench-server.sh BINARY LEDGER [SECONDS] [CONNECTIONS]}"
ledger="${2:?usage: scripts/bench-server.sh BINARY LEDGER [SECONDS] [CONNECTIONS]}"
seconds="${3:-10}"
connections="${4:-16}"
command -v wrk >/dev/null || { echo "bench-server.sh: wrk is missing; apt-get install wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench-server.sh: curl is missing" >&2; exit 1; }

work="$(mktemp -d /tmp/aragent-bench-server.XXXXXX)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

password="bench-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
if ! printf '%s' "$password" | "$binary" users add bench-admin --role admin --password-stdin --db "$ledger" >/dev/null 2>&1; then
    printf '%s' "$password" | "$binary" users passwd bench-admin --password-stdin --db "$ledger" >/dev/null
fi
token="$("$binary" tokens create --name "bench-$(date +%s)" --role viewer --db "$ledger" | tail -n 1)"

for name in ARAGENT_SMTP_HOST ARAGENT_MAIL_FROM ARAGENT_SERVER_PORT ARAGENT_DB; do unset "$name"; done
"$binary" serve --db "$ledger" --host 127.0.0.1 --port 0 --hour 23 >"$work/serve.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 600); do
    port="$(sed -nE 's#.*Listening on http://127\.0\.0\.1:([0-9]+).*#\1#p' "$work/serve.log" | head -n 1)"
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "bench-server.sh: serve printed no address" >&2; cat "$work/serve.log" >&2; exit 1; }
base="http://127.0.0.1:$port"

# Sign in through the form, as a browser does: the sign-in cookie and its CSRF token, then the session.
curl -s -c "$work/jar" "$base/login" >"$work/login.html"
csrf="$(sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' "$work/login.html" | head -n 1)"
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "name=bench-admin" \
    --data-urlencode "password=$password" "$base/login"
session="$(awk '$6 == "aragent_session" { print $7 }' "$work/jar")"
[ -n "$session" ] || { echo "bench-server.sh: signing in failed" >&2; exit 1; }
cookie="Cookie: aragent_session=$session"

customer="$(curl -s -H "$cookie" "$base/worklist" | sed -nE 's#.*href="(/customers/[^"]+)".*#\1#p' | head -n 1)"
[ -n "$customer" ] || customer="$(curl -s -H "$cookie" "$base/dashboard" | sed -nE 's#.*href="(/customers/[^"]+)".*#\1#p' | head -n 1)"

cold="$(curl -s -o /dev/null -w '%{time_total}' -H "$cookie" "$base/dashboard")"
echo "ledger: $ledger"
echo "dashboard, first load after start (the whole-ledger figures computed): ${cold} s"

run() {
    local name="$1" path="$2" header="$3"
    local status
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$base$path")"
    [ "$status" = "200" ] || { echo "bench-server.sh: $path answered $status" >&2; exit 1; }
    wrk -t 2 -c "$connections" -d "${seconds}s" --latency -H "$header" "$base$path" >"$work/wrk.txt"
    local rps p50 p99
    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")"
    p50="$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")"
    p99="$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")"
    local errors
    errors="$(grep -E 'Non-2xx|Socket errors' "$work/wrk.txt" | tr -s ' ' | tr '\n' ';' || true)"
    printf '%-40s %10s req/s   p50 %8s   p99 %8s   %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
}

echo "wrk: 2 threads, $connections connections, ${seconds} s each"
run "GET /dashboard" "/dashboard" "$cookie"
run "GET /worklist" "/worklist" "$cookie"
run "GET $customer" "$customer" "$cookie"
run "GET /api/v1/invoices?status=open" "/api/v1/invoices?status=open" "Authorization: Bearer $token"

# The customer's side: the portal and the open image of one message, as a customer's browser
# asks for them (the first proposed or approved action; the ledger's own cycle plans one if none).
action="$("$binary" actions list --format json --db "$ledger" | python3 -c 'import json,sys; a=json.load(sys.stdin); print(next((x["id"] for x in a if x["channel"] == "email"), ""))')"
if [ -z "$action" ]; then
    "$binary" run --db "$ledger" >/dev/null
    action="$("$binary" actions list --format json --db "$ledger" | python3 -c 'import json,sys; a=json.load(sys.stdin); print(next((x["id"] for x in a if x["channel"] == "email"), ""))')"
fi
if [ -n "$action" ]; then
    preview="$("$binary" actions preview "$action" --db "$ledger")"
    portal="$(printf '%s\n' "$preview" | grep -oE '/portal/[A-Za-z0-9_.-]+' | head -n 1)"
    pixel="$(printf '%s\n' "$preview" | grep -oE '/t/[A-Za-z0-9_.-]+' | head -n 1)"
    browser="User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    run "GET /portal/{token}" "$portal" "$browser"
    run "GET /t/{token} (open image)" "$pixel" "$browser"
else
    echo "bench-server.sh: the ledger has no email action, so no portal link to measure" >&2
fi
