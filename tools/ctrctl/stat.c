// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl stat CONTAINER: every field of struct containerctl_stat.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "ctrctl.h"
#include "record.h"
#include "table.h"

static const char stat_usage[] =
	"Usage: ctrctl stat CONTAINER\n"
	"\n"
	"Show the attributes of CONTAINER (an absolute path or an id): its\n"
	"place in the tree, owner and mode, flags (nstrack, nsrules; - for\n"
	"none), counts of processes, threads, children and descendants,\n"
	"limit, generation (changes with every change of membership), the\n"
	"automatic clones of namespace tracking made under it and refused\n"
	"for its tasks, and creation time. Then its accounting: the CPU time,\n"
	"user and system, of its tasks while they were in it, and of its whole\n"
	"subtree (removed descendants included); the tasks born and ended in\n"
	"it; and the resident memory of its processes, each address space\n"
	"once. The root accounts no CPU time of its own.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON: {\"containers\": [{...}]}, the keys the\n"
	"              fields of struct containerctl_stat (times in ns, memory\n"
	"              in bytes), plus path, flags (the names of cflags) and\n"
	"              ctime\n"
	"  -h, --help  show this help\n";

static const struct option stat_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd stat_cmd = {
	.name = "stat",
	.usage = stat_usage,
	.shortopts = ":jh",
	.longopts = stat_opts,
};

/* Local time, to the second: "2025-06-01 12:00:00 +0200". */
static void format_time(char *buf, size_t len, uint64_t ns)
{
	time_t t = ns / 1000000000;
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S %z", &tm))
		snprintf(buf, len, "%" PRIu64 " ns", ns);
}

int stat_main(int argc, char *argv[])
{
	const struct cmd *cmd = &stat_cmd;
	struct containerctl_stat st;
	char mode[8], created[64], num[32];
	unsigned int flags = 0;
	struct rec *r;
	struct target c;
	int fd, ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	/* A module without accounting refuses the flags that ask for it. */
	if (ctrl_has_feature(fd, CONTAINERCTL_FEAT_ACCT) > 0)
		flags = CONTAINERCTL_STAT_SUBTREE | CONTAINERCTL_STAT_RSS;
	ret = ctrl_stat_flags(fd, c.id, flags, &st);
	close(fd);
	if (ret)
		return fail(-ret, "stat %s", c.arg);

	snprintf(mode, sizeof(mode), "%04o", st.mode);
	format_time(created, sizeof(created), st.ctime_ns);

	r = rec_new("containers");
	if (!r)
		return fail(ENOMEM, "stat %s", c.arg);
	rec_add(r, "path", "path", J_STR, "%s", c.path);
	rec_u64(r, "id", "id", st.id);
	rec_add(r, "name", NULL, J_STR, "%s", st.name);
	rec_u64(r, "parent", "parent", st.parent);
	rec_u64(r, "depth", "depth", st.depth);
	rec_add(r, NULL, "owner", J_STR, "%" PRIu64 ":%" PRIu64,
		(uint64_t)st.uid, (uint64_t)st.gid);
	rec_u64(r, "uid", NULL, st.uid);
	rec_u64(r, "gid", NULL, st.gid);
	rec_add(r, "mode", "mode", J_STR, "%s", mode);
	rec_u64(r, "cflags", NULL, st.cflags);
	rec_add_bits(r, "flags", "flags", cflag_names, nr_cflag_names,
		     st.cflags);
	rec_u64(r, "nr_procs", "processes", st.nr_procs);
	rec_u64(r, "nr_threads", "threads", st.nr_threads);
	rec_u64(r, "nr_children", "children", st.nr_children);
	rec_u64(r, "nr_descendants", "descendants", st.nr_descendants);
	if (st.max_descendants == UINT64_MAX)
		rec_add_null(r, "max_descendants", "max descendants", "none");
	else
		rec_u64(r, "max_descendants", "max descendants",
			st.max_descendants);
	rec_u64(r, "generation", "generation", st.generation);
	rec_u64(r, "ns_clones", "ns clones", st.ns_clones);
	rec_u64(r, "ns_refused", "ns refused", st.ns_refused);
	rec_u64(r, "ctime_ns", NULL, st.ctime_ns);
	rec_add(r, "ctime", "created", J_STR, "%s", created);
	if (flags) {
		fmt_cputime(num, sizeof(num), st.cpu_user_ns);
		rec_add(r, NULL, "cpu user", J_STR, "%s", num);
		fmt_cputime(num, sizeof(num), st.cpu_system_ns);
		rec_add(r, NULL, "cpu system", J_STR, "%s", num);
		fmt_cputime(num, sizeof(num), st.subtree_cpu_user_ns);
		rec_add(r, NULL, "tree cpu user", J_STR, "%s", num);
		fmt_cputime(num, sizeof(num), st.subtree_cpu_system_ns);
		rec_add(r, NULL, "tree cpu system", J_STR, "%s", num);
		rec_u64(r, "cpu_user_ns", NULL, st.cpu_user_ns);
		rec_u64(r, "cpu_system_ns", NULL, st.cpu_system_ns);
		rec_u64(r, "subtree_cpu_user_ns", NULL,
			st.subtree_cpu_user_ns);
		rec_u64(r, "subtree_cpu_system_ns", NULL,
			st.subtree_cpu_system_ns);
		rec_u64(r, "nr_forks", "forks", st.nr_forks);
		rec_u64(r, "nr_exits", "exits", st.nr_exits);
		fmt_bytes(num, sizeof(num), st.rss_bytes);
		rec_add(r, NULL, "memory", J_STR, "%s", num);
		rec_u64(r, "rss_bytes", NULL, st.rss_bytes);
	}
	ret = rec_print(r);
	if (ret)
		return fail(-ret, "stat %s", c.arg);
	return EXIT_OK;
}
