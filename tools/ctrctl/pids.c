// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl pids CONTAINER [-r] [-t]: list a container's processes (or
 * threads), one per line, ascending.
 *
 * The listing is complete: the buffer is sized from the snapshot's total
 * and the call retried while the container outgrows it; if it keeps
 * growing faster, the rest is read page by page with the cursor.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "ctrctl.h"
#include "table.h"

#define PIDS_FIRST	256	/* the first buffer, in pids */
#define PIDS_RESIZES	4	/* resizes from total before paging */
#define PIDS_EAGAIN	8	/* retries of a call failing with EAGAIN */

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

/* One CONTAINERCTL_IOC_PIDS call, retried while it fails with EAGAIN. */
static int pids_call(int fd, uint64_t id, unsigned int flags, uint32_t cursor,
		     uint32_t *buf, uint32_t *count, uint32_t *total)
{
	uint32_t n;
	int i, ret;

	for (i = 0;; i++) {
		n = *count;
		ret = ctrl_pids(fd, id, flags, cursor, buf, &n, total, NULL);
		if (ret != -EAGAIN || i == PIDS_EAGAIN)
			break;
	}
	if (!ret)
		*count = n;
	return ret;
}

static int add_pids(struct libscols_table *tb, const uint32_t *v, uint32_t n)
{
	struct libscols_line *ln;
	uint32_t i;

	for (i = 0; i < n; i++) {
		ln = scols_table_new_line(tb, NULL);
		if (!ln || tbl_set(ln, 0, "%" PRIu32, v[i]))
			return -ENOMEM;
	}
	return 0;
}

static int list_pids(int fd, uint64_t id, unsigned int flags,
		     struct libscols_table *tb)
{
	uint32_t *buf = NULL, *nb, cap = PIDS_FIRST, count, total, cursor;
	uint64_t want;
	int i, ret;

	for (i = 0;; i++) {
		nb = realloc(buf, (size_t)cap * sizeof(*buf));
		if (!nb) {
			ret = -ENOMEM;
			goto out;
		}
		buf = nb;
		count = cap;
		ret = pids_call(fd, id, flags, 0, buf, &count, &total);
		if (ret)
			goto out;
		if (total <= cap || i == PIDS_RESIZES)
			break;
		/* Room for the total and some growth, then again. */
		want = (uint64_t)total + total / 8 + 64;
		cap = want > UINT32_MAX / sizeof(*buf) ?
		      UINT32_MAX / sizeof(*buf) : want;
	}
	ret = add_pids(tb, buf, count);
	/* Still growing faster than the buffer: page on from the last pid. */
	while (!ret && total > cap && count == cap) {
		cursor = buf[count - 1];
		count = cap;
		ret = pids_call(fd, id, flags, cursor, buf, &count, &total);
		if (ret)
			goto out;
		ret = add_pids(tb, buf, count);
	}
out:
	free(buf);
	return ret;
}

static const struct tbl_col pid_col = { "PID", 0, J_NUM };
static const struct tbl_col tid_col = { "TID", 0, J_NUM };

int pids_main(int argc, char *argv[])
{
	const struct cmd *cmd = &pids_cmd;
	unsigned int flags = 0;
	struct libscols_table *tb;
	struct ctr c;
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
	ctr_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open_ctr(cmd, &c);
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
