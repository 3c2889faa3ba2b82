#!/bin/sh
# fetch-echarts.sh VERSION DEST: download the echarts npm package, verify
# dist/echarts.min.js against DEST.sha256 and install it at DEST atomically.
# Uses the registry tarball over curl, or `npm pack` when curl is missing.
set -eu
version=$1
dest=$2
sum=$(cut -d' ' -f1 "$dest.sha256")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
url="https://registry.npmjs.org/echarts/-/echarts-$version.tgz"
if command -v curl >/dev/null 2>&1; then
	curl -sSfL --retry 3 -o "$tmp/echarts.tgz" "$url"
elif command -v npm >/dev/null 2>&1; then
	(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null && mv "echarts-$version.tgz" echarts.tgz)
else
	echo "fetch-echarts: need curl or npm to download $url" >&2
	exit 1
fi
tar -xzf "$tmp/echarts.tgz" -C "$tmp" package/dist/echarts.min.js
got=$(sha256sum "$tmp/package/dist/echarts.min.js" | cut -d' ' -f1)
if [ "$got" != "$sum" ]; then
	echo "fetch-echarts: checksum mismatch for echarts $version: got $got, want $sum ($dest.sha256)" >&2
	exit 1
fi
mv "$tmp/package/dist/echarts.min.js" "$dest.tmp"
touch "$dest.tmp" # the tarball dates files 1985; make compares times
mv "$dest.tmp" "$dest"
echo "fetch-echarts: echarts $version -> $dest (sha256 ok)"
