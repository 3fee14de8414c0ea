#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# ctrctl driven as a user would: build a tree, move a shell pipeline and
# single processes into it, check what pids, which, stat and tree print, in
# text and in JSON (-j), against /proc/containers and the processes started
# here; signal, remove; container flags (create -f, --no-inherit), clone,
# namespace tracking as stat shows it, info; paths with runs of '/' and a
# trailing '/' in every command; and every error path's one-line message
# and exit status. Starts and ends with only the root
# container.
set -u

W=/tmp/40-ctrctl
BIG=300		# processes listed at once: more than ctrctl's first buffer
nfail=0

# bad, waitfor, ok, fails, same, has, procline, id_of, nr_containers,
# npids, wait_procs, norm, compact
# shellcheck source=tests/vm/lib.sh
. /ctr/lib.sh

# json_valid FILE: FILE is one JSON value (RFC 8259), nothing after it.
json_valid() {
	awk '
	function ws() { while (substr(s, p, 1) ~ /^[ \t\r\n]$/) p++ }
	function str(   c) {
		if (substr(s, p, 1) != "\"") return 0
		for (p++; p <= n; p++) {
			c = substr(s, p, 1)
			if (c == "\"") { p++; return 1 }
			if (c == "\\") {
				c = substr(s, p + 1, 1)
				if (c == "u" && substr(s, p + 2, 4) ~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/)
					p += 5
				else if (index("\"\\/bfnrt", c))
					p++
				else
					return 0
			} else if (c < " ") {
				return 0
			}
		}
		return 0
	}
	function val(   c) {
		ws()
		c = substr(s, p, 1)
		if (c == "{") return members("}", 1)
		if (c == "[") return members("]", 0)
		if (c == "\"") return str()
		if (substr(s, p, 4) == "null" || substr(s, p, 4) == "true") { p += 4; return 1 }
		if (substr(s, p, 5) == "false") { p += 5; return 1 }
		if (match(substr(s, p), /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) {
			p += RLENGTH
			return 1
		}
		return 0
	}
	function members(end, keyed,   c) {
		p++
		ws()
		if (substr(s, p, 1) == end) { p++; return 1 }
		for (;;) {
			ws()
			if (keyed) {
				if (!str()) return 0
				ws()
				if (substr(s, p, 1) != ":") return 0
				p++
			}
			if (!val()) return 0
			ws()
			c = substr(s, p++, 1)
			if (c == end) return 1
			if (c != ",") return 0
		}
	}
	{ s = s $0 "\n" }
	END { n = length(s); p = 1; if (!val()) exit 1; ws(); exit (p <= n) }
	' "$1"
}

# json_ok WHAT: $W/out is valid JSON.
json_ok() {
	json_valid $W/out || { bad "$1: invalid JSON: $(cat $W/out)"; return 1; }
}

# Children of pid $1, from /proc/*/stat.
children_of() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$1" '$4 == p { print $1 }'
}

PARAMS=/sys/module/containerctl/parameters
saved_depth=$(cat $PARAMS/max_depth)
saved_max=$(cat $PARAMS/max_containers)

cleanup() {
	echo "$saved_depth" >$PARAMS/max_depth
	echo "$saved_max" >$PARAMS/max_containers
	if ctrctl stat /t >/dev/null 2>&1; then
		ctrctl kill -r -s KILL /t >/dev/null 2>&1
		wait 2>/dev/null
		wait_procs /t 0
		ctrctl rm -r /t || bad "cleanup: rm -r /t failed"
	fi
	rm -rf $W
}

[ "$(nr_containers)" -eq 1 ] || { echo "containers left by an earlier test"; exit 1; }
mkdir -p $W
trap cleanup EXIT

# --- The binary is ours, not a busybox link. ---
if [ ! -f /bin/ctrctl ] || [ -L /bin/ctrctl ]; then
	bad "/bin/ctrctl is not the ctrctl binary"
fi
ok ctrctl --version && has 'ctrctl [0-9.]* (containerctl ABI 2)' "--version"
ok ctrctl help && has '  attach .*' "help"
ok ctrctl kill --help && has 'Usage: ctrctl kill .*' "kill --help"

# --- A tree; create prints nothing. ---
for c in /t /t/web /t/web/api "-m 0700 /t/db" "--mode=750 /t/many"; do
	# shellcheck disable=SC2086 # split the options on purpose
	ok ctrctl create $c && same $W/out "" "create $c prints nothing"
done
[ "$(nr_containers)" -eq 6 ] || bad "$(nr_containers) containers after create"
T=$(id_of /t) WEB=$(id_of /t/web) API=$(id_of /t/web/api) DB=$(id_of /t/db)
MANY=$(id_of /t/many)

