// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl top [-b] [-d SECONDS] [-n COUNT] [-s COLUMN] [CONTAINER]: the
 * containers of a subtree by what they cost, refreshed, like
 * systemd-cgtop. Each round walks the subtree (ctrl_walk_flags(), with
 * CONTAINERCTL_STAT_RSS) and prints one libsmartcols table; %CPU is the
 * growth of each container's CPU time since the previous round over the
 * time between them.
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
	"Usage: ctrctl top [-b] [-d SECONDS] [-n COUNT] [-s COLUMN] [CONTAINER]\n"
	"\n"
	"Show the containers of the subtree of CONTAINER (an absolute path or\n"
	"an id; default /) by what they cost, every SECONDS: each container's\n"
	"processes and tasks, its %CPU over the last interval (100 is one CPU\n"
	"busy; - in the first round, and for the root, which accounts no time\n"
	"of its own), the CPU time of its tasks while in it, and the resident\n"
	"memory of its processes (each address space once), busiest first.\n"
	"The figures are each container's own, not its subtree's. On a\n"
	"terminal, the screen is redrawn and the list cut to its height; Ctrl-C\n"
	"ends. In batch mode, or when the output is not a terminal, each round\n"
	"is printed after the previous one (text: a summary line, the table\n"
	"and a blank line; -j: one JSON document a round).\n"
	"\n"
	"Options:\n"
	"  -b, --batch            batch mode, for scripts\n"
	"  -d, --delay SECONDS    between rounds, > 0 (default 2; decimals allowed)\n"
	"  -n, --iterations COUNT stop after COUNT rounds (default: never)\n"
	"  -s, --sort COLUMN      order by cpu (default), time, memory, tasks,\n"
	"                         procs (largest first), id or path (ascending)\n"
	"  -j, --json             print JSON (libsmartcols): {\"containers\":\n"
	"                         [ROWS]}, each row with id, procs, tasks,\n"
	"                         cpu_percent (null when unknown), cpu_ns,\n"
	"                         rss_bytes and path\n"
	"  -h, --help             show this help\n";

