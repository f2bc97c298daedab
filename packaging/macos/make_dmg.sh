#!/usr/bin/env bash
# The macOS disk image: make_dmg.sh "dist/Article Editor.app" VERSION OUT_DIR
#
# packaging/build.py runs this after PyInstaller has built the .app. PyInstaller has already
# signed every binary and the bundle: with ARTICLE_EDITOR_CODESIGN_IDENTITY (a "Developer ID
# Application: ..." identity in the keychain) using the hardened runtime and
# packaging/macos/entitlements.plist, else ad hoc. This script then
#   1. checks the signature,
#   2. builds ArticleEditor-VERSION.dmg (the app and a link to /Applications),
#   3. signs the .dmg, submits it to Apple's notary service and staples the ticket, when a
#      Developer ID is given and notary credentials are: ARTICLE_EDITOR_NOTARY_PROFILE (a
#      profile stored by `xcrun notarytool store-credentials`) or APPLE_ID, APPLE_TEAM_ID
#      and APPLE_APP_PASSWORD (an app-specific password).
set -euo pipefail

app=$1
version=$2
out=$3
identity=${ARTICLE_EDITOR_CODESIGN_IDENTITY:-}
dmg="$out/ArticleEditor-$version.dmg"

codesign --verify --deep --strict --verbose=2 "$app"
if [ -z "$identity" ]; then
    echo "make_dmg.sh: no ARTICLE_EDITOR_CODESIGN_IDENTITY: the app is signed ad hoc only;" \
        "Gatekeeper will refuse it on other Macs (right-click > Open to get past it)" >&2
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Article Editor $version" -srcfolder "$staging" -fs HFS+ \
    -format UDZO -ov "$dmg"

if [ -z "$identity" ]; then
    echo "make_dmg.sh: $dmg (unsigned, not notarized)"
    exit 0
fi
codesign --sign "$identity" --timestamp "$dmg"

if [ -n "${ARTICLE_EDITOR_NOTARY_PROFILE:-}" ]; then
    credentials=(--keychain-profile "$ARTICLE_EDITOR_NOTARY_PROFILE")
elif [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    credentials=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
else
    echo "make_dmg.sh: $dmg signed; no notary credentials, so not notarized" >&2
    exit 0
fi

# --wait returns when Apple has decided; the verdict is in the JSON, not the exit code.
result=$(xcrun notarytool submit "$dmg" "${credentials[@]}" --wait --output-format json)
status=$(plutil -extract status raw -o - - <<<"$result")
if [ "$status" != "Accepted" ]; then
    submission=$(plutil -extract id raw -o - - <<<"$result")
    echo "make_dmg.sh: notarization $status; Apple's log:" >&2
    xcrun notarytool log "$submission" "${credentials[@]}" >&2 || true
    exit 1
fi
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
echo "make_dmg.sh: $dmg signed, notarized and stapled"
