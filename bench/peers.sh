#!/usr/bin/env bash
# Side by side with progenitor: generation time, build time of the generated crate (warm
# dependency cache, the generated crate alone) and dependency count, ours / progenitor.
#
#   bench/peers.sh [SPEC...]          default: spec/sphere.yaml bench/out/specs/synth-100.yaml
#   ROUNDS=7 bench/peers.sh           rounds per measurement (default 5)
#   BUILD_ARGS=--release bench/peers.sh
#
# Installs cargo-progenitor $PROGENITOR_VERSION into bench/.tools (never the global bin),
# builds our xtask in release, then per spec, in one run, alternating the two tools round by
# round (who goes first alternates too): generation into a fresh folder, then `cargo build` of
# each generated crate after `cargo clean -p` of that crate only (its dependencies stay built in
# one target folder per tool, warmed once untimed). Everything is written under bench/out/peers.
# Slow (minutes); not part of CI. Prints medians, min-max and the ratio of medians.
set -euo pipefail

PROGENITOR_VERSION=0.15.1
ROUNDS=${ROUNDS:-5}
BUILD_ARGS=${BUILD_ARGS:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=$ROOT/bench/.tools
OUT=$ROOT/bench/out/peers
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PROG=$TOOLS/bin/cargo-progenitor
XTASK=$TARGET/release/xtask

if [ $# -gt 0 ]; then
    SPECS=("$@")
else
    [ -f "$ROOT/bench/out/specs/synth-100.yaml" ] || {
        mkdir -p "$ROOT/bench/out/specs"
        python3 "$ROOT/bench/synth.py" --schemas 100 --seed 1 --out "$ROOT/bench/out/specs/synth-100.yaml"
    }
    SPECS=("$ROOT/spec/sphere.yaml" "$ROOT/bench/out/specs/synth-100.yaml")
fi

log() { printf '%s\n' "$*" >&2; }

if ! cargo install --list --root "$TOOLS" 2>/dev/null | grep -q "^cargo-progenitor v$PROGENITOR_VERSION:"; then
    log "installing cargo-progenitor $PROGENITOR_VERSION into $TOOLS"
    cargo install --quiet --locked --root "$TOOLS" cargo-progenitor --version "$PROGENITOR_VERSION"
fi
log "building our generator (xtask, release)"
(cd "$ROOT" && cargo build --quiet --release -p xtask)

# Seconds (with ms) taken by a command; its output goes to $OUT/last.log.
seconds() {
    local start end
    start=$(date +%s%N)
    "$@" >"$OUT/last.log" 2>&1 || { cat "$OUT/last.log" >&2; return 1; }
    end=$(date +%s%N)
    echo "scale=3; ($end - $start) / 1000000000" | bc
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }
ratio() { echo "scale=2; $1 / $2" | bc; }

gen_ours() { rm -rf "$2"; seconds "$XTASK" codegen --spec "$1" --out "$2" --crate-name "$3"; }
gen_prog() {
    rm -rf "$2"
    seconds "$PROG" progenitor -i "$1" -o "$2" -n "$3" -v 0.1.0
    # Standalone, like ours: the folder sits inside this repository's workspace.
    printf '\n[workspace]\n' >>"$2/Cargo.toml"
}
build() { # manifest dir, package, target dir
    cargo clean --quiet --manifest-path "$1/Cargo.toml" --target-dir "$3" -p "$2"
    # shellcheck disable=SC2086
    seconds cargo build --manifest-path "$1/Cargo.toml" --target-dir "$3" $BUILD_ARGS
}
deps() { # manifest dir, extra cargo tree args: crates in the normal dependency graph, itself excluded
    # shellcheck disable=SC2068
    cargo tree --manifest-path "$1/Cargo.toml" -e normal --prefix none ${@:2} |
        sed 's/ (\*)$//; s/ (proc-macro)$//' | sort -u | wc -l | awk '{print $1 - 1}'
}

mkdir -p "$OUT"
REPORT=()
for spec in "${SPECS[@]}"; do
    name=$(basename "$spec"); name=${name%.*}
    log ""
    log "== $name ($(wc -c <"$spec") bytes)"
    gen_dir=$OUT/gen; mkdir -p "$gen_dir"
    ours=$OUT/build/ours-$name; prog=$OUT/build/prog-$name
    # The crates that get built: generated once, then warmed (dependencies compiled, untimed).
    gen_ours "$spec" "$ours" "ours-$name" >/dev/null
    if ! gen_prog "$spec" "$prog" "prog-$name" >/dev/null 2>&1; then
        log "progenitor $PROGENITOR_VERSION FAILED on $name:"; tail -5 "$OUT/last.log" >&2
        REPORT+=("$name: progenitor failed ($(grep -m1 -E 'panicked|error' "$OUT/last.log" || echo see bench/out/peers/last.log))")
        continue
    fi
    log "warming dependency caches (untimed)"
    build "$ours" "ours-$name" "$OUT/target-ours" >/dev/null
    build "$prog" "prog-$name" "$OUT/target-prog" >/dev/null

    g_ours=(); g_prog=(); b_ours=(); b_prog=()
    for ((r = 1; r <= ROUNDS; r++)); do
        if ((r % 2)); then
            g_ours+=("$(gen_ours "$spec" "$gen_dir/ours" "ours-$name")")
            g_prog+=("$(gen_prog "$spec" "$gen_dir/prog" "prog-$name")")
            b_ours+=("$(build "$ours" "ours-$name" "$OUT/target-ours")")
            b_prog+=("$(build "$prog" "prog-$name" "$OUT/target-prog")")
        else
            g_prog+=("$(gen_prog "$spec" "$gen_dir/prog" "prog-$name")")
            g_ours+=("$(gen_ours "$spec" "$gen_dir/ours" "ours-$name")")
            b_prog+=("$(build "$prog" "prog-$name" "$OUT/target-prog")")
            b_ours+=("$(build "$ours" "ours-$name" "$OUT/target-ours")")
        fi
        log "round $r: generate ours ${g_ours[-1]}s progenitor ${g_prog[-1]}s; build ours ${b_ours[-1]}s progenitor ${b_prog[-1]}s"
    done
    d_ours=$(deps "$ours"); d_ours_models=$(deps "$ours" --no-default-features); d_prog=$(deps "$prog")
    l_ours=$(cat "$ours"/src/*.rs | wc -l); l_prog=$(cat "$prog"/src/*.rs | wc -l)
    mg_o=$(median "${g_ours[@]}"); mg_p=$(median "${g_prog[@]}")
    mb_o=$(median "${b_ours[@]}"); mb_p=$(median "${b_prog[@]}")
    REPORT+=(
        "$name ($ROUNDS rounds, median [min-max] seconds)"
        "  generate        ours $mg_o [$(range "${g_ours[@]}")]  progenitor $mg_p [$(range "${g_prog[@]}")]  ours/progenitor $(ratio "$mg_o" "$mg_p")"
        "  build crate     ours $mb_o [$(range "${b_ours[@]}")]  progenitor $mb_p [$(range "${b_prog[@]}")]  ours/progenitor $(ratio "$mb_o" "$mb_p")"
        "  dependencies    ours $d_ours (models only: $d_ours_models)  progenitor $d_prog  ours/progenitor $(ratio "$d_ours" "$d_prog")"
        "  generated lines ours $l_ours  progenitor $l_prog  ours/progenitor $(ratio "$l_ours" "$l_prog")"
    )
done

{
    echo ""
    echo "ours (cargo xtask codegen, $(git -C "$ROOT" rev-parse --short HEAD)) vs cargo-progenitor $PROGENITOR_VERSION; $(rustc --version)"
    echo "build: cargo build ${BUILD_ARGS:-(dev profile)}, generated crate only, dependencies already built"
    printf '%s\n' "${REPORT[@]}"
} | tee "$OUT/results.txt"