static const struct option top_opts[] = {
	{ "batch", no_argument, NULL, 'b' },
	{ "delay", required_argument, NULL, 'd' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "sort", required_argument, NULL, 's' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd top_cmd = {
	.name = "top",
	.usage = top_usage,
	.shortopts = ":bd:n:s:jh",
	.longopts = top_opts,
};

enum {
	COL_ID, COL_PROCS, COL_TASKS, COL_CPU, COL_CPU_PERCENT, COL_TIME,
	COL_CPU_NS, COL_MEMORY, COL_RSS_BYTES, COL_PATH,
};

/* Text shows human units, JSON the raw numbers, from the same cells. */
static const struct tbl_col top_cols[] = {
	[COL_ID]	  = { "ID", SCOLS_FL_RIGHT, J_NUM },
	[COL_PROCS]	  = { "PROCS", SCOLS_FL_RIGHT, J_NUM },
	[COL_TASKS]	  = { "TASKS", SCOLS_FL_RIGHT, J_NUM },
	[COL_CPU]	  = { "%CPU", SCOLS_FL_RIGHT | TBL_TEXT_ONLY, J_STR },
	[COL_CPU_PERCENT] = { "CPU_PERCENT", TBL_JSON_ONLY, J_NUM },
	[COL_TIME]	  = { "TIME", SCOLS_FL_RIGHT | TBL_TEXT_ONLY, J_STR },
	[COL_CPU_NS]	  = { "CPU_NS", TBL_JSON_ONLY, J_NUM },
	[COL_MEMORY]	  = { "MEMORY", SCOLS_FL_RIGHT | TBL_TEXT_ONLY, J_STR },
	[COL_RSS_BYTES]	  = { "RSS_BYTES", TBL_JSON_ONLY, J_NUM },
	[COL_PATH]	  = { "PATH", 0, J_STR },
};

enum top_sort { SORT_CPU, SORT_TIME, SORT_MEMORY, SORT_TASKS, SORT_PROCS,
		SORT_ID, SORT_PATH };

static const char *const sort_names[] = {
	[SORT_CPU] = "cpu", [SORT_TIME] = "time", [SORT_MEMORY] = "memory",
	[SORT_TASKS] = "tasks", [SORT_PROCS] = "procs", [SORT_ID] = "id",
	[SORT_PATH] = "path",
};

struct top_row {
	struct containerctl_stat st;
	uint64_t cpu_ns;
	double cpu;		/* %CPU over the interval; < 0: unknown */
	char *path;
};

struct top_sample {
	uint64_t id;
	uint64_t cpu_ns;
};

/* A round's rows, and the previous round's CPU times to compare with. */
struct top {
	struct top_row *rows;
	size_t n, cap;
	struct top_sample *prev;	/* by ascending id */
	size_t nr_prev;
	long long prev_ns, now_ns;	/* CLOCK_MONOTONIC of the rounds */
	enum top_sort sort;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int top_cmp_id(const void *a, const void *b)
{
	const struct top_sample *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The previous round's CPU time of @id, or -1 if it was not there. */
static int64_t top_prev(const struct top *t, uint64_t id)
{
	const struct top_sample key = { .id = id }, *s;

	s = t->nr_prev ? bsearch(&key, t->prev, t->nr_prev, sizeof(*s),
				 top_cmp_id) : NULL;
	return s ? (int64_t)s->cpu_ns : -1;
}

/* A row for each container of the walk (path_walk()). */
static int top_add(const struct containerctl_stat *st, const char *path,
		   int depth, void *arg)
{
	struct top *t = arg;
	struct top_row *r;
	int64_t prev;

	(void)depth;
	if (grow((void **)&t->rows, &t->cap, t->n, sizeof(*t->rows)))
		return -ENOMEM;
	r = &t->rows[t->n];
	r->st = *st;
	r->cpu_ns = st->cpu_user_ns + st->cpu_system_ns;
	r->cpu = -1;
	prev = top_prev(t, st->id);
	if (st->id != CONTAINERCTL_ROOT_ID && prev >= 0 &&
	    (uint64_t)prev <= r->cpu_ns && t->now_ns > t->prev_ns)
		r->cpu = (double)(r->cpu_ns - prev) * 100 /
			 (double)(t->now_ns - t->prev_ns);
	r->path = strdup(path);
	if (!r->path)
		return -ENOMEM;
	t->n++;
	return 0;
}

static enum top_sort top_sort_by;

/* Largest first for the figures, ascending for id and path; then by id. */
static int top_cmp(const void *a, const void *b)
{
	const struct top_row *x = a, *y = b;
	uint64_t u = 0, v = 0;

	switch (top_sort_by) {
	case SORT_CPU:
		if (x->cpu != y->cpu)
			return x->cpu < y->cpu ? 1 : -1;
		u = x->cpu_ns;
		v = y->cpu_ns;
		break;
	case SORT_TIME:
		u = x->cpu_ns;
		v = y->cpu_ns;
		break;
	case SORT_MEMORY:
		u = x->st.rss_bytes;
		v = y->st.rss_bytes;
		break;
	case SORT_TASKS:
		u = x->st.nr_threads;
		v = y->st.nr_threads;
		break;
	case SORT_PROCS:
		u = x->st.nr_procs;
		v = y->st.nr_procs;
		break;
	case SORT_PATH:
		return strcmp(x->path, y->path);
	case SORT_ID:
		break;
	}
	if (u != v)
		return u < v ? 1 : -1;
	return x->st.id < y->st.id ? -1 : x->st.id > y->st.id;
}

/* Keep this round's CPU times for the next one's %CPU. */
static int top_keep(struct top *t)
{
	struct top_sample *s = malloc((t->n ?: 1) * sizeof(*s));
	size_t i;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		s[i].id = t->rows[i].st.id;
		s[i].cpu_ns = t->rows[i].cpu_ns;
	}
	qsort(s, t->n, sizeof(*s), top_cmp_id);
	free(t->prev);
	t->prev = s;
	t->nr_prev = t->n;
	t->prev_ns = t->now_ns;
	return 0;
}

static int top_line(struct libscols_table *tb, const struct top_row *r)
{
	const struct containerctl_stat *s = &r->st;
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char time[32], mem[32];
	int ret;

	if (!ln)
		return -ENOMEM;
	fmt_cputime(time, sizeof(time), r->cpu_ns);
	fmt_bytes(mem, sizeof(mem), s->rss_bytes);
	ret = tbl_set(ln, COL_ID, "%" PRIu64, (uint64_t)s->id) ?:
	      tbl_set(ln, COL_PROCS, "%" PRIu64, (uint64_t)s->nr_procs) ?:
	      tbl_set(ln, COL_TASKS, "%" PRIu64, (uint64_t)s->nr_threads) ?:
	      tbl_set(ln, COL_MEMORY, "%s", mem) ?:
	      tbl_set(ln, COL_RSS_BYTES, "%" PRIu64, (uint64_t)s->rss_bytes) ?:
	      tbl_set(ln, COL_PATH, "%s", r->path);
	if (ret)
		return ret;
	/* The root accounts no time: its CPU cells stay null ("-"). */
	if (s->id == CONTAINERCTL_ROOT_ID)
		return tbl_set(ln, COL_CPU, "-") ?: tbl_set(ln, COL_TIME, "-");
	ret = tbl_set(ln, COL_TIME, "%s", time) ?:
	      tbl_set(ln, COL_CPU_NS, "%" PRIu64, r->cpu_ns);
	if (ret || r->cpu < 0)
		return ret ?: tbl_set(ln, COL_CPU, "-");
	return tbl_set(ln, COL_CPU, "%.1f", r->cpu) ?:
	       tbl_set(ln, COL_CPU_PERCENT, "%.1f", r->cpu);
}

/* One round: walk, sort, print at most @max rows (0: all). */
static int top_round(int fd, const struct target *c, struct top *t,
		     bool live, size_t max)
{
	struct libscols_table *tb = NULL;
	uint64_t procs = 0, tasks = 0, mem = 0;
	char clock[32], memory[32];
	double cpu = 0;
	bool cpu_known = false;
	time_t now = time(NULL);
	size_t i;
	int ret;

	t->n = 0;
	t->now_ns = now_ns();
	ret = path_walk(fd, c, CONTAINERCTL_STAT_RSS, top_add, t);
	if (!ret) {
		top_sort_by = t->sort;
		qsort(t->rows, t->n, sizeof(*t->rows), top_cmp);
		tb = tbl_new("containers", top_cols, ARRAY_SIZE(top_cols));
		if (!tb)
			ret = -ENOMEM;
	}
	for (i = 0; i < t->n && !ret; i++) {
		const struct top_row *r = &t->rows[i];

		procs += r->st.nr_procs;
		tasks += r->st.nr_threads;
		mem += r->st.rss_bytes;
		if (r->cpu >= 0) {
			cpu += r->cpu;
			cpu_known = true;
		}
		if (!max || i < max)
			ret = top_line(tb, r);
	}
	if (!ret) {
		strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
		fmt_bytes(memory, sizeof(memory), mem);
		if (live)
			out_text("\033[H\033[2J");
		out_text("ctrctl top - %s  %s: %zu containers, %" PRIu64
			 " processes, %" PRIu64 " tasks, ", clock, c->path,
			 t->n, procs, tasks);
		if (cpu_known)
			out_text("CPU %.1f%%, ", cpu);
		else
			out_text("CPU -, ");
		out_text("memory %s\n", memory);
		ret = tbl_print(tb);
		tb = NULL;
		if (!live)
			out_text("\n");
		fflush(stdout);
	}
	scols_unref_table(tb);
	if (!ret)
		ret = top_keep(t);
	for (i = 0; i < t->n; i++)
		free(t->rows[i].path);
	return ret;
}

int top_main(int argc, char *argv[])
{
	const struct cmd *cmd = &top_cmd;
	struct timespec delay = { 2, 0 };
	uint64_t count = 0, round;
	bool batch = false, live;
	struct top t = {};
	struct winsize ws;
	size_t max = 0, i;
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
		case 's':
			for (i = 0; i < ARRAY_SIZE(sort_names); i++)
				if (!strcmp(optarg, sort_names[i]))
					break;
			if (i == ARRAY_SIZE(sort_names))
				usage_error(cmd, "invalid sort column '%s'",
					    optarg);
			t.sort = i;
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
	if (ctrl_has_feature(fd, CONTAINERCTL_FEAT_ACCT) <= 0) {
		close(fd);
		return fail(EOPNOTSUPP, "top %s: the module has no accounting",
			    c.arg);
	}
	for (round = 1;; round++) {
		ret = top_round(fd, &c, &t, live, max);
		if (ret) {
			ret = fail(-ret, "top %s", c.arg);
			break;
		}
		if (count && round == count)
			break;
		nanosleep(&delay, NULL);
	}
	close(fd);
	free(t.rows);
	free(t.prev);
	return ret;
}
