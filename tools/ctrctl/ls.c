// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl ls [CONTAINER]: the children of CONTAINER (default /), one row
 * each with its counts, as a libsmartcols table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"
#include "table.h"

static const char ls_usage[] =
	"Usage: ctrctl ls [CONTAINER]\n"
	"\n"
	"List the children of CONTAINER (an absolute path or an id; default /),\n"
	"ascending by id, one row each: id, numbers of processes, threads,\n"
	"children and descendants, flags and path.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON (libsmartcols): {\"containers\": [ROWS]}, each\n"
	"              row with id, procs, threads, children, descendants,\n"
	"              flags (names joined by ',', null for none) and path\n"
	"  -h, --help  show this help\n";

static const struct option ls_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd ls_cmd = {
	.name = "ls",
	.usage = ls_usage,
	.shortopts = ":jh",
	.longopts = ls_opts,
};

enum { COL_ID, COL_PROCS, COL_THREADS, COL_CHILDREN, COL_DESC, COL_FLAGS,
       COL_PATH };

static const struct tbl_col ls_cols[] = {
	[COL_ID]	= { "ID", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PROCS]	= { "PROCS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_THREADS]	= { "THREADS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_CHILDREN]	= { "CHILDREN", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_DESC]	= { "DESCENDANTS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_FLAGS]	= { "FLAGS", 0, SCOLS_JSON_STRING },
	[COL_PATH]	= { "PATH", 0, SCOLS_JSON_STRING },
};

struct ls_walk {
	struct libscols_table *tb;
};

/* A row for each child (depth 1) of the container listed. */
static int ls_row(const struct containerctl_stat *st, const char *path,
		  int depth, void *arg)
{
	struct ls_walk *w = arg;
	struct libscols_line *ln;
	char flags[64];

	if (!depth)
		return 0;
	ln = scols_table_new_line(w->tb, NULL);
	if (!ln)
		return -ENOMEM;
	cflags_str(st->cflags, flags, sizeof(flags));
	return tbl_set(ln, COL_ID, "%" PRIu64, (uint64_t)st->id) ?:
	       tbl_set(ln, COL_PROCS, "%" PRIu64, (uint64_t)st->nr_procs) ?:
	       tbl_set(ln, COL_THREADS, "%" PRIu64,
		       (uint64_t)st->nr_threads) ?:
	       tbl_set(ln, COL_CHILDREN, "%" PRIu64,
		       (uint64_t)st->nr_children) ?:
	       tbl_set(ln, COL_DESC, "%" PRIu64,
		       (uint64_t)st->nr_descendants) ?:
	       tbl_set(ln, COL_FLAGS, "%s", flags) ?:
	       tbl_set(ln, COL_PATH, "%s", path) ?:
	       CTRL_WALK_PRUNE;
}

int ls_main(int argc, char *argv[])
{
	const struct cmd *cmd = &ls_cmd;
	struct ls_walk w;
	struct target c;
	int fd, ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	target_parse(cmd, optind < argc ? argv[optind++] : "/", &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	w.tb = tbl_new("containers", ls_cols, ARRAY_SIZE(ls_cols));
	ret = w.tb ? path_walk(fd, &c, 0, ls_row, &w) : -ENOMEM;
	close(fd);
	if (ret) {
		scols_unref_table(w.tb);
		return fail(-ret, "ls %s", c.arg);
	}
	if (tbl_print(w.tb))
		return fail(EIO, "ls %s", c.arg);
	return EXIT_OK;
}
