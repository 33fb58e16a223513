#!/usr/bin/env bash
# Peak resident memory of `cargo xtask codegen --spec` (the release xtask binary, so cargo's
# own memory is not counted), measured with GNU time (`/usr/bin/time -v`), relative to the size
# of the spec and of the generated code.
#
#   bench/memory.sh [SPEC...]     default: spec/sphere.yaml and the 1,000 and 10,000-schema
#                                 synthetic specs (written by bench/synth.py if missing)
#   ROUNDS=3 bench/memory.sh      runs per spec; the median peak is reported (default 3)
#
# Needs GNU time: `apt-get install -y time`.
set -euo pipefail

ROUNDS=${ROUNDS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$ROOT/bench/out/memory
XTASK=$TARGET/release/xtask

[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

if [ $# -gt 0 ]; then
    SPECS=("$@")
else
    mkdir -p "$ROOT/bench/out/specs"
    for n in 1000 10000; do
        f=$ROOT/bench/out/specs/synth-$n.yaml
        [ -f "$f" ] || python3 "$ROOT/bench/synth.py" --schemas "$n" --seed 1 --out "$f"
    done
    SPECS=("$ROOT/spec/sphere.yaml" "$ROOT/bench/out/specs/synth-1000.yaml" "$ROOT/bench/out/specs/synth-10000.yaml")
fi

echo "building our generator (xtask, release)" >&2
(cd "$ROOT" && cargo build --quiet --release -p xtask)
mkdir -p "$OUT"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-14s %10s %12s %10s %14s %12s %10s\n' spec "spec MB" "peak RSS MB" "RSS/spec" "output MB" "RSS/output" "wall s"
for spec in "${SPECS[@]}"; do
    name=$(basename "$spec"); name=${name%.*}
    peaks=(); walls=()
    for ((r = 1; r <= ROUNDS; r++)); do
        rm -rf "$OUT/$name"
        /usr/bin/time -v "$XTASK" codegen --spec "$spec" --out "$OUT/$name" >/dev/null 2>"$OUT/time.log" ||
            { cat "$OUT/time.log" >&2; exit 1; }
        peaks+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.log")")
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$OUT/time.log")")
    done
    spec_bytes=$(wc -c <"$spec")
    out_bytes=$(cat "$OUT/$name"/src/*.rs "$OUT/$name"/Cargo.toml | wc -c)
    peak_kb=$(median "${peaks[@]}")
    awk -v n="$name" -v s="$spec_bytes" -v o="$out_bytes" -v p="$peak_kb" -v w="$(median "${walls[@]}")" 'BEGIN {
        mb = 1024 * 1024
        printf "%-14s %10.2f %12.1f %9.1fx %14.2f %11.1fx %10.2f\n", n, s / mb, p * 1024 / mb, p * 1024 / s, o / mb, p * 1024 / o, w
    }'
done
echo "(median of $ROUNDS runs each; $(date -u +%Y-%m-%d), $(nproc) cores, $(rustc --version))"
