#!/usr/bin/env bash
# Installs the off-the-shelf record-linkage baselines that `npm run eval:match -- --anchor` compares
# the matcher with: Splink (Fellegi–Sunter, EM-estimated m, random-sampled u, DuckDB backend) and
# recordlinkage (ECM classifier), in a Python virtual environment under .tools/baseline-venv.
# Optional: eval:match runs without it and says how to install it. Needs python3 (>= 3.9) and PyPI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.tools/baseline-venv"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet 'splink>=4,<6' 'recordlinkage==0.16' 'pandas<3' 'numpy<3'
"$VENV/bin/python" -c 'import splink, recordlinkage; print("baseline ready:", "splink", splink.__version__, "recordlinkage", recordlinkage.__version__)'
