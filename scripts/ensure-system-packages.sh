#!/usr/bin/env bash
# Installs the Debian packages that the tests need when they are missing,
# so that `npm test` passes on a fresh machine.
set -euo pipefail
needed=()
# test/scale starts its own Redis servers.
command -v redis-server >/dev/null || needed+=(redis-server)
# The arena's browser test (examples/arena/test/browser.e2e.test.ts) drives Debian's Chromium.
[ -x /usr/bin/chromium ] || needed+=(chromium)
if [ ${#needed[@]} -gt 0 ]; then
  echo "── installing system packages: ${needed[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi
