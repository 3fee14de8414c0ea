// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl top [-b] [-d SECONDS] [-n COUNT] [CONTAINER]: the containers of a
 * subtree by task count, refreshed. Each round walks the subtree with
 * CONTAINERCTL_IOC_CHILDREN and CONTAINERCTL_IOC_STAT and prints one
 * libsmartcols table, busiest first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"
#include "table.h"

static const char top_usage[] =
	"Usage: ctrctl top [-b] [-d SECONDS] [-n COUNT] [CONTAINER]\n"
	"\n"
	"Show the containers of the subtree of CONTAINER (an absolute path or\n"
	"an id; default /), busiest first (most processes, then threads, then\n"
	"lowest id), every SECONDS. On a terminal, the screen is redrawn and\n"
	"the list cut to its height; Ctrl-C ends. In batch mode, or when the\n"
	"output is not a terminal, each round is printed after the previous one\n"
	"(text: a summary line, the table and a blank line; -j: one JSON\n"
	"document a round).\n"
	"\n"
	"Options:\n"
	"  -b, --batch            batch mode, for scripts\n"
	"  -d, --delay SECONDS    between rounds, > 0 (default 2; decimals allowed)\n"
	"  -n, --iterations COUNT stop after COUNT rounds (default: never)\n"
	"  -j, --json             print JSON (libsmartcols): {\"containers\":\n"
	"                         [ROWS]}, each row with id, procs, threads,\n"
	"                         children and path\n"
	"  -h, --help             show this help\n";

static const struct option top_opts[] = {
	{ "batch", no_argument, NULL, 'b' },
	{ "delay", required_argument, NULL, 'd' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd top_cmd = {
	.name = "top",
	.usage = top_usage,
	.shortopts = ":bd:n:jh",
	.longopts = top_opts,
};

enum { COL_ID, COL_PROCS, COL_THREADS, COL_CHILDREN, COL_PATH };

static const struct tbl_col top_cols[] = {
	[COL_ID]	= { "ID", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PROCS]	= { "PROCS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_THREADS]	= { "THREADS", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_CHILDREN]	= { "CHILDREN", SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER },
	[COL_PATH]	= { "PATH", 0, SCOLS_JSON_STRING },
};

struct top_row {
	struct containerctl_stat st;
	char *path;
};

struct top_walk {
	struct top_row *rows;
	size_t n, cap;
};

/* A row for each container of the walk (path_walk()). */
static int top_add(const struct containerctl_stat *st, const char *path,
		   int depth, void *arg)
{
	struct top_walk *w = arg;

	(void)depth;
	if (grow((void **)&w->rows, &w->cap, w->n, sizeof(*w->rows)))
		return -ENOMEM;
	w->rows[w->n].st = *st;
	w->rows[w->n].path = strdup(path);
	if (!w->rows[w->n].path)
		return -ENOMEM;
	w->n++;
	return 0;
}

static int top_cmp(const void *a, const void *b)
{
	const struct containerctl_stat *x = &((const struct top_row *)a)->st;
	const struct containerctl_stat *y = &((const struct top_row *)b)->st;

	if (x->nr_procs != y->nr_procs)
		return x->nr_procs < y->nr_procs ? 1 : -1;
	if (x->nr_threads != y->nr_threads)
		return x->nr_threads < y->nr_threads ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* One round: walk, sort, print at most @max rows (0: all). */
static int top_round(int fd, const struct target *c, bool live, size_t max)
{
	struct top_walk w = {};
	char now[32];
	struct libscols_table *tb = NULL;
	struct libscols_line *ln;
	uint64_t procs = 0, threads = 0;
	time_t t = time(NULL);
	size_t i;
	int ret;

	ret = path_walk(fd, c, top_add, &w);
	if (!ret) {
		qsort(w.rows, w.n, sizeof(*w.rows), top_cmp);
		tb = tbl_new("containers", top_cols, ARRAY_SIZE(top_cols));
		if (!tb)
			ret = -ENOMEM;
	}
	for (i = 0; i < w.n && !ret; i++) {
		const struct containerctl_stat *s = &w.rows[i].st;

		procs += s->nr_procs;
		threads += s->nr_threads;
		if (max && i >= max)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln) {
			ret = -ENOMEM;
			break;
		}
		ret = tbl_set(ln, COL_ID, "%" PRIu64, (uint64_t)s->id) ?:
		      tbl_set(ln, COL_PROCS, "%" PRIu64, (uint64_t)s->nr_procs) ?:
		      tbl_set(ln, COL_THREADS, "%" PRIu64,
			      (uint64_t)s->nr_threads) ?:
		      tbl_set(ln, COL_CHILDREN, "%" PRIu64,
			      (uint64_t)s->nr_children) ?:
		      tbl_set(ln, COL_PATH, "%s", w.rows[i].path);
	}
	if (!ret) {
		strftime(now, sizeof(now), "%H:%M:%S", localtime(&t));
		if (live)
			out_text("\033[H\033[2J");
		out_text("ctrctl top - %s  %s: %zu containers, %" PRIu64
			 " processes, %" PRIu64 " threads\n",
			 now, c->path, w.n, procs, threads);
		ret = tbl_print(tb);
		tb = NULL;
		if (!live)
			out_text("\n");
		fflush(stdout);
	}
	scols_unref_table(tb);
	for (i = 0; i < w.n; i++)
		free(w.rows[i].path);
	free(w.rows);
	return ret;
}

int top_main(int argc, char *argv[])
{
	const struct cmd *cmd = &top_cmd;
	struct timespec delay = { 2, 0 };
	uint64_t count = 0, round;
	bool batch = false, live;
	struct winsize ws;
	size_t max = 0;
	struct target c;
	char *end;
	double d;
	int ch, fd, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 'b':
			batch = true;
			break;
		case 'd':
			errno = 0;
			d = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(d > 0) ||
			    d > 86400)
				usage_error(cmd, "invalid delay '%s'", optarg);
			delay.tv_sec = (time_t)d;
			delay.tv_nsec = (long)((d - (double)delay.tv_sec) * 1e9);
			break;
		case 'n':
			if (parse_u64(optarg, &count) || !count)
				usage_error(cmd, "invalid count '%s'", optarg);
			break;
		}
	}
	target_parse(cmd, optind < argc ? argv[optind++] : "/", &c);
	cmd_end(cmd, argc, argv);

	live = !batch && !out_is_json() && isatty(STDOUT_FILENO);
	if (live && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_row > 3)
		max = ws.ws_row - 3;

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	for (round = 1;; round++) {
		ret = top_round(fd, &c, live, max);
		if (ret) {
			ret = fail(-ret, "top %s", c.arg);
			break;
		}
		if (count && round == count)
			break;
		nanosleep(&delay, NULL);
	}
	close(fd);
	return ret;
}
