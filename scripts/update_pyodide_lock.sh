#!/usr/bin/env bash
# Refresh tests/data/pyodide/ from the `pyodide` npm package: its pyodide-lock.json (the
# packages built into Pyodide, which xlwings Lite runs) and the package version it came from.
#   scripts/update_pyodide_lock.sh            # the latest release
#   scripts/update_pyodide_lock.sh 314.0.8    # a given one
set -euo pipefail
cd "$(dirname "$0")/.."
spec="pyodide${1:+@$1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$work" && npm pack --silent "$spec")"
tar -xzf "$work/$tarball" -C "$work" package/pyodide-lock.json package/package.json
version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$work/package/package.json")"
mkdir -p tests/data/pyodide
cp "$work/package/pyodide-lock.json" tests/data/pyodide/pyodide-lock.json
echo "$version" > tests/data/pyodide/VERSION
echo "tests/data/pyodide: pyodide $version"
