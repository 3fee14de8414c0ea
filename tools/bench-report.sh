#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Turn the console log of `make bench` into docs/benchmarks.md and the data
# file of `make bench-plot`. Every number comes from the log: the BENCH
# lines the programs of tests/bench/ print (see tests/bench/bench.h) and the
# BENCH-INFO lines of tests/vm/runner.sh (kernel, date, CPUs, memory).
# Refuses a log whose run failed or whose tables are incomplete.
#
# The log may hold several boots of mode bench (make bench's BENCH_BOOTS),
# each from its BENCH-INFO|kernel line: a table found in several gets each
# boot's figures and ratios, and how far the ratios differ; the report
# gives the median and the largest difference. The counted boots (mode
# count) begin with their BENCH-INFO|counted line and print count-TABLE
# tables, whose agreement is given apart. The profiles' boot (mode
# profile) prints no BENCH-INFO: its tables join the last boot. A short
# "where the time goes" section is put in words from the attach stages,
# the profiles, and the subscribers' CPU split and apart runs.
#
# Usage: bench-report.sh [LOG [MARKDOWN [DATA]]]
#   LOG       default build/debian-6.12/console-bench-all.log
#   MARKDOWN  default docs/benchmarks.md
#   DATA      default build/bench/ratios.dat: "table/key ratio" a line
# Prints the tables (the markdown's) on stdout.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/lib.sh"

log=${1:-$TOP/build/debian-6.12/console-bench-all.log}
md=${2:-$TOP/docs/benchmarks.md}
dat=${3:-$TOP/build/bench/ratios.dat}

[ -r "$log" ] || die "no console log $log: run make bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tr -d '\r' <"$log" >"$tmp/log"

grep -q '^CTRVM-RESULT ' "$tmp/log" || die "$log: the run did not finish"
if grep -q '^not ok ' "$tmp/log"; then
	die "$log: a step failed: $(grep '^not ok ' "$tmp/log" | tr '\n' ' ')"
fi
grep -q '^BENCH-TABLE|' "$tmp/log" || die "$log: no benchmark tables"

info() {
	sed -n "s/^BENCH-INFO|$1|//p" "$tmp/log" | head -n 1
}
kernel=$(info kernel)
nboots=$(grep -c '^BENCH-INFO|kernel|' "$tmp/log" || true)
if [ "$nboots" -gt 1 ]; then
	boots="and the whole repeated in $nboots boots"
else
	boots="in one boot"
fi
ncounted=$(grep -c '^BENCH-INFO|counted|' "$tmp/log" || true)
date=$(info date)
cpus=$(info cpus)
mem=$(info memory)
{ [ -n "$kernel" ] && [ -n "$date" ]; } || die "$log: no BENCH-INFO lines"

