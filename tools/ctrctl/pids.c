// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl pids CONTAINER [-r] [-t]: list a container's processes (or
 * threads), one per line, ascending.
 *
 * One atomic snapshot, complete: libctrl's ctrl_pids_all() sizes the buffer
 * and retries while the container outgrows it.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "ctrctl.h"
#include "table.h"

static const char pids_usage[] =
	"Usage: ctrctl pids [-r] [-t] CONTAINER\n"
	"\n"
	"List the processes of CONTAINER (an absolute path or an id), one pid\n"
	"per line, ascending, from one atomic snapshot.\n"
	"\n"
	"Options:\n"
	"  -r, --recursive  the whole subtree, not the container alone\n"
	"  -t, --threads    thread ids instead of process ids\n"
	"  -j, --json       print JSON: {\"pids\": [{\"pid\": N}...]}\n"
	"                   (with -t {\"tids\": [{\"tid\": N}...]})\n"
	"  -h, --help       show this help\n";

static const struct option pids_opts[] = {
	{ "recursive", no_argument, NULL, 'r' },
	{ "threads", no_argument, NULL, 't' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd pids_cmd = {
	.name = "pids",
	.usage = pids_usage,
	.shortopts = ":rtjh",
	.longopts = pids_opts,
};

static int list_pids(int fd, uint64_t id, unsigned int flags,
		     struct libscols_table *tb)
{
	struct libscols_line *ln;
	uint32_t *pids = NULL;
	size_t n = 0, i;
	int ret;

	ret = ctrl_pids_all(fd, id, flags, &pids, &n, NULL);
	for (i = 0; !ret && i < n; i++) {
		ln = scols_table_new_line(tb, NULL);
		if (!ln || tbl_set(ln, 0, "%" PRIu32, pids[i]))
			ret = -ENOMEM;
	}
	free(pids);
	return ret;
}

static const struct tbl_col pid_col = { "PID", 0, J_NUM };
static const struct tbl_col tid_col = { "TID", 0, J_NUM };

int pids_main(int argc, char *argv[])
{
	const struct cmd *cmd = &pids_cmd;
	unsigned int flags = 0;
	struct libscols_table *tb;
	struct target c;
	int ch, fd, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 'r':
			flags |= CONTAINERCTL_PIDS_SUBTREE;
			break;
		case 't':
			flags |= CONTAINERCTL_PIDS_THREADS;
			break;
		}
	}
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	if (flags & CONTAINERCTL_PIDS_THREADS)
		tb = tbl_new_bare("tids", &tid_col, 1);
	else
		tb = tbl_new_bare("pids", &pid_col, 1);
	ret = tb ? list_pids(fd, c.id, flags, tb) : -ENOMEM;
	close(fd);
	if (!ret)
		ret = tbl_print(tb);
	else
		scols_unref_table(tb);
	return ret ? fail(-ret, "pids %s", c.arg) : EXIT_OK;
}
