#!/usr/bin/env bash
# Installs what the tests need (when missing, with apt, when run as root) and runs the whole test suite.
# Usage: ./scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the integration tests start or drive (servers are started by the tests themselves,
# on 127.0.0.1 with free ports and temp directories).
apt_packages=()
need() { command -v "$1" >/dev/null 2>&1 || apt_packages+=("$2"); }
while read -r tool package; do
  [ -n "$tool" ] && need "$tool" "$package"
done < "$root/scripts/test-prerequisites.txt"

if [ "${#apt_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${apt_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  else
    echo "test.sh: missing ${apt_packages[*]} (run as root to install them with apt)" >&2
  fi
fi

dotnet build Cartwheel.slnx -c Release --nologo -v quiet -clp:ErrorsOnly

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test --solution Cartwheel.slnx -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line for CI: "N passed, N failed, N skipped", summed over the test assemblies.
awk '
  /^[[:space:]]*failed:/    { f += $2 }
  /^[[:space:]]*succeeded:/ { p += $2 }
  /^[[:space:]]*skipped:/   { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
