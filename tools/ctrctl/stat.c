// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl stat CONTAINER: every field of struct containerctl_stat.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

static const char stat_usage[] =
	"Usage: ctrctl stat CONTAINER\n"
	"\n"
	"Show the attributes of CONTAINER (an absolute path or an id): its\n"
	"place in the tree, owner and mode, flags (nstrack, nsrules; - for\n"
	"none), counts of processes, threads, children and descendants,\n"
	"limit, generation (changes with every change of membership), the\n"
	"automatic clones of namespace tracking made under it and refused\n"
	"for its tasks, and creation time.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON (the keys are the fields of\n"
	"              struct containerctl_stat, plus path, flags (the\n"
	"              names of cflags) and ctime)\n"
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
	char mode[8], created[64];
	struct ctr c;
	int fd, ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	ctr_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctr_resolve(cmd, fd, &c);
	if (!ret) {
		ret = ctrl_stat(fd, c.id, &st);
		if (ret)
			ret = fail(-ret, "stat %s", c.arg);
	}
	close(fd);
	if (ret)
		return ret;

	snprintf(mode, sizeof(mode), "%04o", st.mode);
	format_time(created, sizeof(created), st.ctime_ns);

	out_begin_object(NULL);
	out_field_str("path", "path:            %s\n", c.path);
	out_field_u64("id", "id:              %" PRIu64 "\n", st.id);
	out_field_str("name", NULL, st.name);
	out_field_u64("parent", "parent:          %" PRIu64 "\n", st.parent);
	out_field_u64("depth", "depth:           %" PRIu64 "\n", st.depth);
	out_field_u64("uid", "owner:           %" PRIu64, st.uid);
	out_field_u64("gid", ":%" PRIu64 "\n", st.gid);
	out_field_str("mode", "mode:            %s\n", mode);
	out_field_u64("cflags", NULL, st.cflags);
	out_field_bits("flags", "flags:           %s\n", cflag_names,
		       nr_cflag_names, st.cflags);
	out_field_u64("nr_procs", "processes:       %" PRIu64 "\n",
		      st.nr_procs);
	out_field_u64("nr_threads", "threads:         %" PRIu64 "\n",
		      st.nr_threads);
	out_field_u64("nr_children", "children:        %" PRIu64 "\n",
		      st.nr_children);
	out_field_u64("nr_descendants", "descendants:     %" PRIu64 "\n",
		      st.nr_descendants);
	if (st.max_descendants == UINT64_MAX)
		out_field_null("max_descendants",
			       "max descendants: none\n");
	else
		out_field_u64("max_descendants",
			      "max descendants: %" PRIu64 "\n",
			      st.max_descendants);
	out_field_u64("generation", "generation:      %" PRIu64 "\n",
		      st.generation);
	out_field_u64("ns_clones", "ns clones:       %" PRIu64 "\n",
		      st.ns_clones);
	out_field_u64("ns_refused", "ns refused:      %" PRIu64 "\n",
		      st.ns_refused);
	out_field_u64("ctime_ns", NULL, st.ctime_ns);
	out_field_str("ctime", "created:         %s\n", created);
	out_end_object();
	return EXIT_OK;
}
