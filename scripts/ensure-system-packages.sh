#!/usr/bin/env bash
# Installs the Debian packages that the tests need when they are missing,
# so that `npm test` passes on a fresh machine. Nothing is needed yet beyond Node.js.
set -euo pipefail
needed=()
# Later suites add their packages here, e.g.: command -v chromium >/dev/null || needed+=(chromium)
if [ ${#needed[@]} -gt 0 ]; then
  echo "── installing system packages: ${needed[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi
