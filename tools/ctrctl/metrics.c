// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl metrics [--textfile DIR] [CONTAINER]: the accounting of a subtree
 * and the module's counters in the Prometheus text exposition format
 * (version 0.0.4), for node_exporter's textfile collector or any scraper.
 * Each metric family is written whole, its HELP and TYPE first, its
 * samples labelled by container path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

static const char metrics_usage[] =
	"Usage: ctrctl metrics [--textfile DIR] [CONTAINER]\n"
	"\n"
	"Print the accounting of the containers of the subtree of CONTAINER\n"
	"(an absolute path or an id; default /) and the module's counters in\n"
	"the Prometheus text format, each container's samples labelled by its\n"
	"path:\n"
	"  containerctl_cpu_user_seconds_total     counter  user CPU time of its\n"
	"  containerctl_cpu_system_seconds_total   counter  tasks while in it\n"
	"  containerctl_forks_total                counter  tasks born in it\n"
	"  containerctl_exits_total                counter  tasks ended in it\n"
	"  containerctl_processes                  gauge    processes in it\n"
	"  containerctl_threads                    gauge    tasks in it\n"
	"  containerctl_memory_rss_bytes           gauge    resident memory of\n"
	"                                                   its processes\n"
	"The root has no CPU time, forks or exits of its own: its samples are\n"
	"left out of those three. The module's counters, without labels:\n"
	"containerctl_containers, containerctl_tracked_tasks (gauges),\n"
	"containerctl_events_total, containerctl_events_dropped_total,\n"
	"containerctl_track_failures_total, containerctl_namespace_clones_total,\n"
	"containerctl_namespace_clones_refused_total (counters).\n"
	"\n"
	"For node_exporter's textfile collector, --textfile writes them to\n"
	"DIR/containerctl.prom atomically (a temporary file in DIR, then\n"
	"rename), for example every minute from cron:\n"
	"  * * * * * root ctrctl metrics --textfile /var/lib/prometheus/node-exporter\n"
	"\n"
	"Options:\n"
	"      --textfile DIR  write DIR/containerctl.prom instead of stdout\n"
	"  -h, --help          show this help\n"
	"There is no JSON output (-j): the format is Prometheus's.\n";