# --- Paths: one rule for every command (ctrctl(8), PATHS): a run of '/'
# is one, a trailing '/' is nothing, as in a file name. ---
ok ctrctl create //t//x/ && same $W/out "" "create //t//x/"
for a in //t/x /t/x/ ///t//x//; do
	if ok ctrctl stat -j "$a" && compact; then
		grep -q '"path":"/t/x","id":[0-9]*,"name":"x"' $W/out ||
			bad "stat $a is not /t/x: $(cat $W/out)"
	fi
	ok ctrctl pids "$a" && same $W/out "" "pids $a (empty)"
done
ok ctrctl ls /t/x && cp $W/out $W/ls.ref
ok ctrctl ls /t//x/ && same $W/out "$(cat $W/ls.ref)" "ls /t//x/"
ok ctrctl tree // && norm && has '1 [0-9]* [0-9]* /' "tree //"
fails 1 "ctrctl: create /t/x/: File exists" ctrctl create /t/x/
fails 1 "ctrctl: create //t//x: File exists" ctrctl create //t//x
fails 1 "ctrctl: rm //: the root container cannot be removed" ctrctl rm -r //
ok ctrctl rm //t//x// && same $W/out "" "rm //t//x//"
fails 1 "ctrctl: stat /t/x: No such file or directory" ctrctl stat /t/x

# --- Errors: one line naming the object and the reason, exit status 1. ---
fails 1 "ctrctl: create /t/web: File exists" ctrctl create /t/web
fails 1 "ctrctl: create /nope/x: No such file or directory" ctrctl create /nope/x
fails 1 "ctrctl: create /t/b c: Invalid argument (a name is 1 to 63 characters of A-Z a-z 0-9 . _ -)" \
	ctrctl create "/t/b c"
fails 1 "ctrctl: create /: File exists" ctrctl create /
# An argument's control characters are escaped: one line per error.
fails 1 "ctrctl: create /t/b\\nc: Invalid argument (a name is 1 to 63 characters of A-Z a-z 0-9 . _ -)" \
	ctrctl create "/t/b
c"
fails 1 "ctrctl: stat /nope: No such file or directory" ctrctl stat /nope
fails 1 "ctrctl: stat 999999: No such file or directory" ctrctl stat 999999
fails 1 "ctrctl: tree /t/nope: No such file or directory" ctrctl tree /t/nope
fails 1 "ctrctl: pids /t/nope: No such file or directory" ctrctl pids /t/nope
fails 1 "ctrctl: rm /t: Device or resource busy (it has children: -r removes them too)" \
	ctrctl rm /t
fails 1 "ctrctl: rm /: the root container cannot be removed" ctrctl rm -r /
fails 1 "ctrctl: rm 1: the root container cannot be removed" ctrctl rm 1
fails 1 "ctrctl: attach 2147483647 to /t/web: No such process" \
	ctrctl attach /t/web 2147483647
fails 1 "ctrctl: attach /nope: No such file or directory" ctrctl attach /nope 1
fails 1 "ctrctl: which 2147483647: No such process" ctrctl which 2147483647
fails 1 "ctrctl: kill /: Operation not permitted (the root container cannot be signalled)" \
	ctrctl kill /

# --- Usage errors: exit status 2, one line. ---
fails 2 "ctrctl: missing command (see 'ctrctl help')" ctrctl
fails 2 "ctrctl: unknown command 'frob' (see 'ctrctl help')" ctrctl frob
fails 2 "ctrctl: stat: missing CONTAINER (see 'ctrctl stat --help')" ctrctl stat
fails 2 "ctrctl: stat: 'web' is neither an absolute path nor an id (see 'ctrctl stat --help')" \
	ctrctl stat web
fails 2 "ctrctl: pids: unknown option '--bogus' (see 'ctrctl pids --help')" \
	ctrctl pids --bogus /t
fails 2 "ctrctl: attach: invalid pid 'abc' (see 'ctrctl attach --help')" \
	ctrctl attach /t abc
fails 2 "ctrctl: attach: missing PID (see 'ctrctl attach --help')" ctrctl attach /t
fails 2 "ctrctl: which: invalid pid '-1' (see 'ctrctl which --help')" ctrctl which -- -1
fails 2 "ctrctl: kill: invalid signal 'BOGUS' (see 'ctrctl kill --help')" \
	ctrctl kill -s BOGUS /t
fails 2 "ctrctl: kill: invalid signal '65' (see 'ctrctl kill --help')" ctrctl kill -s 65 /t
fails 2 "ctrctl: kill: option '-s' needs an argument (see 'ctrctl kill --help')" \
	ctrctl kill /t -s
fails 2 "ctrctl: create: invalid mode '0800': octal, at most 0777 (see 'ctrctl create --help')" \
	ctrctl create -m 0800 /t/x
fails 2 "ctrctl: create: 'x' is not an absolute path (see 'ctrctl create --help')" \
	ctrctl create x
fails 2 "ctrctl: rm: unexpected argument '/t/db' (see 'ctrctl rm --help')" \
	ctrctl rm /t/web /t/db
[ "$(nr_containers)" -eq 6 ] || bad "a refused command changed the tree"

