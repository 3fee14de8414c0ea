// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl tree [-P] [CONTAINER]: the containers below CONTAINER (default /),
 * with their ids, counts of processes and threads, and flags, and with -P
 * their processes and command lines, as a libsmartcols tree. Children are
 * listed with CONTAINERCTL_IOC_CHILDREN, paging by cursor; a container
 * removed during the walk is left out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"
#include "table.h"

static const char tree_usage[] =
	"Usage: ctrctl tree [-P] [CONTAINER]\n"
	"\n"
	"Show the tree of containers below CONTAINER (an absolute path or an\n"
	"id; default /): each container's id, numbers of processes and\n"
	"threads, name (the top one by its path) and flags. With -P, each\n"
	"container's processes too, with their command lines, as systemd-cgls.\n"
	"\n"
	"Options:\n"
	"  -P, --processes  show the processes of each container\n"
	"  -j, --json       print JSON (libsmartcols): {\"containers\": [ROOT]},\n"
	"                   each row with id, procs, threads, pid, name, flags,\n"
	"                   path and children; a process row has a pid and its\n"
	"                   command line as name, null id, procs and threads\n"
	"  -h, --help       show this help\n";

static const struct option tree_opts[] = {
	{ "processes", no_argument, NULL, 'P' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd tree_cmd = {
	.name = "tree",
	.usage = tree_usage,
	.shortopts = ":Pjh",
	.longopts = tree_opts,
};

enum { COL_ID, COL_PROCS, COL_THREADS, COL_PID, COL_NAME, COL_FLAGS, COL_PATH };

static const struct tbl_col tree_cols[] = {
	[COL_ID]	= { "ID", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PROCS]	= { "PROCS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_THREADS]	= { "THREADS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PID]	= { "PID", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_NAME]	= { "NAME", SCOLS_FL_TREE, SCOLS_JSON_STRING },
	[COL_FLAGS]	= { "FLAGS", 0, SCOLS_JSON_STRING },
	[COL_PATH]	= { "PATH", TBL_JSON_ONLY, SCOLS_JSON_STRING },
};

struct tree_walk {
	int fd;
	bool procs;
	struct libscols_table *tb;
	struct libscols_line **lines;	/* the last line at each depth */
	size_t cap;
	char path[CONTAINERCTL_PATH_MAX];	/* of the current container */
};

/* The processes of container @id, as rows under @parent. */
static int tree_procs(struct tree_walk *w, uint64_t id,
		      struct libscols_line *parent)
{
	struct libscols_line *ln;
	char cmd[4096];
	uint32_t *pids;
	size_t n, i;
	int ret;

	ret = ctrl_pids_all(w->fd, id, 0, &pids, &n, NULL);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	for (i = 0; i < n && !ret; i++) {
		ln = scols_table_new_line(w->tb, parent);
		if (!ln) {
			ret = -ENOMEM;
			break;
		}
		proc_cmdline(pids[i], cmd, sizeof(cmd));
		ret = tbl_set(ln, COL_PID, "%u", pids[i]) ?:
		      tbl_set(ln, COL_NAME, "%s", cmd);
	}
	free(pids);
	return ret;
}

/* One container, its processes with -P, under its parent's line. */
static int tree_node(const struct containerctl_stat *st, const char *path,
		     int depth, void *arg)
{
	struct tree_walk *w = arg;
	struct libscols_line *ln;
	char flags[64];
	int ret;

	snprintf(w->path, sizeof(w->path), "%s", path);
	if (grow((void **)&w->lines, &w->cap, depth, sizeof(*w->lines)))
		return -ENOMEM;
	ln = scols_table_new_line(w->tb, depth ? w->lines[depth - 1] : NULL);
	if (!ln)
		return -ENOMEM;
	w->lines[depth] = ln;
	cflags_str(st->cflags, flags, sizeof(flags));
	ret = tbl_set(ln, COL_ID, "%" PRIu64, (uint64_t)st->id) ?:
	      tbl_set(ln, COL_PROCS, "%" PRIu64, (uint64_t)st->nr_procs) ?:
	      tbl_set(ln, COL_THREADS, "%" PRIu64, (uint64_t)st->nr_threads) ?:
	      tbl_set(ln, COL_NAME, "%s", depth ? st->name : path) ?:
	      tbl_set(ln, COL_FLAGS, "%s", flags) ?:
	      tbl_set(ln, COL_PATH, "%s", path);
	if (!ret && w->procs)
		ret = tree_procs(w, st->id, ln);
	return ret;
}

int tree_main(int argc, char *argv[])
{
	const struct cmd *cmd = &tree_cmd;
	struct tbl_col cols[ARRAY_SIZE(tree_cols)];
	struct tree_walk w = {};
	struct target c;
	int ch, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1)
		if (ch == 'P')
			w.procs = true;
	target_parse(cmd, optind < argc ? argv[optind++] : "/", &c);
	cmd_end(cmd, argc, argv);

	w.fd = dev_open_target(cmd, &c);
	if (w.fd < 0)
		return EXIT_FAIL;
	/* Without -P, no PID column, in text or JSON. */
	memcpy(cols, tree_cols, sizeof(cols));
	if (!w.procs)
		cols[COL_PID].flags |= SCOLS_FL_HIDDEN;
	w.tb = tbl_new("containers", cols, ARRAY_SIZE(cols));
	snprintf(w.path, sizeof(w.path), "%s", c.arg);
	ret = w.tb ? path_walk(w.fd, &c, 0, tree_node, &w) : -ENOMEM;
	if (ret) {
		scols_unref_table(w.tb);
		ret = fail(-ret, "tree %s", w.path);
	} else if (tbl_print(w.tb)) {
		ret = fail(EIO, "tree %s", c.arg);
	}
	free(w.lines);
	close(w.fd);
	return ret;
}
