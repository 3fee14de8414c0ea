#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Draw the ratios of the last `make bench` (build/bench/ratios.dat, written
# by tools/bench-report.sh: "table/key ratio" a line) as bars on a log
# scale, one per comparison, to a PNG with gnuplot.
#
# Usage: bench-plot.sh [DATA [PNG]]
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

dat=${1:-$TOP/build/bench/ratios.dat}
png=${2:-$TOP/build/bench/ratios.png}
[ -s "$dat" ] || die "no ratios in $dat: run make bench first"
command -v gnuplot >/dev/null || die "gnuplot not installed: make bench-plot installs gnuplot-nox"

n=$(wc -l <"$dat")
width=$((n * 28 + 200))
[ "$width" -ge 800 ] || width=800
gnuplot <<EOF
set terminal pngcairo size $width,700 noenhanced font ",9"
set output "$png"
set title "containerctl benchmarks: each figure against its base (log scale; 1 = equal; ratios of 0 left out)"
set style fill solid 0.6 border -1
set logscale y
set grid ytics
set xtics rotate by -60 scale 0
set ylabel "ratio"
set yrange [*:*]
set key off
# Bars from 1 up or down to the ratio; a ratio of 0 (nothing lost) has no
# place on a log scale and is left out.
f(x) = x > 0 ? x : NaN
lo(x) = f(x) < 1 ? f(x) : 1
hi(x) = f(x) > 1 ? f(x) : 1
plot "$dat" using 0:(f(\$2)):(\$0 - 0.35):(\$0 + 0.35):(lo(\$2)):(hi(\$2)):xtic(1) \
	with boxxyerror lc rgb "#4a7ab5", \
	1 with lines lc rgb "#c03030" dt 2
EOF
echo "bench-plot: wrote $png"