# --- A shell pipeline moved into /t/web/api: sh and its two children. ---
# shellcheck disable=SC2016 # $$ is the inner shell's
sh -c 'ctrctl attach /t/web/api $$ || exit 1; sleep 1000 | sleep 1000' &
SH=$!
wait_procs /t/web/api 3
{ echo $SH; children_of $SH; } | sort -n >$W/pipeline
# shellcheck disable=SC2046 # the two children
set -- $(sed -n '2,3p' $W/pipeline)
S1=${1:-0} S2=${2:-0}

ok ctrctl pids /t/web/api && same $W/out "$(cat $W/pipeline)" "pids /t/web/api"
ok ctrctl pids "$API" && same $W/out "$(cat $W/pipeline)" "pids by id"
ok ctrctl pids -t /t/web/api &&
	same $W/out "$(while read -r p; do ls "/proc/$p/task"; done <$W/pipeline | sort -n)" \
		"pids -t /t/web/api"
ok ctrctl pids -r /t && same $W/out "$(cat $W/pipeline)" "pids -r /t"
ok ctrctl pids /t && same $W/out "" "pids /t (empty)"
# jpids FILE [KEY]: FILE's pids as ctrctl -j pids prints them, compacted.
jpids() {
	echo "{\"${2:-pid}s\":[$(sed "s/.*/{\"${2:-pid}\":&}/" "$1" | paste -sd,)]}"
}
ok ctrctl -j pids /t/web/api && json_ok "pids -j" && compact &&
	same $W/out "$(jpids $W/pipeline)" "pids -j"
ok ctrctl pids -t -j /t/web/api && json_ok "pids -t -j" && compact &&
	same $W/out "$(while read -r p; do ls "/proc/$p/task"; done <$W/pipeline | sort -n >$W/tids
		jpids $W/tids tid)" "pids -t -j"
ok ctrctl pids -j /t && compact && same $W/out '{"pids":[]}' "pids -j /t"

for p in $SH $S1 $S2; do
	ok ctrctl which "$p" && same $W/out /t/web/api "which $p"
done
ok ctrctl which $$ && same $W/out / "which of the test shell"
ok ctrctl -j which $SH && json_ok "which -j" && compact &&
	same $W/out "{\"tasks\":[{\"pid\":$SH,\"id\":$API,\"path\":\"/t/web/api\"}]}" "which -j"

# --- stat, text and JSON, against /proc/containers. ---
# shellcheck disable=SC2046 # split the line into its fields
set -- $(procline /t/web/api)
[ "$3 $4 $5" = "3 3 0" ] || bad "/proc/containers: /t/web/api has $3 procs, $4 threads, $5 children"
ok ctrctl stat /t/web/api && cp $W/out $W/stat.txt
gen=$(sed -n 's/^generation: *\([0-9][0-9]*\)$/\1/p' $W/stat.txt)
created=$(sed -n 's/^created: *//p' $W/stat.txt)
# The accounting's lines, after the attributes: their values move, so
# their form is checked here, their values by 48-acct and 49-top-metrics.
tail -n +17 $W/stat.txt | sed 's/  */ /g' >$W/acct.txt
head -n 16 $W/stat.txt >$W/attrs.txt
grep -vx 'cpu user: [0-9.]*s\|cpu system: [0-9.]*s\|tree cpu user: [0-9.]*s\|tree cpu system: [0-9.]*s\|forks: [0-9]*\|exits: [0-9]*\|memory: [0-9.]*[KMG]*i*B' \
	$W/acct.txt && bad "stat: accounting lines $(cat $W/acct.txt)"
[ "$(wc -l <$W/acct.txt)" -eq 7 ] || bad "stat: $(wc -l <$W/acct.txt) accounting lines"
same $W/attrs.txt "path:            /t/web/api
id:              $1
parent:          $2
depth:           3
owner:           0:0
mode:            0755
flags:           -
processes:       $3
threads:         $4
children:        $5
descendants:     0
max descendants: none
generation:      $gen
ns clones:       0
ns refused:      0
created:         $created" "stat /t/web/api"
echo "$created" | grep -q '^20[0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [-+][0-9]\{4\}$' ||
	bad "stat: created '$created'"
ok ctrctl stat "$API" && head -n 16 $W/out >$W/out.attrs &&
	same $W/out.attrs "$(cat $W/attrs.txt)" "stat by id"
if ok ctrctl -j stat /t/web/api && json_ok "stat -j"; then
	jq -e '.containers[0] | [.cpu_user_ns, .cpu_system_ns, .subtree_cpu_user_ns,
		.subtree_cpu_system_ns, .nr_forks, .nr_exits, .rss_bytes] |
		map(type) == ["number","number","number","number","number","number","number"]' \
		<$W/out >/dev/null || bad "stat -j: accounting fields: $(cat $W/out)"
