#!/bin/sh
# Install LibreOffice Calc (headless, no GUI) from Debian/Ubuntu packages.
#
# Needed only to regenerate the faithfulness golden files (scripts/make_golden.py) and to
# run the LibreOffice side of the benchmark; the test suite itself never needs it.
#
#   scripts/install-libreoffice.sh && .venv/bin/python scripts/make_golden.py
set -eu

if command -v soffice >/dev/null 2>&1; then
    echo "soffice already installed: $(soffice --version)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends libreoffice-calc-nogui
soffice --version