# The tables in markdown (tables.md), the ratios (ratios.dat) and how far
# the boots agree (agree.md). A boot of mode bench begins with its
# BENCH-INFO|kernel line; a table found in several boots gets a value and a
# ratio for each, and how far its ratios differ (the difference over their
# mean); ratios.dat has their mean.
awk -v dat="$tmp/ratios.dat" -v agree="$tmp/agree.md" '
function problem(s) { print "bench-report: " s >"/dev/stderr"; bad = 1 }
function num(v) {
	if (v == int(v) && (v >= 100 || v == 0 || unit[t] != "us"))
		return sprintf("%d", v)
	return v >= 100 ? sprintf("%.1f", v) : sprintf("%.2f", v)
}
# The ratio of row i of table t in boot b, or "" if it has none.
function ratio(b, t, i,    bk, j) {
	bk = base[t, i]
	if (bk == "-" || !((t, bk) in idx) || !((b, t, i) in val))
		return ""
	j = idx[t, bk]
	if (!((b, t, j) in val) || val[b, t, j] + 0 <= 0)
		return ""
	return val[b, t, i] / val[b, t, j]
}
BEGIN { FS = "|"; boot = 1 }
$1 == "BENCH-INFO" && $2 == "kernel" { boot = ++nall; nboots++; next }
$1 == "BENCH-INFO" && $2 == "counted" { boot = ++nall; ncounted++; next }
$1 == "BENCH-TABLE" {
	if (cur != "") problem("table " cur " not ended")
	cur = $2; rows = 0
	if (!(cur in unit)) {
		order[++nt] = cur; unit[cur] = $3; title[cur] = $4; nr[cur] = 0
	}
	boots[cur] = boots[cur] " " boot
	nb[cur]++
	next
}
$1 == "BENCH" || $1 == "BENCH-SKIP" {
	if ($2 != cur) { problem("row " $3 " outside its table"); next }
	rows++
	if (!((cur, $3) in idx)) {
		i = ++nr[cur]; k[cur, i] = $3; idx[cur, $3] = i
	}
	i = idx[cur, $3]
	if ($1 == "BENCH-SKIP") {
		skip[cur, i] = $4; label[cur, i] = $5
	} else {
		val[boot, cur, i] = $4; base[cur, i] = $5; label[cur, i] = $6
	}
	next
}
$1 == "BENCH-END" {
	if ($2 != cur || $3 != rows) problem("table " $2 " incomplete")
	cur = ""
	next
}
END {
	if (cur != "") problem("table " cur " not ended")
	if (bad) exit 1
	ndiff = 0; ncdiff = 0
	for (n = 1; n <= nt; n++) {
		t = order[n]
		split(substr(boots[t], 2), bl, " ")
		m = nb[t]
		# One base for every row that has one: said once, under the title.
		common = ""; mixed = 0
		for (i = 1; i <= nr[t]; i++) {
			b = base[t, i]
			if (b == "" || b == "-") continue
			if (common == "") common = b
			else if (b != common) mixed = 1
		}
		printf "### %s\n\n", title[t]
		if (common != "" && !mixed)
			printf "Ratio: against %s.\n\n", label[t, idx[t, common]]
		head = "| what"; rule = "| ---"
		for (x = 1; x <= m; x++) {
			sfx = m > 1 ? " (boot " x ")" : ""
			head = head " | " unit[t] sfx " | ratio" sfx
			rule = rule " | ---: | ---:"
		}
		if (m > 1) { head = head " | boots differ"; rule = rule " | ---:" }
		if (mixed) { head = head " | against"; rule = rule " | ---" }
		print head " |"; print rule " |"
		for (i = 1; i <= nr[t]; i++) {
			line = "| " label[t, i]
			if ((t, i) in skip) {
				line = line " | skipped: " skip[t, i]
				for (x = 1; x < 2 * m + (m > 1) + mixed; x++) line = line " |"
				print line " |"
				continue
			}
			sum = 0; cnt = 0; lo = ""; hi = ""
			for (x = 1; x <= m; x++) {
				r = ratio(bl[x], t, i)
				line = line " | " num(val[bl[x], t, i] + 0) " | " \
					(r == "" ? "" : sprintf(t ~ /^count-/ ? "%.3f" : "%.2f", r))
				if (r != "") {
					sum += r; cnt++
					if (lo == "" || r < lo) lo = r
					if (hi == "" || r > hi) hi = r
				}
			}
			b = base[t, i]
			if (m > 1) {
				d = ""
				if (cnt == m && b != k[t, i] && sum > 0) {
					d = (hi - lo) / (sum / cnt) * 100
					if (t ~ /^count-/) {
						cdiffs[++ncdiff] = d; cwhere[ncdiff] = t "/" k[t, i]
					} else {
						diffs[++ndiff] = d; where[ndiff] = t "/" k[t, i]
					}
					d = sprintf(d < 10 ? "%.1f%%" : "%.0f%%", d)
				}
				line = line " | " d
			}
			if (mixed)
				line = line " | " (cnt ? label[t, idx[t, b]] : "")
			print line " |"
			if (cnt && b != k[t, i])
				printf "%s/%s %.2f\n", t, k[t, i], sum / cnt >dat
		}
		printf "\n"
	}
	if (ndiff)
		agree_line(diffs, where, ndiff, nboots " boots")
	if (ncdiff)
		agree_line(cdiffs, cwhere, ncdiff, ncounted " counted boots (count-)")
}
# How far the boots agree: the median and the largest difference of @n
# ratios @d (the rows in @w), sorted by it.
function agree_line(d, w, n, what,    x, y, tmp, c) {
	for (x = 1; x <= n; x++)
		for (y = x + 1; y <= n; y++)
			if (d[y] < d[x]) {
				tmp = d[x]; d[x] = d[y]; d[y] = tmp
				tmp = w[x]; w[x] = w[y]; w[y] = tmp
			}
	c = 0
	for (x = 1; x <= n; x++) if (d[x] <= 5) c++
	printf "- how far the %s agree: a ratio differs between them by %.1f%% of their mean in the median row, %.1f%% at worst (%s); of %d ratios, %d differ by 5%% or less\n", \
		what, d[int((n + 1) / 2)], d[n], w[n], n, c >agree
}' "$tmp/log" >"$tmp/tables.md" || die "$log: incomplete tables"

