#!/usr/bin/env bash
# The notebook browser tests drive Debian's chromium with playwright-core
# (playwright's own browser download does not work offline). Install it when
# missing; a no-op when it is there or when COORDSIM_CHROMIUM points elsewhere.
set -euo pipefail
browser="${COORDSIM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ -n "${COORDSIM_CHROMIUM:-}" ]; then
  echo "COORDSIM_CHROMIUM=$COORDSIM_CHROMIUM is not an executable" >&2
  exit 1
fi
echo "chromium not found: installing Debian's chromium for the notebook browser tests" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "cannot install chromium (not root, no passwordless sudo): run 'apt-get install chromium' or set COORDSIM_CHROMIUM" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$browser" --version >&2