fi
ok ctrctl -j stat /t/web/api && json_ok "stat -j" &&
	jq -c '.containers[0] |= del(.cpu_user_ns, .cpu_system_ns, .subtree_cpu_user_ns,
		.subtree_cpu_system_ns, .nr_forks, .nr_exits, .rss_bytes)' <$W/out >$W/out.j &&
	mv $W/out.j $W/out &&
	sed 's/"ctime_ns":[0-9]*,/"ctime_ns":N,/' $W/out >$W/stat.json &&
	same $W/stat.json "{\"containers\":[{\"path\":\"/t/web/api\",\"id\":$1,\"name\":\"api\",\"parent\":$2,\"depth\":3,\"uid\":0,\"gid\":0,\"mode\":\"0755\",\"cflags\":0,\"flags\":null,\"nr_procs\":$3,\"nr_threads\":$4,\"nr_children\":$5,\"nr_descendants\":0,\"max_descendants\":null,\"generation\":$gen,\"ns_clones\":0,\"ns_refused\":0,\"ctime_ns\":N,\"ctime\":\"$created\"}]}" \
		"stat -j"
ok ctrctl stat /t/db && has 'mode:            0700' "stat /t/db"
ok ctrctl stat /t/many && has 'mode:            0750' "stat /t/many"
ok ctrctl stat / && has 'path:            /' "stat /" && has 'depth:           0' "stat /"
ok ctrctl -j stat /t && json_ok "stat -j /t" && has ' *"nr_descendants": 4,' "stat -j /t"

# --- tree, text and JSON (libsmartcols). ---
# row PATH LABEL [FLAGS]: the normalized tree line of PATH from
# /proc/containers.
row() {
	# shellcheck disable=SC2046
	set -- "$2" "${3:-}" $(procline "$1")
	echo "$3 $5 $6 $1${2:+ $2}"
}
ok ctrctl tree /t && norm && same $W/out "ID PROCS THREADS NAME FLAGS
$(row /t /t)
$(row /t/web "|-web")
$(row /t/web/api "| \`-api")
$(row /t/db "|-db")
$(row /t/many "\`-many")" "tree /t"
ok ctrctl tree && norm && has '1 [0-9]* [0-9]* /' "tree" && has '[0-9]* 0 0 `-t' "tree"
[ "$(wc -l <$W/out)" -eq 7 ] || bad "tree: $(wc -l <$W/out) lines"
# jnode PATH NAME [FLAGS]: the start of PATH's JSON row.
jnode() {
	# shellcheck disable=SC2046
	set -- "$2" "${3:-}" $(procline "$1")
	printf '{"id":%s,"procs":%s,"threads":%s,"name":"%s","flags":%s,"path":"%s"' \
		"$3" "$5" "$6" "$1" "$([ -n "$2" ] && echo "\"$2\"" || echo null)" "$9"
}
tree_t_json="{\"containers\":[$(jnode /t /t),\"children\":[$(jnode /t/web web),\"children\":[$(jnode /t/web/api api)}]},$(jnode /t/db db)},$(jnode /t/many many)}]}]}"
ok ctrctl -j tree /t && json_ok "tree -j" && compact && same $W/out "$tree_t_json" "tree -j /t"
ok ctrctl --json tree /t && json_ok "tree --json" && compact &&
	same $W/out "$tree_t_json" "tree --json"
ok ctrctl tree -j && json_ok "tree -j /"

# --- Moving processes: whole, as a thread, in a batch. ---
ok ctrctl attach /t/db "$S1" && ok ctrctl which "$S1" && same $W/out /t/db "which after attach"
ok ctrctl attach -t /t/web "$S2" && ok ctrctl which "$S2" && same $W/out /t/web "which after attach -t"
ok ctrctl pids /t/web/api && same $W/out "$SH" "pids after the moves"
sleep 1000 &
B1=$!
sleep 1000 &
B2=$!
fails 1 "ctrctl: attach 2147483647 to /t/many: No such process (1 moved before it)" \
	ctrctl attach /t/many $B1 2147483647 $B2
ok ctrctl which $B1 && same $W/out /t/many "which: moved by the batch"
ok ctrctl which $B2 && same $W/out / "which: after the failing pid"
fails 1 "ctrctl: attach 2147483647 to /t/web: No such process" \
	ctrctl attach -a /t/web $B2 2147483647 $B1
ok ctrctl which $B1 && same $W/out /t/many "which: attach -a moved nothing"
ok ctrctl which $B2 && same $W/out / "which: attach -a moved nothing (2)"
# shellcheck disable=SC2046 # one argument per pid
fails 2 "ctrctl: attach: --atomic takes at most 65536 pids (see 'ctrctl attach --help')" \
	ctrctl attach -a /t/web $(seq 1 65537)
: >$W/big
i=0
while [ $i -lt $BIG ]; do
	sleep 1000 &
	echo $! >>$W/big
	i=$((i + 1))
done
# shellcheck disable=SC2046 # one argument per pid
ok ctrctl attach "$MANY" $B2 $(cat $W/big)
{ echo $B1; echo $B2; cat $W/big; } | sort -n >$W/many
ok ctrctl pids /t/many && same $W/out "$(cat $W/many)" "pids of $((BIG + 2)) processes"
ok ctrctl -j pids /t/many && json_ok "pids -j (big)" && compact &&
	same $W/out "$(jpids $W/many)" "pids -j (big)"
