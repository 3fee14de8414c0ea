#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ctrctl on the build machine, where there is no /dev/containerctl: option
# parsing, usage errors (exit status 2, one line on stderr), --help of every
# subcommand (stdout, exit status 0), --version, the one-line failure when the
# device is missing (exit status 1) or speaks another ABI version (a
# preloaded fake); and the output layers on their own, whose JSON jq must
# parse to the values given.
set -u
# shellcheck source=tests/host/lib.sh
. "$(dirname "$0")/lib.sh"
C=$TOP/build/ctrctl/ctrctl
[ -x "$C" ] || { echo "$C not built (make tests)"; exit 1; }

# expect STATUS STDOUT-REGEX STDERR ARGS...: ctrctl ARGS exits with STATUS,
# its first stdout line matches STDOUT-REGEX ("" for no output), and stderr
# is exactly STDERR (one line, or "" for none).
expect() {
	want_rc=$1 want_out=$2 want_err=$3
	shift 3
	"$C" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	what="ctrctl $*"
	[ $rc -eq "$want_rc" ] || bad "$what: exit status $rc, expected $want_rc"
	if [ -z "$want_out" ]; then
		[ ! -s "$tmp/out" ] || bad "$what: printed on stdout: $(head -n 3 "$tmp/out")"
	else
		head -n 1 "$tmp/out" | grep -qx -- "$want_out" ||
			bad "$what: stdout starts '$(head -n 1 "$tmp/out")', expected '$want_out'"
	fi
	[ "$(cat "$tmp/err")" = "$want_err" ] ||
		bad "$what: stderr '$(cat "$tmp/err")', expected '$want_err'"
	[ -z "$want_err" ] || [ "$(wc -l <"$tmp/err")" -eq 1 ] ||
		bad "$what: $(wc -l <"$tmp/err") lines on stderr"
}

# usage ARGS... MESSAGE: a usage error.
usage() {
	msg=$1
	shift
	expect 2 "" "ctrctl: $msg" "$@"
}

# Help and version: stdout, exit status 0.
expect 0 'ctrctl [0-9.]* (containerctl ABI 2)' "" --version
expect 0 'ctrctl [0-9.]* (containerctl ABI 2)' "" -V
expect 0 'Usage: ctrctl .*' "" help
expect 0 'Usage: ctrctl .*' "" --help
expect 0 'Usage: ctrctl .*' "" -h
for cmd in create clone rm attach exec pids which stat set ls tree top metrics kill info watch; do
	expect 0 "Usage: ctrctl $cmd.*" "" "$cmd" --help
	expect 0 "Usage: ctrctl $cmd.*" "" "$cmd" -h
	"$C" "$cmd" --help >"$tmp/a"
	"$C" help "$cmd" >"$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || bad "help $cmd differs from $cmd --help"
	grep -q "^  $cmd " "$tmp/b" && bad "help $cmd printed the command list"
	"$C" help | grep -q "^  $cmd  *[A-Z]" || bad "help does not list $cmd"
	# --help wins over a missing device and missing arguments (but for
	# exec, options end at CONTAINER: what follows is the command's).
	[ "$cmd" = exec ] && continue
	expect 0 "Usage: ctrctl $cmd.*" "" "$cmd" /x --help
done

# Usage errors: exit status 2, one line.
usage "missing command (see 'ctrctl help')"
usage "missing command (see 'ctrctl help')" -j
usage "unknown command 'frob' (see 'ctrctl help')" frob
usage "unknown command 'frob' (see 'ctrctl help')" help frob
usage "help: unexpected argument 'tree' (see 'ctrctl help')" help stat tree
usage "unknown option '-x' (see 'ctrctl help')" -x stat /
usage "unknown option '--frob' (see 'ctrctl help')" --frob stat /
usage "create: missing PATH (see 'ctrctl create --help')" create
usage "create: 'web' is not an absolute path (see 'ctrctl create --help')" create web
usage "create: 'web' is not an absolute path (see 'ctrctl create --help')" create -m 700 web
usage "create: option '-m' needs an argument (see 'ctrctl create --help')" create /x -m
usage "create: option '--mode' needs an argument (see 'ctrctl create --help')" create /x --mode
usage "create: invalid mode '8': octal, at most 0777 (see 'ctrctl create --help')" \
	create -m 8 /x
usage "create: invalid mode '1777': octal, at most 0777 (see 'ctrctl create --help')" \
	create -m 1777 /x
