#!/usr/bin/env bash
# Cross-checks `cargo xtask review`'s crate verdicts against cargo-semver-checks, pair by pair.
# Too slow for CI (it builds rustdoc JSON of both generated crates and their dependencies), so
# run it by hand; the latest results are in semver-cross-check.md beside this script.
#
#   cargo install cargo-semver-checks --locked        # once (or put it on PATH)
#   xtask/scripts/semver-cross-check.sh OLD NEW [OLD NEW ...]
#   xtask/scripts/semver-cross-check.sh                # every pair under xtask/tests/review/
#
# For each pair it prints ours (crate_semver from the JSON report) and cargo-semver-checks'
# required bump, and whether they agree. cargo-semver-checks only looks for breaking changes
# (and a few minor ones), so our `minor` (items added) against its "none or patch" counts as
# agreement. Both crates are generated as 1.0.0 so "major" and "minor" mean what they say.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Where the project's tools are installed when they are not on PATH already.
[ -d /work/tools/bin ] && export PATH="/work/tools/bin:$PATH"
command -v cargo-semver-checks >/dev/null || { echo "cargo-semver-checks is not installed" >&2; exit 2; }

if [ $# -eq 0 ]; then
  for d in xtask/tests/review/*/; do set -- "$@" "${d}old.yaml" "${d}new.yaml"; done
fi
cargo build -q -p xtask
xtask=$root/target/debug/xtask
# One target folder for every pair: the dependencies are built once.
export CARGO_TARGET_DIR=${CROSS_TARGET:-$work/target}

generate() { # SPEC DIR: a standalone crate at version 1.0.0, or a failure
  "$xtask" codegen --spec "$1" --out "$2" --crate-name reviewed-api >/dev/null 2>"$work/codegen.err" || return 1
  sed -i 's/^version = "0\.1\.0"/version = "1.0.0"/' "$2/Cargo.toml"
}

while [ $# -ge 2 ]; do
  old=$1 new=$2
  shift 2
  rm -rf "$work/old" "$work/new"
  # The review exits 1 when something breaks: only its JSON matters here.
  "$xtask" review "$old" "$new" --format json >"$work/review.json" 2>/dev/null || true
  ours=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["crate_semver"])' <"$work/review.json" 2>/dev/null || echo error)
  if ! generate "$old" "$work/old" || ! generate "$new" "$work/new"; then
    printf '%-64s ours=%-7s cargo-semver-checks=%-13s %s\n' "$old -> $new" "$ours" "n/a" \
      "not comparable: $(head -c 160 "$work/codegen.err")"
    continue
  fi
  log=$work/semver.log
  start=$(date +%s)
  if cargo semver-checks check-release --manifest-path "$work/new/Cargo.toml" \
      --baseline-root "$work/old" --release-type patch >"$log" 2>&1; then
    theirs=none-or-patch
  else
    theirs=$(grep -oE 'requires new (major|minor) version' "$log" | head -1 | awk '{print $3}')
    theirs=${theirs:-error}
  fi
  verdict=differ
  case "$ours/$theirs" in
    major/major | minor/minor | minor/none-or-patch | patch/none-or-patch | none/none-or-patch) verdict=agree ;;
  esac
  printf '%-64s ours=%-7s cargo-semver-checks=%-13s %s (%ss)\n' "$old -> $new" "$ours" "$theirs" "$verdict" "$(($(date +%s) - start))"
  if [ "$verdict" = differ ] || [ -n "${VERBOSE:-}" ]; then
    grep -E '^\s*--- failure|^\s*FAIL|Summary' "$log" | head -20 || true
    [ "$theirs" = error ] && tail -20 "$log"
  fi
done
