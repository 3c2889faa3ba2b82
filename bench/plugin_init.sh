#!/bin/sh
# plugin_init.sh [RUNS]: what yak's plugins cost when the binary starts.
# Builds bin/yak, runs `yak version` RUNS times (default 5) with
# GODEBUG=inittrace=1 and prints, per run, the init time of the plugin
# packages (plugins/...) next to the init time of every package, plus the
# process wall time. Plugins register in init, so this is their start-up cost.
set -eu
runs=${1:-5}
cd "$(dirname "$0")/.."
go build -o bin/yak .
echo "run  plugins-init-ms  all-init-ms  wall-ms"
i=1
while [ "$i" -le "$runs" ]; do
	start=$(date +%s%N)
	trace=$(GODEBUG=inittrace=1 bin/yak version 2>&1 >/dev/null)
	end=$(date +%s%N)
	echo "$trace" | awk -v run="$i" -v wall="$(( (end - start) / 1000000 ))" '
		/^init / { all += $5; if ($2 ~ /^github.com\/yaknb\/yak\/plugins\//) plug += $5 }
		END { printf "%3d  %15.3f  %11.1f  %7d\n", run, plug, all, wall }'
	i=$((i + 1))
done
