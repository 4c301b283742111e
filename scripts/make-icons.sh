#!/usr/bin/env bash
# Regenerate the PWA icons (pwa-64/192/512, maskable-512, apple-touch-180, favicon.ico) in public/
# from public/favicon.svg with pwa-assets.config.ts. Run after changing the SVG and commit the
# results: CI and builds use the committed files and never regenerate them.
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install pwa-assets-generator --config pwa-assets.config.ts
ls -l public/*.png public/favicon.ico