sort -n $W/many $W/pipeline >$W/all
ok ctrctl pids -r /t && same $W/out "$(cat $W/all)" "pids -r /t (all)"
ok ctrctl stat /t/many && has "processes:       $((BIG + 2))" "stat /t/many"
# shellcheck disable=SC2046
set -- $(procline /t/many)
[ "$3" -eq $((BIG + 2)) ] || bad "/proc/containers: /t/many has $3 processes"

fails 1 "ctrctl: rm /t/web/api: Device or resource busy (it holds processes: move or kill them first)" \
	ctrctl rm -r /t
[ "$(nr_containers)" -eq 6 ] || bad "a failed rm -r removed containers"
fails 1 "ctrctl: rm /t/many: Device or resource busy (it holds processes: move or kill them first)" \
	ctrctl rm /t/many

# --- Permissions: as nobody (if su works in this VM). ---
# nobody CMD: CMD (one string) as uid 65534.
nobody() {
	su -s /bin/sh nobody -c "$1"
}
if [ "$(nobody 'id -u' 2>/dev/null)" = 65534 ]; then
	fails 1 "ctrctl: create /t/x: Permission denied" nobody "ctrctl create /t/x"
	ok ctrctl create -m 0777 /t/open
	sleep 1000 &
	P=$!
	ok ctrctl attach /t/open $P
	ok nobody "ctrctl kill -s 0 /t/open" &&
		norm && same $W/out "PATH SIGNAL SIGNALLED DENIED
/t/open 0 0 1" "kill as nobody"
	fails 1 "ctrctl: attach $$ to /t/open: Operation not permitted" \
		nobody "ctrctl attach /t/open $$"
	kill $P
	wait $P 2>/dev/null
	wait_procs /t/open 0
	ok ctrctl rm /t/open
else
	echo "su to nobody failed: permissions not tested"
fi

# --- kill: counts, names and numbers of signals, JSON. ---
n=$(wc -l <$W/all)
# kill_is PATH SIGNAL SIGNALLED DENIED: $W/out is kill's table of that row.
kill_is() {
	norm && same $W/out "PATH SIGNAL SIGNALLED DENIED
$*" "kill $1 $2"
}
ok ctrctl kill -s 0 -r /t && kill_is /t 0 "$n" 0
ok ctrctl -j kill --signal=0 /t/db && json_ok "kill -j" && compact &&
	same $W/out "{\"kill\":[{\"path\":\"/t/db\",\"id\":$DB,\"signal\":0,\"signalled\":1,\"denied\":0}]}" "kill -j"
ok ctrctl kill -s sigcont "$WEB" && kill_is /t/web SIGCONT 1 0
ok ctrctl kill /t/web/api && kill_is /t/web/api SIGTERM 1 0
wait $SH 2>/dev/null
wait_procs /t/web/api 0
ok ctrctl kill -s 9 -r /t && kill_is /t SIGKILL $((n - 1)) 0
wait 2>/dev/null
wait_procs /t 0
ok ctrctl kill -s KILL /t/db && kill_is /t/db SIGKILL 0 0
# Real-time signals by name, and their names as bash prints them.
ok ctrctl kill -s RTMIN+1 /t/db && kill_is /t/db SIGRTMIN+1 0 0
ok ctrctl kill -s sigrtmax-2 /t/db && kill_is /t/db SIGRTMAX-2 0 0
ok ctrctl kill -s 49 /t/db && kill_is /t/db SIGRTMIN+15 0 0
ok ctrctl kill -s 50 /t/db && kill_is /t/db SIGRTMAX-14 0 0
ok ctrctl kill -s 33 /t/db && kill_is /t/db 33 0 0

# --- Remove: by path, by id, a subtree. ---
ok ctrctl rm /t/web/api && same $W/out "" "rm prints nothing"
ok ctrctl rm "$DB"
ok ctrctl rm --recursive /t
[ "$(nr_containers)" -eq 1 ] || bad "$(nr_containers) containers after rm -r"
fails 1 "ctrctl: rm /t: No such file or directory" ctrctl rm /t
fails 1 "ctrctl: stat $T: No such file or directory" ctrctl stat "$T"