usage "create: invalid mode '-1': octal, at most 0777 (see 'ctrctl create --help')" \
	create --mode=-1 /x
usage "create: unexpected argument '/y' (see 'ctrctl create --help')" create /x /y
usage "create: unknown option '-r' (see 'ctrctl create --help')" create -r /x
usage "create: unknown flag 'nsfoo' (see 'ctrctl create --help')" create -f nsfoo /x
usage "create: unknown flag 'bogus' (see 'ctrctl create --help')" \
	create --flags=nstrack,bogus /x
usage "create: unknown flag '' (see 'ctrctl create --help')" create -f nstrack, /x
usage "create: unknown flag '' (see 'ctrctl create --help')" create -f '' /x
usage "create: unknown flag 'NSTRACK' (see 'ctrctl create --help')" create -f NSTRACK /x
usage "create: unknown flag 'x' (see 'ctrctl create --help')" create --no-inherit x /x
usage "create: option '-f' needs an argument (see 'ctrctl create --help')" create /x -f
usage "create: option '--no-inherit' needs an argument (see 'ctrctl create --help')" \
	create /x --no-inherit
usage "create: flag 'nsrules' both in -f and --no-inherit (see 'ctrctl create --help')" \
	create -f nsrules,nstrack --no-inherit nsrules /x
usage "create: 'x' is not an absolute path (see 'ctrctl create --help')" create -f nstrack x
usage "clone: missing PID (see 'ctrctl clone --help')" clone
usage "clone: missing PID (see 'ctrctl clone --help')" clone -p /x -t
usage "clone: invalid pid 'self' (see 'ctrctl clone --help')" clone self
usage "clone: invalid pid '0' (see 'ctrctl clone --help')" clone 0
usage "clone: invalid pid '-1' (see 'ctrctl clone --help')" clone -- -1
usage "clone: unexpected argument '2' (see 'ctrctl clone --help')" clone 1 2
usage "clone: 'web' is neither an absolute path nor an id (see 'ctrctl clone --help')" \
	clone -p web 1
usage "clone: option '-p' needs an argument (see 'ctrctl clone --help')" clone 1 -p
usage "clone: option '--name' needs an argument (see 'ctrctl clone --help')" clone 1 --name
usage "clone: empty name (see 'ctrctl clone --help')" clone -n '' 1
usage "clone: -n and --name-pid exclude each other (see 'ctrctl clone --help')" \
	clone -n web --name-pid 1
usage "clone: -n and --name-pid exclude each other (see 'ctrctl clone --help')" \
	clone --name-pid --name=web 1
usage "clone: option '--name-pid' takes no argument (see 'ctrctl clone --help')" \
	clone --name-pid=1 1
usage "clone: invalid mode '9': octal, at most 0777 (see 'ctrctl clone --help')" \
	clone -m 9 1
usage "clone: unknown flag 'nsx' (see 'ctrctl clone --help')" clone -f nstrack,nsx 1
usage "clone: unknown flag 'all' (see 'ctrctl clone --help')" clone --no-inherit all 1
usage "clone: flag 'nstrack' both in -f and --no-inherit (see 'ctrctl clone --help')" \
	clone --no-inherit nstrack -f nstrack 1
usage "clone: unknown option '-r' (see 'ctrctl clone --help')" clone -r 1
usage "info: unexpected argument '/' (see 'ctrctl info --help')" info /
usage "info: unknown option '-r' (see 'ctrctl info --help')" info -r
usage "rm: missing CONTAINER (see 'ctrctl rm --help')" rm -r
usage "rm: option '--recursive' takes no argument (see 'ctrctl rm --help')" \
	rm --recursive=yes /x
