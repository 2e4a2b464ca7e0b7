# Shared by the scripts: make .venv if it is missing and install the project into it.
# Usage: . scripts/_env.sh [extras]   (extras e.g. "test")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Container Atlas needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
VENV_PY="$ROOT/.venv/bin/python"
spec="."
[ -n "${1:-}" ] && spec=".[${1}]"
# Reinstall only when the project's metadata changed since the last install.
stamp=".venv/.atlas-installed-${1:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing the project into .venv" >&2
  "$VENV_PY" -m pip install --disable-pip-version-check -q -e "$spec"
  touch "$stamp"
fi
# The package's bytecode, as an installer writes it for every other package: an editable install writes
# none, and where PYTHONDONTWRITEBYTECODE is set no import writes it either, so every build would compile
# the package again (a tenth of a second). Up to date, this only compares times.
"$VENV_PY" -m compileall -q graph >&2 || true
