#!/usr/bin/env bash
# Benchmark of `aragent inbox process`: writes COUNT messages into a fresh Maildir (replies that
# promise, dispute, claim payment or ask something, naming open invoices of the demo ledger or
# answering nothing of ours; automatic replies; bounces), then times reading them all into a
# copy of LEDGER, and a second read (everything already processed).
#
#   scripts/bench-inbox.sh BINARY LEDGER [COUNT]
#
# BINARY is a release build (.build/release/aragent); LEDGER a SQLite ledger with data
# (`aragent demo --db FILE`). COUNT defaults to 10000. Nothing else should run meanwhile.
set -euo pipefail
binary="${1:?usage: scripts/bench-inbox.sh BINARY LEDGER [COUNT]}"
ledger="${2:?usage: scripts/bench-inbox.sh BINARY LEDGER [COUNT]}"
count="${3:-10000}"
work="$(mktemp -d /tmp/aragent-bench-inbox.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp "$ledger" "$work/ledger.sqlite"
"$binary" report aging --db "$work/ledger.sqlite" --format json >/dev/null
invoices="$("$binary" actions list --db "$work/ledger.sqlite" --format json | python3 -c '
import json, sys
for action in json.load(sys.stdin):
    for number in action.get("invoice_numbers") or []:
        print(number)' | head -n 2000)"
[ -n "$invoices" ] || { echo "bench-inbox.sh: the ledger has no planned actions to name invoices from; run aragent run --db LEDGER first" >&2; exit 1; }
mkdir -p "$work/maildir/new" "$work/maildir/cur"
INVOICES="$invoices" COUNT="$count" MAILDIR="$work/maildir/new" python3 - <<'PY'
import os, random
random.seed(7)
invoices = os.environ["INVOICES"].split()
folder = os.environ["MAILDIR"]
bodies = [
    "Hello, we will pay invoice {inv} on Friday. Regards, Anna",
    "We never received the goods for invoice {inv}, please check the delivery.",
    "Invoice {inv} was paid on 28/11 by bank transfer, please check.",
    "Could you send us a copy of invoice {inv}? Our AP system lost it.",
    "The price on {inv} does not match our purchase order, please correct it.",
    "Wir zahlen die Rechnung {inv} Ende des Monats.",
    "Thanks for the reminder, who should we talk to about this?",
]
for index in range(int(os.environ["COUNT"])):
    invoice = random.choice(invoices)
    kind = index % 20
    headers = [f"From: ap{index % 300}@customer{index % 300}.example", "To: ar@northwind.example",
               f"Message-ID: <bench-{index}@customer.example>", "Date: Tue, 1 Dec 2026 10:00:00 +0000"]
    if kind == 0:
        headers += ["Subject: Automatic reply: payment reminder", "Auto-Submitted: auto-replied"]
        body = "I am out of the office until Monday."
    elif kind == 1:
        headers += ["From: MAILER-DAEMON@mx.example", "Subject: Undelivered Mail Returned to Sender",
                    "Content-Type: multipart/report; report-type=delivery-status; boundary=b"]
        body = ("--b\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n--b\r\n"
                "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
                f"Final-Recipient: rfc822; gone{index}@customer.example\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--")
    else:
        headers += [f"Subject: Re: payment reminder {invoice}"]
        body = random.choice(bodies).format(inv=invoice)
    headers = [h for h in headers if not (kind == 1 and h.startswith("From: ap"))]
    with open(os.path.join(folder, f"{index:06d}.eml"), "w") as out:
        out.write("\r\n".join(headers) + "\r\n\r\n" + body + "\r\n")
PY
start=$(date +%s.%N)
"$binary" inbox process --maildir "$work/maildir" --as-of 2026-12-01 --db "$work/ledger.sqlite" > "$work/first.txt"
middle=$(date +%s.%N)
"$binary" inbox process --maildir "$work/maildir" --as-of 2026-12-01 --db "$work/ledger.sqlite" > "$work/second.txt"
end=$(date +%s.%N)
tail -n 1 "$work/first.txt"
python3 -c "
first = $middle - $start; second = $end - $middle
print(f'inbox process: {$count} messages in {first:.2f} s ({$count / first:.0f} messages/s); again (all already processed): {second:.2f} s')"