usage "rm: '0' is neither an absolute path nor an id (see 'ctrctl rm --help')" rm 0
usage "rm: 'x1' is neither an absolute path nor an id (see 'ctrctl rm --help')" rm x1
usage "attach: missing CONTAINER (see 'ctrctl attach --help')" attach
usage "attach: missing PID (see 'ctrctl attach --help')" attach /x
usage "attach: invalid pid 'self' (see 'ctrctl attach --help')" attach /x 1 self
usage "attach: invalid pid '0' (see 'ctrctl attach --help')" attach /x 0
usage "attach: invalid pid '2147483648' (see 'ctrctl attach --help')" attach /x 2147483648
usage "attach: invalid pid '+5' (see 'ctrctl attach --help')" attach /x +5
usage "attach: unknown option '-r' (see 'ctrctl attach --help')" attach -r /x 1
usage "pids: missing CONTAINER (see 'ctrctl pids --help')" pids -rt
usage "pids: unknown option '--frob' (see 'ctrctl pids --help')" pids --frob /x
usage "which: missing PID (see 'ctrctl which --help')" which
usage "which: invalid pid 'x' (see 'ctrctl which --help')" which x
usage "which: unexpected argument '2' (see 'ctrctl which --help')" which 1 2
usage "stat: missing CONTAINER (see 'ctrctl stat --help')" stat
usage "stat: 'web' is neither an absolute path nor an id (see 'ctrctl stat --help')" stat web
usage "stat: unknown option '-r' (see 'ctrctl stat --help')" stat -r /
usage "tree: unexpected argument '/y' (see 'ctrctl tree --help')" tree /x /y
usage "tree: '-5' is neither an absolute path nor an id (see 'ctrctl tree --help')" tree -- -5
usage "kill: missing CONTAINER (see 'ctrctl kill --help')" kill
usage "kill: invalid signal 'FROB' (see 'ctrctl kill --help')" kill -s FROB /x
usage "kill: invalid signal '65' (see 'ctrctl kill --help')" kill -s 65 /x
usage "kill: invalid signal 'SIG' (see 'ctrctl kill --help')" kill -s SIG /x
# Errors stay one line: control characters of the arguments are escaped.
nl='
'
usage "kill: invalid signal 'X\\nY\\t\\x01' (see 'ctrctl kill --help')" kill -s "X${nl}Y	$(printf '\001')" /x
usage "tree: 'a\\nb' is neither an absolute path nor an id (see 'ctrctl tree --help')" tree "a${nl}b"
# Real-time signals as kill(1) and util-linux name them: RTMIN is glibc's
# SIGRTMIN (34), RTMAX 64; what they refuse, refused.
for s in RTMIN+31 RTMAX-31 RTMIN-1 RTMAX+1 'RTMIN+ 1' RTMIN+x RTMIN+ RT RTX SIGRT \
	RTMAX-99999999999999999999; do
	usage "kill: invalid signal '$s' (see 'ctrctl kill --help')" kill -s "$s" /x
done
usage "kill: option '-s' needs an argument (see 'ctrctl kill --help')" kill /x -s
usage "kill: option '--signal' needs an argument (see 'ctrctl kill --help')" kill /x --signal
usage "watch: invalid count '0' (see 'ctrctl watch --help')" watch -n 0
usage "watch: invalid count 'x' (see 'ctrctl watch --help')" watch --count=x
usage "watch: invalid count '-1' (see 'ctrctl watch --help')" watch -n -1 /
usage "watch: option '-n' needs an argument (see 'ctrctl watch --help')" watch -n
usage "watch: option '--timeout' needs an argument (see 'ctrctl watch --help')" watch --timeout
usage "watch: invalid timeout '0' (see 'ctrctl watch --help')" watch --timeout 0
usage "watch: invalid timeout '1.5' (see 'ctrctl watch --help')" watch --timeout=1.5
usage "watch: option '--dump' takes no argument (see 'ctrctl watch --help')" watch --dump=yes
usage "watch: unknown option '-x' (see 'ctrctl watch --help')" watch -x
usage "watch: 'web' is neither an absolute path nor an id (see 'ctrctl watch --help')" watch web
usage "watch: '0' is neither an absolute path nor an id (see 'ctrctl watch --help')" watch -d 0
usage "watch: unexpected argument '/y' (see 'ctrctl watch --help')" watch /x /y

# Without the device: exit status 1, one line.
if [ -e /dev/containerctl ]; then
	echo "note: /dev/containerctl exists here: the missing-device checks are skipped"
