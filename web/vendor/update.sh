#!/usr/bin/env bash
# Vendors Preact, htm and uqr (the join links' QR codes) from the npm
# registry (pinned; npm checks each
# tarball's sha512 integrity): the ES module builds, with hooks' one bare
# import made relative so the browser needs no import map, and the licences.
# Run by hand when bumping a version; commit what it writes.
set -euo pipefail
PREACT=11.2.0
HTM=3.1.1
UQR=0.1.3
V="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
cd "$T"
npm pack --silent "preact@$PREACT" "htm@$HTM" "uqr@$UQR" >/dev/null
mkdir p h q
tar xzf "preact-$PREACT.tgz" -C p
tar xzf "htm-$HTM.tgz" -C h
tar xzf "uqr-$UQR.tgz" -C q
cp p/package/dist/preact.mjs "$V/preact.mjs"
sed 's#from"preact"#from"./preact.mjs"#' p/package/hooks/dist/hooks.mjs > "$V/hooks.mjs"
cp h/package/dist/htm.mjs "$V/htm.mjs"
cp q/package/dist/index.mjs "$V/uqr.mjs"
cp q/package/dist/index.d.mts "$V/uqr.d.mts"
sed -i '/^\/\/# sourceMappingURL=/d' "$V/preact.mjs" "$V/hooks.mjs" "$V/htm.mjs"
grep -q 'from"./preact.mjs"' "$V/hooks.mjs"
if grep -nE 'from ?"(preact|htm)[/"]' "$V"/*.mjs; then
  echo "a bare import is left" >&2
  exit 1
fi
cp p/package/LICENSE "$V/LICENSE.preact"
cp h/package/LICENSE "$V/LICENSE.htm"
cp q/package/LICENSE "$V/LICENSE.uqr"
printf 'preact %s %s\nhtm %s %s\nuqr %s %s\n' \
  "$PREACT" "$(npm view "preact@$PREACT" dist.integrity)" \
  "$HTM" "$(npm view "htm@$HTM" dist.integrity)" \
  "$UQR" "$(npm view "uqr@$UQR" dist.integrity)" > "$V/VERSIONS"
