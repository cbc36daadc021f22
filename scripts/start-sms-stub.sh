#!/usr/bin/env bash
# Starts the stand-in SMS provider (scripts/sms-test-server.py) on a free local port and prints
# the export lines for `eval`: ARAGENT_TEST_SMS_URL, ARAGENT_TEST_SMS_USER,
# ARAGENT_TEST_SMS_TOKEN, ARAGENT_TEST_SMS_DIR (received messages, one JSON file each),
# ARAGENT_SMS_PID. Python 3's standard library only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port=58025
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
folder="$(mktemp -d /tmp/aragent-sms.XXXXXX)"
token="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
python3 "$here/sms-test-server.py" "$port" "$folder/messages" ACtest "$token" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
done
echo "export ARAGENT_TEST_SMS_URL='http://127.0.0.1:$port/2010-04-01/Accounts/ACtest/Messages.json'"
echo "export ARAGENT_TEST_SMS_USER='ACtest'"
echo "export ARAGENT_TEST_SMS_TOKEN='$token'"
echo "export ARAGENT_TEST_SMS_DIR='$folder/messages'"
echo "export ARAGENT_SMS_PID='$pid'"