else
	nodev="ctrctl: /dev/containerctl: No such file or directory (is the containerctl module loaded?)"
	expect 1 "" "$nodev" create /x
	expect 1 "" "$nodev" rm -r /x
	expect 1 "" "$nodev" attach /x 1 2
	expect 1 "" "$nodev" pids -r -t 5
	expect 1 "" "$nodev" which 1
	expect 1 "" "$nodev" stat /
	expect 1 "" "$nodev" tree
	expect 1 "" "$nodev" -j tree
	expect 1 "" "$nodev" kill -s KILL -r /x
	expect 1 "" "$nodev" kill --signal=sigusr1 /x
	expect 1 "" "$nodev" kill -s 0 /x
	for s in RTMIN RTMAX RTMIN+1 rtmin+0 RTMAX-2 SIGRTMIN+4 sigrtmax-30 RT5 \
		IOT CLD POLL SIGPOLL; do
		expect 1 "" "$nodev" kill -s "$s" /x
	done
	expect 1 "" "$nodev" create -f nstrack,nsrules /x
	expect 1 "" "$nodev" create --flags nsrules --no-inherit nstrack /x
	expect 1 "" "$nodev" clone 1
	expect 1 "" "$nodev" clone -p /x -n web -t -m 700 -f nstrack 1
	expect 1 "" "$nodev" clone --parent=5 --name-pid --no-inherit=nsrules 1
	expect 1 "" "$nodev" -j clone 1
	expect 1 "" "$nodev" info
	expect 1 "" "$nodev" info -j
	expect 1 "" "$nodev" exec /x -- sh -c 'exit 3'
	expect 1 "" "$nodev" exec 5 true
	expect 1 "" "$nodev" exec /x sh -x -c :
	expect 1 "" "$nodev" set -u 0 -g 0 -m 0750 -f nstrack,nsrules --max-descendants 10 /x
	expect 1 "" "$nodev" set --user=root --group=root /x
	expect 1 "" "$nodev" set -f none --max-descendants none 7
	expect 1 "" "$nodev" set --mode 700 /x
	expect 1 "" "$nodev" ls
	expect 1 "" "$nodev" -j ls /x
	expect 1 "" "$nodev" tree -P /x
	expect 1 "" "$nodev" -j tree --processes
	expect 1 "" "$nodev" top -b -n 1
	expect 1 "" "$nodev" -j top --batch --delay 0.5 --iterations 3 /x
	expect 1 "" "$nodev" top -d 1.5 5
	expect 1 "" "$nodev" top -s memory -n 1
	expect 1 "" "$nodev" metrics
	expect 1 "" "$nodev" metrics --textfile "$tmp" /x
fi
# The new subcommands' usage errors.
usage "exec: missing CONTAINER (see 'ctrctl exec --help')" exec
usage "exec: missing COMMAND (see 'ctrctl exec --help')" exec /x
usage "exec: missing COMMAND (see 'ctrctl exec --help')" exec /x --
usage "exec: 'x' is neither an absolute path nor an id (see 'ctrctl exec --help')" exec x true
usage "exec: unknown option '-q' (see 'ctrctl exec --help')" exec -q /x true
usage "set: missing CONTAINER (see 'ctrctl set --help')" set -m 700
usage "set: nothing to set (see 'ctrctl set --help')" set /x
usage "set: unexpected argument '/y' (see 'ctrctl set --help')" set -m 700 /x /y
usage "set: invalid mode '800': octal, at most 0777 (see 'ctrctl set --help')" set -m 800 /x
usage "set: unknown flag 'bogus' (see 'ctrctl set --help')" set -f nstrack,bogus /x
usage "set: unknown user 'no-such-user-here' (see 'ctrctl set --help')" set -u no-such-user-here /x
usage "set: unknown group 'no-such-group-here' (see 'ctrctl set --help')" set -g no-such-group-here /x
usage "set: invalid user '4294967295' (see 'ctrctl set --help')" set -u 4294967295 /x
usage "set: invalid limit '-1' (see 'ctrctl set --help')" set --max-descendants -1 /x
usage "set: invalid limit '18446744073709551615' (see 'ctrctl set --help')" set --max-descendants 18446744073709551615 /x
usage "set: option '-u' needs an argument (see 'ctrctl set --help')" set /x -u
usage "ls: unexpected argument '/y' (see 'ctrctl ls --help')" ls /x /y
usage "ls: unknown option '-r' (see 'ctrctl ls --help')" ls -r
usage "tree: unknown option '-p' (see 'ctrctl tree --help')" tree -p
usage "top: invalid delay '0' (see 'ctrctl top --help')" top -d 0
usage "top: invalid delay '-1' (see 'ctrctl top --help')" top -d -1
usage "top: invalid delay '1s' (see 'ctrctl top --help')" top -d 1s
usage "top: invalid count '0' (see 'ctrctl top --help')" top -n 0
usage "top: invalid count 'x' (see 'ctrctl top --help')" top -b -n x
usage "top: unexpected argument '/y' (see 'ctrctl top --help')" top /x /y
usage "top: invalid sort column 'load' (see 'ctrctl top --help')" top -s load
usage "top: option '--sort' needs an argument (see 'ctrctl top --help')" top --sort
usage "metrics: no JSON output: the format is Prometheus's (see 'ctrctl metrics --help')" -j metrics
usage "metrics: option '--textfile' needs an argument (see 'ctrctl metrics --help')" metrics --textfile
usage "metrics: unexpected argument '/y' (see 'ctrctl metrics --help')" metrics /x /y
usage "metrics: unknown option '-j' (see 'ctrctl metrics --help')" metrics -j

