#!/usr/bin/env bash
# Fuzzes every bank-file parser and the import CSV reader with libFuzzer (the toolchain's clang
# runtime) under AddressSanitizer, each target for a bounded time, seeded from ../shared/data
# and the hand-written seeds in Fuzz/seeds/. Fails (non-zero exit) on any crash, overflow trap,
# leak, out-of-memory or timeout, printing the reproducer's path and its stack.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 30 s, every target)
#
# The targets are Fuzz/Targets/<name>.swift. They are built here with swiftc rather than as
# SwiftPM targets, so that `swift build` never compiles them (nor their sanitizer runtime)
# and they need only the parsers: ARCore, ARBankFormats, and of ARAgent just Import/ (compiled
# as a module named ARAgent, so a target reads as the product's code does).
#
# Environment:
#   ARAGENT_SHARED_DATA   the shared data folder (default: ../shared/data beside the repository)
#   ARAGENT_FUZZ_JOBS     targets fuzzed at once (default 2: one per core)
#   ARAGENT_FUZZ_DIR      binaries, logs and reproducers (default .build/fuzz)
#   ARAGENT_FUZZ_OPT      the optimisation flag (default -Onone; -O for long runs, see below)
# Crashes land in $ARAGENT_FUZZ_DIR/artifacts/<target>/crash-<sha1> (leak-, timeout-, oom-);
# rerun one with `SWIFT_BACKTRACE=enable=no .build/fuzz/bin/<target> FILE`. A reproducer kept
# as Fuzz/seeds/<target>/crash-* is a known crash: replayed on every run, failing it until the
# parser is fixed (then renamed without "crash-" it stays a seed). Every other file in
# Fuzz/seeds/<target>/ is a seed.
#
# The last line printed is "fuzz: N targets, M failed"; scripts/test.sh reads it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
[ "$#" -gt 0 ] && shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "fuzz.sh: SECONDS_PER_TARGET must be a positive whole number of seconds, not '$seconds'" >&2
    exit 2