# --- info: features, limits and counters, text and JSON alike. ---
ok ctrctl info && cp $W/out $W/info.txt
has 'abi version: *2' "info"
# These five first; features added later follow them.
has 'features: *core,clone,nstrack-clone,nstrack-unshare,nsrules\(,.*\)\{0,1\}' "info"
feats=$(sed -n 's/^features: *//p' $W/info.txt)
has "max depth: *$saved_depth" "info"
has "max containers: *$saved_max" "info"
has "containers: *$(nr_containers)" "info"
# info_val LABEL: the number info printed after LABEL.
info_val() {
	sed -n "s/^$1: *\([0-9][0-9]*\)\$/\1/p" $W/info.txt
}
ok ctrctl -j info && json_ok "info -j" && compact &&
	bits=$(sed -n 's/.*"feature_bits":\([0-9]*\).*/\1/p' $W/out) &&
	{ [ "$((bits & 95))" -eq 95 ] || bad "info -j: feature_bits $bits"; } &&
	same $W/out "{\"info\":[{\"abi_version\":2,\"features\":\"$feats\",\"feature_bits\":$bits,\"name_max\":64,\"max_depth\":$saved_depth,\"max_containers\":$saved_max,\"nr_containers\":1,\"nr_tracked\":$(info_val 'tracked tasks'),\"track_failures\":$(info_val 'track failures'),\"ns_clones\":$(info_val 'ns clones'),\"ns_refused\":$(info_val 'ns refused'),\"ns_missed\":$(info_val 'ns missed'),\"nr_events\":$(info_val 'events'),\"events_dropped\":$(info_val 'events dropped')}]}" \
		"info -j"
ns_clones0=$(info_val 'ns clones')
ns_refused0=$(info_val 'ns refused')
fails 2 "ctrctl: info: unexpected argument '/' (see 'ctrctl info --help')" ctrctl info /

# --- Container flags: set, inherited, not inherited; by name everywhere. ---
ok ctrctl create /t
T2=$(id_of /t)
ok ctrctl create -f nstrack /t/jail && same $W/out "" "create -f prints nothing"
ok ctrctl create --flags=nsrules,nstrack /t/both
ok ctrctl create /t/jail/inner
ok ctrctl create --no-inherit nstrack /t/jail/plain
ok ctrctl create -f nsrules --no-inherit nstrack /t/jail/rules
for c in "/t -" "/t/jail nstrack" "/t/both nstrack,nsrules" "/t/jail/inner nstrack" \
	"/t/jail/plain -" "/t/jail/rules nsrules"; do
	# shellcheck disable=SC2086 # path and flags
	set -- $c
	ok ctrctl stat "$1" && has "flags:           $2" "stat $1"
done
# shellcheck disable=SC2046
set -- $(procline /t/jail)
[ "$6" = 1 ] || bad "/proc/containers: /t/jail has flags $6"
# shellcheck disable=SC2046
set -- $(procline /t/both)
[ "$6" = 3 ] || bad "/proc/containers: /t/both has flags $6"
ok ctrctl -j stat /t/both && json_ok "stat -j /t/both" && compact &&
	has '.*"cflags":3,"flags":"nstrack,nsrules",.*"ns_clones":0,"ns_refused":0,.*' \
		"stat -j /t/both"
ok ctrctl tree /t && norm && same $W/out "ID PROCS THREADS NAME FLAGS
$(row /t /t)
$(row /t/jail "|-jail" nstrack)
$(row /t/jail/inner "| |-inner" nstrack)
$(row /t/jail/plain "| |-plain")
$(row /t/jail/rules "| \`-rules" nsrules)
$(row /t/both "\`-both" nstrack,nsrules)" "tree /t with flags"
ok ctrctl -j tree /t/both && json_ok "tree -j /t/both" && compact &&
	same $W/out "{\"containers\":[$(jnode /t/both /t/both nstrack,nsrules)}]}" \
		"tree -j /t/both"
fails 2 "ctrctl: create: unknown flag 'nsbogus' (see 'ctrctl create --help')" \
	ctrctl create -f nstrack,nsbogus /t/x
fails 2 "ctrctl: create: unknown flag '' (see 'ctrctl create --help')" \
	ctrctl create --no-inherit= /t/x
fails 2 "ctrctl: create: flag 'nstrack' both in -f and --no-inherit (see 'ctrctl create --help')" \
	ctrctl create -f nstrack --no-inherit nstrack /t/x
ok ctrctl rm /t/jail/inner
ok ctrctl rm /t/jail/plain
ok ctrctl rm /t/jail/rules
ok ctrctl rm /t/both

# --- Namespace tracking: unshare(2) in /t/jail makes /t/jail/node_<pid>. ---
# is_in PID PATH: PID is in PATH.
is_in() {
	[ "$(ctrctl which "$1" 2>/dev/null)" = "$2" ]
}
# wait_which PID PATH: until PID is in PATH (30 s at most).
wait_which() {
	waitfor 30 is_in "$1" "$2" ||
		bad "$1 is in '$(ctrctl which "$1" 2>&1)', not $2, after 30 s"
}
# runs PID NAME: PID runs the program NAME.
runs() {
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]
}
# wait_comm PID NAME: until PID runs the program NAME (30 s at most).
wait_comm() {
	waitfor 30 runs "$1" "$2" ||
		bad "$1 runs '$(cat "/proc/$1/comm" 2>&1)', not $2, after 30 s"
}
# shellcheck disable=SC2016 # $$ is the inner shell's
sh -c 'ctrctl attach /t/jail $$ && exec unshare -u sleep 1000' &
U=$!
wait_which $U /t/jail/node_$U
ok ctrctl stat /t/jail && has 'ns clones: *1' "stat after unshare" &&
	has 'ns refused: *0' "stat after unshare" &&
	has 'children:        1' "stat after unshare"