# watch: the netlink family comes first (it needs no device); not here.
if grep -q '^containerctl ' /proc/modules 2>/dev/null; then
	echo "note: the containerctl module is loaded here: watch's checks are skipped"
else
	nofam="ctrctl: watch: netlink family containerctl: No such file or directory (is the containerctl module loaded?)"
	expect 1 "" "$nofam" watch
	expect 1 "" "$nofam" -j watch -d -t -n 3 --timeout 5 /x
fi

# The stream layer (watch) alone: one program, text and JSON lines from the
# same calls.
cat >"$tmp/out-test.c" <<'EOF'
#include "out.h"

int main(int argc, char *argv[])
{
	(void)argv;
	out_set_json(argc > 1);
	out_begin_object(NULL);
	out_field_str("plain", "plain %s\n", "/web/api");
	out_field_str("quotes", NULL, "a\"b\\c/d");
	out_field_str("controls", NULL, "t\tn\nr\rb\bf\f\x01\x1f\x7f");
	out_field_str("utf8", NULL, "\xe2\x94\x9c\xe2\x94\x80 \xc3\xa9");
	out_field_u64("max", "max %" PRIu64 "\n", UINT64_MAX);
	out_field_u64("zero", NULL, 0);
	out_field_s64("negative", "negative %" PRId64 "\n", -28);
	out_field_bool("yes", "yes %s\n", true);
	out_field_bool("no", NULL, false);
	out_begin_object("nested");
	out_field_u64("one", "%" PRIu64 "\n", 1);
	out_begin_object("empty");
	out_end_object();
	out_end_object();
	out_text("text %s\n", "only");
	out_end_object();
	out_begin_object(NULL);
	out_field_u64("second", "second %" PRIu64 "\n", 2);
	out_end_object();
	return out_finish(0);
}
EOF
if ! cc -std=gnu11 -Wall -Wextra -Werror -I"$TOP/tools/ctrctl" -I"$TOP/uapi" \
	-I"$TOP/libctrl/include" -o "$tmp/out-test" "$tmp/out-test.c" \
	"$TOP/tools/ctrctl/out.c" "$TOP/tools/ctrctl/common.c" "$TOP/tools/ctrctl/err.c" \
	"$TOP/build/libctrl/libctrl.a"; then
	bad "the stream layer test does not build"
else
	"$tmp/out-test" >"$tmp/text"
	printf 'plain /web/api\nmax 18446744073709551615\nnegative -28\nyes yes\n1\ntext only\nsecond 2\n' >"$tmp/want"
	cmp -s "$tmp/text" "$tmp/want" || bad "text output: $(cat "$tmp/text")"
	"$tmp/out-test" -j >"$tmp/json"
	[ "$(wc -l <"$tmp/json")" -eq 2 ] || bad "not two JSON lines: $(cat "$tmp/json")"
	grep -q '"max":18446744073709551615,' "$tmp/json" || bad "u64 max: $(cat "$tmp/json")"
	command -v jq >/dev/null || { echo "jq not installed"; exit 1; }
	head -n 1 "$tmp/json" | jq -e '.plain == "/web/api" and .quotes == "a\"b\\c/d" and
		.controls == "t\tn\nr\rb\bf\f\u0001\u001f\u007f" and
		.utf8 == "\u251c\u2500 \u00e9" and .zero == 0 and
		.negative == -28 and .yes == true and .no == false and
		.nested == {"one": 1, "empty": {}} and (keys | length) == 10' \
		>/dev/null || bad "JSON output: $(cat "$tmp/json")"
	[ "$(tail -n 1 "$tmp/json" | jq -c .second)" = 2 ] ||
		bad "the second value: $(tail -n 1 "$tmp/json")"
fi

# The table and record layers (libsmartcols) alone: text and JSON from the
# same table.
cat >"$tmp/tbl-test.c" <<'EOF'
#include <string.h>