fi
all_targets=()
for file in Fuzz/Targets/*.swift; do all_targets+=("$(basename "$file" .swift)"); done
if [ "$#" -gt 0 ]; then
    targets=("$@")
    for target in "${targets[@]}"; do
        if [ ! -f "Fuzz/Targets/$target.swift" ]; then
            echo "fuzz.sh: no target '$target'; the targets are: ${all_targets[*]}" >&2
            exit 2
        fi
    done
else
    targets=("${all_targets[@]}")
fi

jobs="${ARAGENT_FUZZ_JOBS:-2}"
work="${ARAGENT_FUZZ_DIR:-.build/fuzz}"
# -Onone: -O runs each input about twice as fast but takes several times the CPU to compile
# (about 25 s at -Onone against minutes at -O on the 2-core machine), which at 30 s a target is
# more than it gains; overflow and bounds checks trap the same at both.
optimisation="${ARAGENT_FUZZ_OPT:--Onone}"
shared="${ARAGENT_SHARED_DATA:-../shared/data}"
# Beyond these a single input is a bug (a parser must stay linear and bounded), not a slow case.
timeout_seconds=10
rss_limit_mb=2048

toolchain="$(dirname "$(command -v swiftc)")"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$toolchain/llvm-symbolizer}"
# A Swift runtime trap (overflow, bounds) is then reported by libFuzzer with the stack; Swift's
# own backtracer would intercept the signal first and trip AddressSanitizer as it reads the stack.
export SWIFT_BACKTRACE="enable=no"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
demangle() { if [ -x "$toolchain/swift-demangle" ]; then "$toolchain/swift-demangle" --simplified; else cat; fi; }

build="$work/build"
bin="$work/bin"
mkdir -p "$build" "$bin" "$work/logs"
flags=(-parse-as-library -sanitize=fuzzer,address -gline-tables-only "$optimisation")

# --- Build: each module once (skipped when no source changed), then one small binary a target.
module_sources() {
    case "$1" in
        ARCore) find Sources/ARCore -name '*.swift' | sort ;;
        ARBankFormats) find Sources/ARBankFormats -name '*.swift' | sort ;;
        ARAgent) { find Sources/ARAgent/Import -name '*.swift'; echo Sources/ARAgent/ProgressReporter.swift; } | sort ;;
    esac
}
build_module() {
    local module="$1" sources stamp="$build/$1.flags"
    mapfile -t sources < <(module_sources "$module")
    if [ -f "$build/$module.o" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${flags[*]}" ] \
        && [ -z "$(find "${sources[@]}" scripts/fuzz.sh -newer "$build/$module.o" 2>/dev/null | head -n 1)" ]; then
        return 0
    fi
    rm -f "$build/$module.o"
    swiftc "${flags[@]}" -module-name "$module" -I "$build" -wmo -c \
        -emit-module -emit-module-path "$build/$module.swiftmodule" "${sources[@]}" -o "$build/$module.o"
    echo "${flags[*]}" > "$stamp"
}
echo "fuzz: building ${#targets[@]} target(s) with $optimisation and AddressSanitizer"
build_start=$SECONDS
build_module ARCore
# The two depend only on ARCore: build them side by side.
build_module ARBankFormats & bank_pid=$!
build_module ARAgent & agent_pid=$!
wait "$bank_pid"
wait "$agent_pid"
link_target() {
    local target="$1" objects=("$build/ARCore.o")
    grep -q '^import ARBankFormats' "Fuzz/Targets/$target.swift" && objects+=("$build/ARBankFormats.o")
    grep -q '^import ARAgent' "Fuzz/Targets/$target.swift" && objects+=("$build/ARAgent.o")
    # lld: gold warns about every ASan helper symbol it cannot export.
    swiftc "${flags[@]}" -use-ld=lld -module-name "FuzzTarget" -I "$build" "Fuzz/Targets/$target.swift" "${objects[@]}" -o "$bin/$target"
}
running=0
for target in "${targets[@]}"; do
    link_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
while [ "$running" -gt 0 ]; do wait -n; running=$((running - 1)); done
for target in "${targets[@]}"; do
    [ -x "$bin/$target" ] || { echo "fuzz: building $target failed" >&2; exit 1; }
done
echo "fuzz: built in $((SECONDS - build_start)) s"

# --- Seed corpus: a temporary folder per target, from ../shared/data and the committed seeds.
# A committed Fuzz/seeds/<target>/crash-* is a known crash: replayed on its own (below) so that
# it fails the run until fixed, and kept out of the corpus so that fuzzing still goes on.
corpus="$(mktemp -d /tmp/aragent-fuzz.XXXXXX)"
trap 'rm -rf "$corpus"' EXIT
data_seeds() { # the ../shared/data folders (or files, cut to their first lines) a target starts from
    case "$1" in
        bankfile) echo statements remittance ;;
        bai2) echo statements/bai2 ;;
        camt) echo statements/camt052 statements/camt053 statements/camt054 ;;
        mt940) echo statements/mt940 ;;
        ofx) echo statements/ofx ;;
        nacha) echo remittance/nacha ;;
        lockbox) echo remittance/lockbox ;;
        csv-reader | import-invoices) echo datasets/ibm-accounts-receivable/WA_Fn-UseC_-Accounts-Receivable.csv ;;
    esac
}
committed_seeds() { # the Fuzz/seeds folders a target starts from
    case "$1" in
        bankfile) echo bankfile bai2 camt mt940 ofx nacha lockbox statement-csv ;;
        csv-reader) echo csv-reader statement-csv import-customers import-invoices import-history ;;
        *) echo "$1" ;;
    esac
}
if [ -d "$shared/statements" ]; then
    echo "fuzz: seeds from $shared and Fuzz/seeds"
else
    echo "fuzz: $shared is absent (set ARAGENT_SHARED_DATA): seeding from Fuzz/seeds only"
fi
# Sample lines kept from a large CSV: enough rows for every shape, small enough to mutate fast.
csv_seed_lines=40
for target in "${targets[@]}"; do
    mkdir -p "$corpus/$target"
    for seed in $(committed_seeds "$target"); do
        [ -d "Fuzz/seeds/$seed" ] || continue
        while IFS= read -r -d '' file; do
            cat "$file" > "$corpus/$target/$seed--$(basename "$file")"
        done < <(find "Fuzz/seeds/$seed" -type f ! -name 'crash-*' -print0)
    done
    [ -d "$shared/statements" ] || continue
    for source in $(data_seeds "$target"); do
        if [ -f "$shared/$source" ]; then
            head -n "$csv_seed_lines" "$shared/$source" > "$corpus/$target/$(basename "$source")"
            continue
        fi
        while IFS= read -r -d '' file; do
            relative="${file#"$shared"/}"
            cat "$file" > "$corpus/$target/${relative//\//__}"
        done < <(find "$shared/$source" -type f ! -name '*.json' ! -name 'LICENSE*' ! -name '*.md' -print0)
    done
done

# --- Run: each target replays its known crashes, then fuzzes for the given time; $jobs at once.
limits=(-rss_limit_mb="$rss_limit_mb" -timeout="$timeout_seconds")
run_target() {
    local target="$1" known
    local logs="$work/logs/$target"
    rm -rf "$logs" && mkdir -p "$logs" "$work/artifacts/$target"
    set +e
    for known in Fuzz/seeds/"$target"/crash-*; do
        [ -f "$known" ] || continue
        "$bin/$target" "${limits[@]}" "$known" > "$logs/known-$(basename "$known").log" 2>&1
        echo "$?" > "$logs/known-$(basename "$known").status"
    done
    "$bin/$target" "${limits[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$target/" "$corpus/$target" > "$logs/fuzz.log" 2>&1
    echo "$?" > "$logs/fuzz.status"
}
echo "fuzz: running ${#targets[@]} target(s) for ${seconds} s each, $jobs at a time (logs in $work/logs)"
running=0
for target in "${targets[@]}"; do
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
while [ "$running" -gt 0 ]; do wait -n; running=$((running - 1)); done

# --- Report: one line a target; for a crash its kind, the input and the stack in our code.
crash_report() { # the log of a crashed run, condensed: the trap message, the error, our frames
    {
        grep -m 1 -E 'Fatal error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$1" || true
        grep -m 1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$1" | grep -v 'Fatal error' || true
        grep -E '^[[:space:]]+#[0-9]+ .*(Swift runtime failure|/Sources/|/Fuzz/Targets/)' "$1" | head -n 12 || true
        grep -m 1 '^SUMMARY' "$1" || true
    } | awk '!seen[$0]++' | demangle | sed 's/^/    /'
}
crash_kind() {
    { grep -Eo 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): [a-zA-Z-]+( signal)?' "$1" || true; } | head -n 1 | sed -E 's/^ERROR: //'
}
failed=0
for target in "${targets[@]}"; do
    logs="$work/logs/$target"
    target_failed=0
    for status_file in "$logs"/known-*.status; do
        [ -f "$status_file" ] || continue
        known="Fuzz/seeds/$target/$(basename "$status_file" .status | sed 's/^known-//')"
        if [ "$(cat "$status_file")" = "0" ]; then
            echo "fuzz $target: $known no longer crashes: keep it as a regression seed, renamed without 'crash-'"
        else
            target_failed=1
            kind="$(crash_kind "${status_file%.status}.log")"
            echo "fuzz $target: FAILED, known crash $known still crashes (${kind:-exit $(cat "$status_file")})"
            crash_report "${status_file%.status}.log"
        fi
    done
    log="$logs/fuzz.log"
    status="$(cat "$logs/fuzz.status" 2>/dev/null || echo 1)"
    runs="$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)$/\1/p' "$log" | tail -n 1)"
    [ -n "$runs" ] || runs="$(sed -nE 's/^#([0-9]+)[[:space:]].*/\1/p' "$log" | tail -n 1)"
    corp="$({ grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" || true; } | tail -n 1 | sed -E 's#corp: ([0-9]+)/(.*)#\1 inputs (\2)#')"
    if [ "$status" = "0" ]; then
        echo "fuzz $target: ok, ${runs:-0} runs, corpus ${corp:-0 inputs}"
    else
        target_failed=1
        reproducer="$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)"
        kind="$(crash_kind "$log")"
        echo "fuzz $target: FAILED (${kind:-exit $status}) after ${runs:-0} runs; reproducer: ${reproducer:-none written, see $log}"
        [ -n "$reproducer" ] && echo "    rerun: SWIFT_BACKTRACE=enable=no $bin/$target $reproducer"
        crash_report "$log"
    fi
    failed=$((failed + target_failed))
done
echo "fuzz: ${#targets[@]} targets, $failed failed"
[ "$failed" -eq 0 ]