# Where the time goes, in short: sentences computed from a few tables, each
# from the first boot that printed it (count-TABLE, from the counted boots,
# before TABLE).
awk '
BEGIN { FS = "|" }
$1 == "BENCH-TABLE" { cur = $2; seen[cur]++; next }
$1 == "BENCH" && seen[$2] == 1 && !(($2, $3) in v) {
	v[$2, $3] = $4 + 0; nk[$2]++; key[$2, nk[$2]] = $3
}
function pick(t) { return ("count-" t) in nk ? "count-" t : t }
function us(x) { return sprintf(x >= 100 ? "%.0f" : x >= 10 ? "%.1f" : "%.2f", x) }
function plus(x) { return (x >= 0 ? "+" : "") us(x) }
# The profile table t: its largest callees and its own share, in words.
function profile(t, what,    i, j, n, c, tot, tmp, sk) {
	if (!((t, "total") in v) || v[t, "total"] <= 0) return
	tot = v[t, "total"]; n = 0
	for (i = 1; i <= nk[t]; i++) {
		c = key[t, i]
		if (c == "total" || c == "self" || c == "others") continue
		sk[++n] = c
	}
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (v[t, sk[j]] > v[t, sk[i]]) { tmp = sk[i]; sk[i] = sk[j]; sk[j] = tmp }
	printf "- %s (%s): ", what, t
	for (i = 1; i <= n && i <= 3; i++)
		printf "%s%s %.0f%%", (i > 1 ? ", " : ""), sk[i], 100 * v[t, sk[i]] / tot
	printf "%sits own code with the tracer'"'"'s entry and exit %.0f%%.\n", \
		n ? "; " : "", 100 * v[t, "self"] / tot
}
END {
	t = pick("attach-stages")
	if ((t, "move") in v && v[t, "floor"] > 0) {
		f = v[t, "floor"]
		printf "- attach (%s): a move took %s us against the no-op ioctl'"'"'s %s (%.2fx). ", \
			t, us(v[t, "move"]), us(f), v[t, "move"] / f
		printf "Stage by stage: the argument copied in and an unknown flag refused %s us; ", plus(v[t, "flags"] - f)
		printf "the pid looked up %s; the task held, the tree locked and the container found %s; ", \
			plus(v[t, "nopid"] - v[t, "flags"]), plus(v[t, "nocont"] - v[t, "nopid"])
		printf "the capability read and the move begun and ended %s; the move itself %s. ", \
			plus(v[t, "same"] - v[t, "nocont"]), plus(v[t, "move"] - v[t, "same"])
		printf "An attach that moves nothing takes %.2fx the floor.\n", v[t, "same"] / f
	}
	profile("profile-fork", "the fork probe")
	profile("profile-exit", "the exit probe")
	profile("profile-emit", "an event emitted in a probe")
	profile("profile-send", "the sender'"'"'s work item")
	profile("profile-flush", "an skb multicast")
	profile("profile-fill", "an event packed into an skb")
	subscribers("subscribers-cpu", "subscribers", \
		    "storm:the storm:1;reader:the reading thread:0;rest:the rest:1")
	subscribers("subscribers-apart", "subscribers reading only after the storm", \
		    "storm:the storm:1;read:the reading afterwards:0")
}
# A sentence of table t per subscriber variant, against no subscriber: each
# part of parts ("suffix:label:1;...") its difference from none-suffix,
# or with 0 its value.
function subscribers(t, what, parts,    np, p, q, n, s, i, j) {
	t = pick(t)
	if (!((t, "none-storm") in v)) return
	printf "- %s (%s), per child against no subscriber: ", what, t
	np = split(parts, p, ";")
	n = split("events tasks both cn", s, " ")
	for (i = 1; i <= n; i++) {
		if (!((t, s[i] "-storm") in v)) continue
		printf "%s%s:", (i > 1 ? "; " : ""), s[i] == "cn" ? "the proc connector" : "\"" s[i] "\""
		for (j = 1; j <= np; j++) {
			split(p[j], q, ":")
			printf "%s %s %s%s", (j > 1 ? "," : ""), q[2], \
				q[3] ? plus(v[t, s[i] "-" q[1]] - v[t, "none-" q[1]]) : us(v[t, s[i] "-" q[1]]), \
				j == 1 ? " us" : ""
		}
	}
	printf ".\n"
}' "$tmp/log" >"$tmp/short.md"

mkdir -p "$(dirname "$dat")" "$(dirname "$md")"
cp "$tmp/ratios.dat" "$dat"
{
	cat <<EOF
# Benchmarks

containerctl against cgroup v2, a cgroup v1 hierarchy without controllers
and the proc connector, every comparison measured in the same boot of one
VM, $boots. Generated by
\`tools/bench-report.sh\` from the console logs of the run: do not edit.

- command: \`make bench\`
- date: $date
- kernel: $kernel (Debian's, no debug options), in QEMU under software
  emulation (TCG, no KVM), $cpus CPUs, $mem
- every figure is the median of repeated runs in that boot (the tables
  say how many); the programs are \`tests/bench/*.c\`
$(cat "$tmp/agree.md" 2>/dev/null)

Absolute times under software emulation mean little: the ratios are the
result. A ratio is the row's figure divided by the figure it is compared
to; for the fork tables, the ratio less 1 is the overhead.

What the tables measure (each boot first waits until the guest is quiet,
three 1 s windows in a row with its CPUs at least 95% idle: under
emulation the boot's crypto self-tests run on into the first tables):

- attach: one process moved back and forth between two groups: the
  ATTACH ioctl, a \`cgroup.procs\` write (v2), a \`tasks\` write (v1),
  against a no-op ioctl on the device (the floor of any ioctl); back to
  back, then each move after 20 ms idle (cgroup's percpu rwsem then waits
  for an RCU grace period). The cgroup files are opened once: only the
  write is timed.
- attach-stages: where an ATTACH's time goes, from user space: the
  ioctl given what stops it after each stage, in the module's order
  (argument copied in and an unknown flag refused, then a pid not found,
  then a container not found with the task held and the tree locked,
  then a move into the container the process is already in, then a
  move), each against the no-op ioctl: a step from one row to the next is
  the stage's cost, with no tracer's.
- attach-parallel: two threads at once, each moving its own process
  between its own two containers, against one thread alone (rounds
  alternate): 0.5 of one thread's time per move if attaches scale across
  the 2 vCPUs, 1.0 if they serialise.
- batch: 1 000 processes moved by one ATTACH_BATCH ioctl, by 1 000 ATTACH
  ioctls, by 1 000 \`cgroup.procs\` or \`tasks\` writes.
- create: create and destroy an empty container, mkdir and rmdir a cgroup.
- pids: the pids of a group of 10, 1 000, 10 000 processes: the PIDS ioctl
  (one atomic snapshot) against reading \`cgroup.procs\`, open to close.
- fork: fork, exit and wait of a child, with the module not loaded, loaded
  with the process in the root container, in a container, in a cgroup v2
  child (the module is unloaded and loaded between rounds); each timed
  storm comes after an untimed one from the same place, so that it pays
  for the deferred work (RCU callbacks, workers) of one like itself.
- subscribers: the same in a container with a subscriber reading in a
  thread: containerctl's "events" group, "tasks" group, both, or the proc
  connector; every run measures every variant, in a rotating order, from
  the first fork until the last child is reaped and the subscriber has
  read the children's events (and so any wait of containerctl's sender
  for more events, \`event_delay_us\`, that outlasts the storm);
  "events" a second time with \`event_delay_us=0\` (each event sent at
  once). subscribers-tail: in the same runs, the time from the last
  child reaped until the subscriber had the children's events (0 when
  it had them first). subscribers-cpu: in the same runs, per child, the
  CPU time of the storm (the forking process and its children: the proc
  connector sends from fork and exit), of the reading thread, and the
  rest of the run (kernel threads, containerctl's sender among them,
  idle), each its own median; the rest is the wall time less both CPU
  times, negative in the boots with two vCPUs when storm and reader ran
  at once: the counted boots (one vCPU) are the ones to read. The kernel
  has no \`CONFIG_IRQ_TIME_ACCOUNTING\`: interrupts and softirqs count for
  the task they interrupt, so the split is of the time as charged, not
  of the work each did. subscribers-apart: the same storms with each
  subscriber subscribed but reading only once the storm is over: the
  storm's time per child is the kernel's part (containerctl's probes
  and sender, the proc connector's sending from fork and exit), the
  reading afterwards (the reading thread's CPU time per child) the
  reader's, neither able to move work into the other.
  By then the benchmark has run threads (the readers), and any process
  forked from one that has forks dearer, whatever the module: in a
  counted boot a storm's child cost 24% more once the process had created
  and joined one thread, with the module not loaded. So its "no
  subscriber" row is not the fork table's (which runs before any
  thread); its ratios compare runs in the same state.
- events: a fork/exit storm seen by a containerctl subscriber (both
  groups) and a proc connector subscriber (\`NETLINK_CONNECTOR\`,
  \`PROC_CN_MCAST_LISTEN\`), both with a 4 MiB receive buffer, reading in
  threads or only after the storm: events generated, received, and lost
  as each reports it (the proc connector reports no count, only ENOBUFS).
- memory: kernel memory (\`/proc/meminfo\` Slab + Percpu + VmallocUsed
  deltas) per group of 10 000, and per process of 10 000 moved out of the
  root.
- proc: reading \`/proc/containers\` whole with 10 000 and 100 000
  containers.
- count-attach(-idle, -stages), count-pids-*, count-fork,
  count-subscribers(-tail, -cpu, -apart): the same
  tables in $ncounted more boots with one vCPU under QEMU's \`-icount\`
  (\`shift=0,sleep=off\`, single-threaded TCG): the guest's clock advances
  1 ns per instruction executed, and when the vCPU idles it jumps to the
  next timer's expiry, so a figure in us is thousands of instructions the
  guest executed plus any wait for a timer, whatever else the host is
  doing. These are the figures that decide a goal of a few percent. A
  subscriber's reading thread shares the one vCPU, and a run lasts until
  it has read the events, so its whole cost counts, not only what it
  takes from the storm.
- where the time goes (\`tests/bench/profile.c\`, one more boot of the same
  kernel under single-threaded TCG, since the tracer patches every
  function): ftrace's function_graph around the module's functions, each
  call split among its direct callees; the tracer's own cost weighs on
  every traced call, so the split counts, not the sum.
$(if [ -s "$tmp/short.md" ]; then
	printf '\n## Where the time goes, in short\n\n'
	printf 'Computed from the tables below (each from the first boot that has it).\n\n'
	cat "$tmp/short.md"
fi)

## Results

EOF
	cat "$tmp/tables.md"
} >"$md"
cat "$tmp/tables.md"
echo "bench-report: wrote $md and $dat"