#include "out.h"
#include "record.h"
#include "table.h"

static const struct tbl_col cols[] = {
	{ "ID", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	{ "NAME", SCOLS_FL_TREE, SCOLS_JSON_STRING },
	{ "PATH", TBL_JSON_ONLY, SCOLS_JSON_STRING },
};

static const struct tbl_col row_cols[] = {
	{ "SIG", TBL_JSON_ONLY, SCOLS_JSON_NUMBER },
	{ "N", TBL_JSON_ONLY, SCOLS_JSON_NUMBER },
	{ "PATH", 0, SCOLS_JSON_STRING },
	{ "SIG", TBL_TEXT_ONLY, SCOLS_JSON_STRING },
};

static const struct bit_name bits[] = { { "a", 1 }, { "b-c", 2 } };

/* Two records: text fields, JSON-only, null, bit masks. */
static int records(void)
{
	struct rec *r = rec_new("recs");
	int i;

	for (i = 0; i < 2; i++) {
		rec_add(r, "path", "path", J_STR, "/r%d", i);
		rec_add(r, NULL, "owner", J_STR, "%d:%d", i, i + 1);
		rec_add(r, "uid", NULL, J_NUM, "%d", i);
		rec_add(r, "long_key", "a longer label", J_NUM, "%d", 10 * i);
		if (i)
			rec_add_null(r, "max", "max", "none");
		else
			rec_add(r, "max", "max", J_NUM, "%d", 5);
		rec_add_bits(r, "flags", "flags", bits, 2, i ? 3 : 0);
		rec_end(r);
	}
	return rec_print(r);
}

int main(int argc, char *argv[])
{
	static const char *const vals[] = { "9", NULL, "/x", "SIGKILL" };
	struct libscols_table *tb;
	struct libscols_line *a, *b, *c;

	out_set_json(argc > 1 && !strcmp(argv[1], "-j"));
	if (argc > 2 && !strcmp(argv[2], "rec"))
		return out_finish(records() ? 1 : 0);
	if (argc > 2 && !strcmp(argv[2], "row"))
		return out_finish(tbl_print_row("row", row_cols, 4, vals, false) ? 1 : 0);
	tb = tbl_new("things", cols, 3);
	a = scols_table_new_line(tb, NULL);
	b = scols_table_new_line(tb, a);
	c = scols_table_new_line(tb, a);
	tbl_set(a, 0, "%d", 1);
	tbl_set(a, 1, "%s", "/");
	tbl_set(a, 2, "%s", "/");
	tbl_set(b, 0, "%d", 22);
	tbl_set(b, 1, "%s", "a \"b\"");
	tbl_set(b, 2, "%s", "/a");
	tbl_set(c, 1, "%s", "c");
	return out_finish(tbl_print(tb) ? 1 : 0);
}
EOF
# shellcheck disable=SC2046
if ! cc -std=gnu11 -Wall -Wextra -Werror -I"$TOP/tools/ctrctl" -I"$TOP/uapi" \
	-I"$TOP/libctrl/include" $(pkg-config --cflags smartcols) -o "$tmp/tbl-test" \
	"$tmp/tbl-test.c" "$TOP/tools/ctrctl/table.c" \
	"$TOP/tools/ctrctl/record.c" "$TOP/tools/ctrctl/out.c" \
	"$TOP/tools/ctrctl/common.c" "$TOP/tools/ctrctl/err.c" "$TOP/build/libctrl/libctrl.a" \
	$(pkg-config --libs smartcols); then
	bad "the table layer test does not build"
else
	LC_ALL=C "$tmp/tbl-test" >"$tmp/text"
	printf '%s\n' "ID NAME" " 1 /" "22 |-a \"b\"" "   \`-c" >"$tmp/want"
	sed 's/ *$//' "$tmp/text" | cmp -s - "$tmp/want" ||
		bad "table text: $(cat "$tmp/text")"
	"$tmp/tbl-test" -j >"$tmp/json"
	jq -e '.things == [{"id": 1, "name": "/", "path": "/", "children": [
		{"id": 22, "name": "a \"b\"", "path": "/a"},
		{"id": null, "name": "c", "path": null}]}]' "$tmp/json" >/dev/null ||
		bad "table JSON: $(cat "$tmp/json")"
	# Records (stat, info): labels and values in text, rows in JSON.
	"$tmp/tbl-test" - rec >"$tmp/text"
	printf '%s\n' "path:           /r0" "owner:          0:1" \
		"a longer label: 0" "max:            5" "flags:          -" "" \
		"path:           /r1" "owner:          1:2" "a longer label: 10" \
		"max:            none" "flags:          a,b-c" >"$tmp/want"
	sed 's/ *$//' "$tmp/text" | cmp -s - "$tmp/want" ||
		bad "records as text: $(cat "$tmp/text")"
	"$tmp/tbl-test" -j rec >"$tmp/json"
	jq -e '.recs == [
		{"path": "/r0", "uid": 0, "long_key": 0, "max": 5, "flags": null},
		{"path": "/r1", "uid": 1, "long_key": 10, "max": null,
		 "flags": "a,b-c"}]' "$tmp/json" >/dev/null ||
		bad "records as JSON: $(cat "$tmp/json")"
	# One row (kill, clone, which): text-only and JSON-only columns.
	"$tmp/tbl-test" - row >"$tmp/text"
	[ "$(cat "$tmp/text")" = "/x   SIGKILL" ] ||
		bad "row as text: $(cat "$tmp/text")"
	"$tmp/tbl-test" -j row >"$tmp/json"
	jq -e '.row == [{"sig": 9, "n": null, "path": "/x"}]' "$tmp/json" >/dev/null ||
		bad "row as JSON: $(cat "$tmp/json")"
