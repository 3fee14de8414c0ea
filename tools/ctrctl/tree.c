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
	char path[CONTAINERCTL_PATH_MAX];	/* of the current container */
};

/* The processes of container @id, as rows under @parent. */
static int tree_procs(struct tree_walk *w, uint64_t id,
		      struct libscols_line *parent)
{
	struct libscols_line *ln;
	char cmd[4096];
	uint32_t *pids, n, i;
	int ret;

	ret = ctr_pids(w->fd, id, 0, &pids, &n);
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

/* One container, its processes with -P, and its subtree. */
static int tree_node(struct tree_walk *w, const struct containerctl_stat *st,
		     struct libscols_line *parent)
{
	size_t plen = strlen(w->path), n, i;
	struct containerctl_stat *kids;
	struct libscols_line *ln;
	char flags[64];
	int ret;

	ln = scols_table_new_line(w->tb, parent);
	if (!ln)
		return fail(ENOMEM, "tree %s", w->path);
	cflags_str(st->cflags, flags, sizeof(flags));
	ret = tbl_set(ln, COL_ID, "%" PRIu64, (uint64_t)st->id) ?:
	      tbl_set(ln, COL_PROCS, "%" PRIu64, (uint64_t)st->nr_procs) ?:
	      tbl_set(ln, COL_THREADS, "%" PRIu64, (uint64_t)st->nr_threads) ?:
	      tbl_set(ln, COL_NAME, "%s", parent ? st->name : w->path) ?:
	      tbl_set(ln, COL_FLAGS, "%s", flags) ?:
	      tbl_set(ln, COL_PATH, "%s", w->path);
	if (!ret && w->procs)
		ret = tree_procs(w, st->id, ln);
	if (!ret)
		ret = ctr_kids(w->fd, st->id, &kids, &n);
	if (ret)
		return fail(-ret, "tree %s", w->path);

	for (i = 0; i < n && !ret; i++) {
		snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s",
			 plen > 1 ? "/" : "", kids[i].name);
		ret = tree_node(w, &kids[i], ln);
		w->path[plen] = '\0';
	}
	free(kids);
	return ret;
}

int tree_main(int argc, char *argv[])
{
	const struct cmd *cmd = &tree_cmd;
	struct containerctl_stat st;
	struct tree_walk w = {};
	struct ctr c;
	int ch, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1)
		if (ch == 'P')
			w.procs = true;
	ctr_parse(cmd, optind < argc ? argv[optind++] : "/", &c);
	cmd_end(cmd, argc, argv);

	w.fd = dev_open();
	if (w.fd < 0)
		return EXIT_FAIL;
	ret = ctr_resolve(cmd, w.fd, &c);
	if (!ret) {
		ret = ctrl_stat(w.fd, c.id, &st);
		if (ret)
			ret = fail(-ret, "tree %s", c.arg);
	}
	if (!ret) {
		struct tbl_col cols[ARRAY_SIZE(tree_cols)];

		/* Without -P, no PID column, in text or JSON. */
		memcpy(cols, tree_cols, sizeof(cols));
		if (!w.procs)
			cols[COL_PID].flags |= SCOLS_FL_HIDDEN;
		w.tb = tbl_new("containers", cols, ARRAY_SIZE(cols));
		if (!w.tb)
			ret = fail(ENOMEM, "tree %s", c.arg);
	}
	if (!ret) {
		memcpy(w.path, c.path, sizeof(w.path));
		ret = tree_node(&w, &st, NULL);
		if (ret)
			scols_unref_table(w.tb);
		else if (tbl_print(w.tb))
			ret = fail(EIO, "tree %s", c.arg);
	}
	close(w.fd);
	return ret;
}
