#!/usr/bin/env sh
# Re-make docs/digest.png (light) and docs/digest-dark.png: the digest of `newsmon demo`'s sample
# outlets as headless Chromium (Debian package `chromium`) renders it. Run from the project root.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
newsmon demo --dir "$tmp/demo" >/dev/null
NEWSMON_MONITOR_NAME="${NEWSMON_MONITOR_NAME:-US–Cuba monitor}" newsmon digest \
  --db "sqlite:///$tmp/demo/newsmon-demo.db" --out "$tmp/d" --tz America/Havana >/dev/null
html=$(ls "$tmp"/d/digest-*.html)
shot() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" "file://$html" 2>/dev/null; }
shot --window-size=700,1750 --screenshot=docs/digest.png
shot --window-size=700,900 --blink-settings=preferredColorScheme=0 --screenshot=docs/digest-dark.png