static const struct option metrics_opts[] = {
	{ "textfile", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd metrics_cmd = {
	.name = "metrics",
	.usage = metrics_usage,
	.shortopts = ":h",
	.longopts = metrics_opts,
};

#define PROM_FILE	"containerctl.prom"

struct metrics_row {
	struct containerctl_stat st;
	char *label;	/* the path, escaped for a label value */
};

struct metrics {
	struct metrics_row *rows;
	size_t n, cap;
};

/* A label value: backslash, double quote and newline escaped. */
static char *label_escape(const char *s)
{
	char *out = malloc(2 * strlen(s) + 1), *p = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (*s == '\\' || *s == '"') {
			*p++ = '\\';
			*p++ = *s;
		} else if (*s == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else {
			*p++ = *s;
		}
	}
	*p = '\0';
	return out;
}

static int metrics_add(const struct containerctl_stat *st, const char *path,
		       int depth, void *arg)
{
	struct metrics *m = arg;

	(void)depth;
	if (grow((void **)&m->rows, &m->cap, m->n, sizeof(*m->rows)))
		return -ENOMEM;
	m->rows[m->n].st = *st;
	m->rows[m->n].label = label_escape(path);
	if (!m->rows[m->n].label)
		return -ENOMEM;
	m->n++;
	return 0;
}

/* One family's HELP and TYPE lines. */
static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Nanoseconds as seconds, exactly: "12.000345678". */
static void seconds(FILE *f, const char *name, const char *label, uint64_t ns)
{
	fprintf(f, "%s{path=\"%s\"} %" PRIu64 ".%09" PRIu64 "\n", name, label,
		ns / 1000000000, ns % 1000000000);
}

static void count(FILE *f, const char *name, const char *label, uint64_t v)
{
	fprintf(f, "%s{path=\"%s\"} %" PRIu64 "\n", name, label, v);
}

enum per_row { CPU_USER, CPU_SYSTEM, FORKS, EXITS, PROCS, THREADS, RSS };

static const struct {
	const char *name, *type, *help;
	bool accounted;	/* the root has none of its own: left out */
} per_row[] = {
	[CPU_USER] = { "containerctl_cpu_user_seconds_total", "counter",
		"User CPU time of the container's tasks while they were in it.",
		true },
	[CPU_SYSTEM] = { "containerctl_cpu_system_seconds_total", "counter",
		"System CPU time of the container's tasks while they were in it.",
		true },
	[FORKS] = { "containerctl_forks_total", "counter",
		"Tasks (threads included) born in the container.", true },
	[EXITS] = { "containerctl_exits_total", "counter",
		"Tasks (threads included) that ended in the container.", true },
	[PROCS] = { "containerctl_processes", "gauge",
		"Processes with a task in the container.", false },
	[THREADS] = { "containerctl_threads", "gauge",
		"Tasks (threads) in the container.", false },
	[RSS] = { "containerctl_memory_rss_bytes", "gauge",
		"Resident memory of the container's processes, each address space once.",
		false },
};

static void print_rows(FILE *f, const struct metrics *m)
{
	size_t k, i;

	for (k = 0; k < ARRAY_SIZE(per_row); k++) {
		family(f, per_row[k].name, per_row[k].type, per_row[k].help);
		for (i = 0; i < m->n; i++) {
			const struct containerctl_stat *s = &m->rows[i].st;
			const char *l = m->rows[i].label;

			if (per_row[k].accounted &&
			    s->id == CONTAINERCTL_ROOT_ID)
				continue;
			switch (k) {
			case CPU_USER:
				seconds(f, per_row[k].name, l, s->cpu_user_ns);
				break;
			case CPU_SYSTEM:
				seconds(f, per_row[k].name, l,
					s->cpu_system_ns);
				break;
			case FORKS:
				count(f, per_row[k].name, l, s->nr_forks);
				break;
			case EXITS:
				count(f, per_row[k].name, l, s->nr_exits);
				break;
			case PROCS:
				count(f, per_row[k].name, l, s->nr_procs);
				break;
			case THREADS:
				count(f, per_row[k].name, l, s->nr_threads);
				break;
			case RSS:
				count(f, per_row[k].name, l, s->rss_bytes);
				break;
			}
		}
	}
}

static void module_counter(FILE *f, const char *name, const char *type,
			   const char *help, uint64_t v)
{
	family(f, name, type, help);
	fprintf(f, "%s %" PRIu64 "\n", name, v);
}

static void print_module(FILE *f, const struct containerctl_info *info)
{
	module_counter(f, "containerctl_containers", "gauge",
		       "Containers, the root included.", info->nr_containers);
	module_counter(f, "containerctl_tracked_tasks", "gauge",
		       "Tasks outside the root.", info->nr_tracked);
	module_counter(f, "containerctl_events_total", "counter",
		       "Events the module numbered.", info->nr_events);
	module_counter(f, "containerctl_events_dropped_total", "counter",
		       "Events numbered but not sent (no room, no memory).",
		       info->events_dropped);
	module_counter(f, "containerctl_track_failures_total", "counter",
		       "New tasks the module could not track.",
		       info->track_failures);
	module_counter(f, "containerctl_namespace_clones_total", "counter",
		       "Automatic clones made by namespace tracking.",
		       info->ns_clones);
	module_counter(f, "containerctl_namespace_clones_refused_total", "counter",
		       "Automatic clones refused (a limit, no memory).",
		       info->ns_refused);
}

/*
 * Write @m and @info to DIR/containerctl.prom through a temporary file in
 * @dir, renamed over it: a reader sees the old file or the new, whole.
 * Return: 0 or a negative errno (the temporary file removed).
 */
static int write_textfile(const char *dir, const struct metrics *m,
			  const struct containerctl_info *info)
{
	char tmp[4096], dst[4096];
	FILE *f;
	int fd, ret = 0;

	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, PROM_FILE) >=
	    (int)sizeof(tmp) ||
	    snprintf(dst, sizeof(dst), "%s/%s", dir, PROM_FILE) >=
	    (int)sizeof(dst))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* node_exporter runs as its own user: readable by all. */
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		ret = -errno;
		close(fd);
		unlink(tmp);
		return ret;
	}
	print_rows(f, m);
	print_module(f, info);
	if (fflush(f) || fsync(fileno(f)))
		ret = -errno;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, dst) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

int metrics_main(int argc, char *argv[])
{
	const struct cmd *cmd = &metrics_cmd;
	struct containerctl_info info;
	const char *textfile = NULL;
	struct metrics m = {};
	struct target c;
	int ch, fd, ret;
	size_t i;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		if (ch == 't')
			textfile = optarg;
	}
	target_parse(cmd, optind < argc ? argv[optind++] : "/", &c);
	cmd_end(cmd, argc, argv);
	if (out_is_json())
		usage_error(cmd, "no JSON output: the format is Prometheus's");

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_info(fd, &info);
	if (!ret && !(info.features & CONTAINERCTL_FEAT_ACCT)) {
		close(fd);
		return fail(EOPNOTSUPP, "metrics %s: the module has no accounting",
			    c.arg);
	}
	if (!ret)
		ret = path_walk(fd, &c, CONTAINERCTL_STAT_RSS, metrics_add, &m);
	close(fd);
	if (!ret && textfile) {
		ret = write_textfile(textfile, &m, &info);
		if (ret)
			ret = fail(-ret, "metrics: %s/%s", textfile, PROM_FILE);
	} else if (!ret) {
		print_rows(stdout, &m);
		print_module(stdout, &info);
		if (fflush(stdout))
			ret = fail(errno, "metrics: stdout");
	} else {
		ret = fail(-ret, "metrics %s", c.arg);
	}
	for (i = 0; i < m.n; i++)
		free(m.rows[i].label);
	free(m.rows);
	return ret;
}
