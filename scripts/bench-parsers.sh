#!/usr/bin/env bash
# Parser throughput, ours beside the Python parsers from PyPI, on the very same files:
# bai2 (BAI2), mt-940 (MT940) and ofxparse (OFX). Run on an otherwise idle machine.
#
#   scripts/bench-parsers.sh [DIR] [LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/aragent-parse-bench}"
lines="${2:-300000}"

swift build -c release --product aragent >/dev/null
.build/release/aragent bench parse --dir "$dir" --lines "$lines"

venv="$dir/venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet bai2 mt-940 ofxparse
fi
"$venv/bin/python" - "$dir" <<'PY'
import sys, time, os
folder = sys.argv[1]
def best(fn, path, runs=1):
    size = os.path.getsize(path) / 1e6
    times = []
    count = None
    for _ in range(runs):
        started = time.perf_counter()
        count = fn(path)
        times.append(time.perf_counter() - started)
    t = min(times)
    return size, count, t, size / t

def bai2_parse(path):
    from bai2 import bai2
    with open(path) as f:
        doc = bai2.parse_from_file(f)
    return sum(len(a.children) for g in doc.children for a in g.children)

def mt940_parse(path):
    import mt940
    transactions = mt940.parse(path)
    return len(transactions)

def ofx_parse(path):
    from ofxparse import OfxParser
    with open(path, 'rb') as f:
        ofx = OfxParser.parse(f)
    return len(ofx.account.statement.transactions)

print("python parser        file             MB   transactions   best s    MB/s")
for name, fn, path in [("bai2 (PyPI)", bai2_parse, "statement.bai2"), ("mt-940 (PyPI)", mt940_parse, "statement.sta"),
                       ("ofxparse (PyPI)", ofx_parse, "statement.ofx")]:
    full = os.path.join(folder, path)
    try:
        size, count, t, rate = best(fn, full)
        print(f"{name:20} {path:15} {size:5.1f} {count:14} {t:8.3f} {rate:7.1f}")
    except Exception as error:  # a strict parser refusing a file is a result too
        print(f"{name:20} {path:15} failed: {type(error).__name__}: {str(error)[:80]}")
PY