# Its parent's flags, and autoremove: it goes when its tasks are gone.
ok ctrctl stat /t/jail/node_$U && has 'flags:           nstrack,autoremove' "stat node_$U" &&
	has 'processes:       1' "stat node_$U"
ok ctrctl info && has "ns clones: *$((ns_clones0 + 1))" "info after unshare"
# A refused automatic clone: the task stays, the refusal is counted.
echo 3 >$PARAMS/max_depth	# /t/jail/node_$U is at 3
# shellcheck disable=SC2016
sh -c 'ctrctl attach /t/jail/node_'$U' $$ && exec unshare -u sleep 1000' &
R=$!
wait_comm $R sleep	# unshare(2) has returned
echo "$saved_depth" >$PARAMS/max_depth
ok ctrctl which $R && same $W/out /t/jail/node_$U "which after a refused clone"
ok ctrctl stat /t/jail/node_$U && has 'ns refused: *1' "stat after a refused clone" &&
	has 'ns clones: *0' "stat after a refused clone"
ok ctrctl info && has "ns refused: *$((ns_refused0 + 1))" "info after a refused clone"
# Its last task gone, the module removes node_$U; the count stays.
kill $R $U
wait $R $U 2>/dev/null
gone() {
	! ctrctl stat "$1" >/dev/null 2>&1
}
waitfor 30 gone /t/jail/node_$U || bad "/t/jail/node_$U still there 30 s after its tasks exited"
ok ctrctl stat /t/jail && has 'ns clones: *1' "stat after node_$U went" &&
	has 'children:        0' "stat after node_$U went"

# --- clone: a new container with the process in it, in one call. ---
sleep 1000 &
P1=$!
sleep 1000 &
P2=$!
sleep 1000 &
P3=$!
ok ctrctl clone -p /t $P1 && same $W/out /t/node1 "clone: the first automatic name"
ok ctrctl which $P1 && same $W/out /t/node1 "which after clone"
ok ctrctl -j clone --parent=/t $P2 && json_ok "clone -j" && compact &&
	same $W/out "{\"containers\":[{\"id\":$(id_of /t/node2),\"path\":\"/t/node2\",\"name\":\"node2\"}]}" "clone -j"
ok ctrctl -j which $P2 && compact &&
	same $W/out "{\"tasks\":[{\"pid\":$P2,\"id\":$(id_of /t/node2),\"path\":\"/t/node2\"}]}" "which -j after clone"
ok ctrctl pids /t/node2 && same $W/out $P2 "pids after clone"
ok ctrctl stat /t/node2 && has 'mode:            0755' "clone: default mode" &&
	has 'flags:           -' "clone: no flags from /t"
# Without -p: a child of the container the process is in.
ok ctrctl clone $P1 && same $W/out /t/node1/node1 "clone without -p"
ok ctrctl which $P1 && same $W/out /t/node1/node1 "which after clone without -p"
# The counter only grows: node1 removed, the next name is node3.
ok ctrctl attach /t $P1
ok ctrctl rm -r /t/node1
ok ctrctl clone -p "$T2" $P1 && same $W/out /t/node3 "clone after rm: node3"
# --name-pid: node_<pid>, then node_<pid>-N when that is taken.
ok ctrctl clone --name-pid -p /t $P3 && same $W/out /t/node_$P3 "clone --name-pid"
ok ctrctl -j clone --name-pid -p /t $P3 && json_ok "clone --name-pid -j" && compact &&
	has "{\"containers\":\[{\"id\":[0-9]*,\"path\":\"/t/node_$P3-[0-9]*\",\"name\":\"node_$P3-[0-9]*\"}\]}" \
		"clone --name-pid, taken"
sed 's/.*"path":"\([^"]*\)".*/\1/' $W/out >$W/taken
ok ctrctl which $P3 && same $W/out "$(cat $W/taken)" "which after clone --name-pid"
# A name, a mode, flags, inherited or not.
ok ctrctl clone -p /t -n web -m 0700 -f nsrules $P2 && same $W/out /t/web "clone -n"
ok ctrctl stat /t/web && has 'mode:            0700' "clone -m" &&
	has 'flags:           nsrules' "clone -f" && has 'processes:       1' "clone -n"
ok ctrctl stat /t/node2 && has 'processes:       0' "clone moved $P2 out of /t/node2"
ok ctrctl clone -p /t/jail --no-inherit nstrack -n free $P2 && same $W/out /t/jail/free "clone --no-inherit"
ok ctrctl stat /t/jail/free && has 'flags:           -' "clone --no-inherit"
ok ctrctl clone -p /t/jail $P2 && same $W/out /t/jail/node1 "clone into /t/jail"
ok ctrctl stat /t/jail/node1 && has 'flags:           nstrack' "clone inherits nstrack"
# -t: one thread (here the only one of a sleep).
ok ctrctl clone -t -p /t -n thread $P3 && same $W/out /t/thread "clone -t"
ok ctrctl pids -t /t/thread && same $W/out $P3 "pids -t after clone -t"
ok ctrctl -j tree /t/thread && json_ok "tree -j after clone -t" && compact &&
	same $W/out "{\"containers\":[$(jnode /t/thread /t/thread)}]}" \
		"tree -j after clone -t"

