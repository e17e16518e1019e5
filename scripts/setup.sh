#!/usr/bin/env bash
# Installs what voice_capture needs on Debian (or Ubuntu) and is safe to run again.
#   scripts/setup.sh app    system packages for the app, the virtualenv, Python packages, translations
#   scripts/setup.sh test   the same, plus Chromium and PostgreSQL 15 for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

packages=(espeak-ng libespeak-ng1 lame fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$mode" = "test" ]; then
  packages+=(chromium)
  [ -x /usr/lib/postgresql/15/bin/initdb ] || packages+=(postgresql-15)
fi
python3 -c "import venv, ensurepip" 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python=python3
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "voice_capture needs Python 3.11 or newer; this python3 is $("$python" --version)." >&2
  exit 1
}
[ -x .venv/bin/python ] || "$python" -m venv .venv

extras=""
[ "$mode" = "test" ] && extras="[test]"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extras}"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --editable ".${extras}"
  touch "$stamp"
fi
.venv/bin/python -m voice_capture.translations compile
