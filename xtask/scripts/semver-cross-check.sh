#!/usr/bin/env bash
# Cross-checks `cargo xtask review`'s crate verdicts against cargo-semver-checks, pair by pair.
# Too slow for CI (it builds rustdoc JSON of both generated crates and their dependencies), so
# run it by hand:
#
#   cargo install cargo-semver-checks --locked        # once
#   xtask/scripts/semver-cross-check.sh OLD NEW [OLD NEW ...]
#   xtask/scripts/semver-cross-check.sh                # every pair under xtask/tests/review/
#
# For each pair it prints: ours (crate_semver from the JSON report) and cargo-semver-checks'
# required bump (from its summary line), and whether they agree.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -eq 0 ]; then
  set --
  for d in xtask/tests/review/*/; do set -- "$@" "$d/old.yaml" "$d/new.yaml"; done
fi
cargo build -q -p xtask
xtask=$root/target/debug/xtask
# One target folder for every pair: the dependencies are built once.
export CARGO_TARGET_DIR=$work/target

while [ $# -ge 2 ]; do
  old=$1 new=$2
  shift 2
  rm -rf "$work/old" "$work/new"
  "$xtask" codegen --spec "$old" --out "$work/old" --crate-name reviewed-api >/dev/null
  "$xtask" codegen --spec "$new" --out "$work/new" --crate-name reviewed-api >/dev/null
  ours=$("$xtask" review "$old" "$new" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["crate_semver"])' || true)
  log=$work/semver.log
  if cargo semver-checks check-release --manifest-path "$work/new/Cargo.toml" \
      --baseline-root "$work/old" --release-type patch >"$log" 2>&1; then
    theirs=none-or-patch
  else
    theirs=$(grep -oE 'requires new (major|minor) version' "$log" | head -1 | awk '{print $3}')
    theirs=${theirs:-error}
  fi
  verdict=differ
  case "$ours/$theirs" in
    major/major | minor/minor | patch/none-or-patch | none/none-or-patch) verdict=agree ;;
  esac
  printf '%-60s ours=%-6s cargo-semver-checks=%-13s %s\n' "$old -> $new" "$ours" "$theirs" "$verdict"
  if [ "$verdict" = differ ]; then grep -E '^--- failure|FAIL' "$log" | head -20 || true; fi
done