# --- clone errors: one line naming the pid and the parent; nothing made. ---
n=$(nr_containers)
fails 1 "ctrctl: clone 2147483647 into /t: No such process" ctrctl clone -p /t 2147483647
fails 1 "ctrctl: clone 2147483647: No such process" ctrctl clone 2147483647
fails 1 "ctrctl: clone /nope: No such file or directory" ctrctl clone -p /nope $P1
fails 1 "ctrctl: clone 999999: No such file or directory" ctrctl clone -p 999999 $P1
fails 1 "ctrctl: clone $P1 into /t: File exists ('web' is taken)" \
	ctrctl clone -p /t -n web $P1
fails 1 "ctrctl: clone $P1 into /t: Invalid argument (a name is 1 to 63 characters of A-Z a-z 0-9 . _ -)" \
	ctrctl clone -p /t -n "b c" $P1
long=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
fails 1 "ctrctl: clone $P1 into /t: File name too long" ctrctl clone -p /t -n $long $P1
echo 1 >$PARAMS/max_depth
fails 1 "ctrctl: clone $P1 into /t: Too many links (the module's max_depth would be exceeded)" \
	ctrctl clone -p /t $P1
fails 1 "ctrctl: create /t/deep: Too many links (the module's max_depth would be exceeded)" \
	ctrctl create /t/deep
echo "$saved_depth" >$PARAMS/max_depth
echo "$n" >$PARAMS/max_containers
fails 1 "ctrctl: clone $P1 into /t: No space left on device (the module's max_containers would be exceeded)" \
	ctrctl clone -p /t $P1
fails 1 "ctrctl: create /t/x: No space left on device (the module's max_containers would be exceeded)" \
	ctrctl create -f nstrack /t/x
echo "$saved_max" >$PARAMS/max_containers
fails 2 "ctrctl: clone: missing PID (see 'ctrctl clone --help')" ctrctl clone -p /t
fails 2 "ctrctl: clone: invalid pid 'self' (see 'ctrctl clone --help')" ctrctl clone self
fails 2 "ctrctl: clone: invalid pid '0' (see 'ctrctl clone --help')" ctrctl clone 0
fails 2 "ctrctl: clone: -n and --name-pid exclude each other (see 'ctrctl clone --help')" \
	ctrctl clone -n x --name-pid $P1
fails 2 "ctrctl: clone: empty name (see 'ctrctl clone --help')" ctrctl clone -n "" $P1
fails 2 "ctrctl: clone: unknown flag 'nope' (see 'ctrctl clone --help')" \
	ctrctl clone -f nope $P1
fails 2 "ctrctl: clone: 't' is neither an absolute path nor an id (see 'ctrctl clone --help')" \
	ctrctl clone -p t $P1
[ "$(nr_containers)" -eq "$n" ] || bad "a failed clone changed the tree"
ok ctrctl which $P1 && same $W/out /t/node3 "which after the failed clones"

# --- clone as nobody: allowed in an open container, refused by nsrules. ---
if [ "$(nobody 'id -u' 2>/dev/null)" = 65534 ]; then
	ok ctrctl create -m 0777 /t/open
	ok ctrctl create -m 0777 -f nsrules /t/ropen
	# su itself, not a subshell running the nobody function, in the
	# background: su execs the shell, which execs sleep.
	su -s /bin/sh nobody -c "exec sleep 1000" &
	N1=$!
	su -s /bin/sh nobody -c "exec sleep 1000" &
	N2=$!
	wait_comm $N1 sleep
	wait_comm $N2 sleep
	ok ctrctl attach /t/open $N1
	ok ctrctl attach /t/ropen $N2
	ok nobody "ctrctl clone -p /t/open $N1" && same $W/out /t/open/node1 "clone as nobody"
	ok ctrctl stat /t/open/node1 && has 'owner:           65534:65534' "clone as nobody: owner"
	fails 1 "ctrctl: clone $N2 into /t/ropen: Operation not permitted" \
		nobody "ctrctl clone -p /t/ropen $N2"
	fails 1 "ctrctl: clone $$ into /t/open: Operation not permitted" \
		nobody "ctrctl clone -p /t/open $$"
else
	echo "su to nobody failed: clone permissions not tested"
fi

ok ctrctl kill -r -s KILL /t
wait 2>/dev/null
wait_procs /t 0
ok ctrctl rm -r /t
[ "$(nr_containers)" -eq 1 ] || bad "$(nr_containers) containers after the clone tests"

if [ $nfail -ne 0 ]; then
	echo "$nfail checks failed"
	exit 1
fi
echo "ctrctl: every check passed"