fi

# A module of another ABI version: ctrctl is linked dynamically, so a
# preloaded open() and ioctl() stand in for the device and its INFO.
cat >"$tmp/fakedev.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/containerctl.h>

static int fake_fd = -1;

int open(const char *path, int flags, ...)
{
	int (*real)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	if (!strcmp(path, "/dev/containerctl")) {
		fake_fd = real("/dev/null", flags);
		return fake_fd;
	}
	return real(path, flags, mode);
}

int ioctl(int fd, unsigned long cmd, ...)
{
	int (*real)(int, unsigned long, ...) = dlsym(RTLD_NEXT, "ioctl");
	struct containerctl_info *info;
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != fake_fd || cmd != CONTAINERCTL_IOC_INFO)
		return real(fd, cmd, arg);
	info = arg;
	info->abi_version = atoi(getenv("FAKE_ABI"));
	info->name_max = CONTAINERCTL_NAME_MAX;
	info->features = CONTAINERCTL_FEAT_CORE | CONTAINERCTL_FEAT_EVENTS;
	info->nr_containers = 1;
	return 0;
}
EOF
if ! cc -std=gnu11 -Wall -Wextra -Werror -shared -fPIC -I"$TOP/uapi" \
	-o "$tmp/fakedev.so" "$tmp/fakedev.c" -ldl; then
	bad "the fake device does not build"
else
	abi=$(sed -n 's/^#define CONTAINERCTL_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
		"$TOP/uapi/linux/containerctl.h")
	FAKE_ABI=$((abi + 1)) LD_PRELOAD=$tmp/fakedev.so expect 1 "" \
		"ctrctl: /dev/containerctl: Protocol not supported (the loaded module speaks another ABI version than ctrctl $abi)" info
	FAKE_ABI=$((abi + 1)) LD_PRELOAD=$tmp/fakedev.so expect 1 "" \
		"ctrctl: /dev/containerctl: Protocol not supported (the loaded module speaks another ABI version than ctrctl $abi)" -j ls /
	# The same module at the right version: info's text and JSON.
	FAKE_ABI=$abi LD_PRELOAD=$tmp/fakedev.so expect 0 "abi version: *$abi" "" info
	grep -qx 'features: *core,events' "$tmp/out" || bad "info (fake): $(cat "$tmp/out")"
	FAKE_ABI=$abi LD_PRELOAD=$tmp/fakedev.so expect 0 "{" "" -j info
	jq -e ".info == [{\"abi_version\": $abi, \"features\": \"core,events\",
		\"feature_bits\": 33, \"name_max\": 64, \"max_depth\": 0,
		\"max_containers\": 0, \"nr_containers\": 1, \"nr_tracked\": 0,
		\"track_failures\": 0, \"ns_clones\": 0, \"ns_refused\": 0,
		\"ns_missed\": 0, \"nr_events\": 0, \"events_dropped\": 0}]" "$tmp/out" >/dev/null || bad "info -j (fake): $(cat "$tmp/out")"
fi

finish
