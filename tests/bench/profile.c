// SPDX-License-Identifier: GPL-2.0
/*
 * Where the time goes, in the VM: ftrace's function_graph tracer around
 * the module's functions while a workload runs, one profile each:
 *  - the ATTACH ioctl, a process moved back and forth between two
 *    containers, a level at a time: ctr_ioctl (the device's handler),
 *    ctr_attach (the operation), ctr_member_attach (the membership move);
 *  - the PIDS ioctl of a container of 10 000 processes: ctr_ioc_pids (the
 *    handler, with the copy out), ctr_pids (the snapshot);
 *  - the probes: ctr_member_fork and ctr_member_exit (below the
 *    task_newtask and sched_process_exit probes) while a process in a
 *    container forks children that exit at once, nobody subscribed;
 *  - events, the same with a subscriber of both groups reading in a
 *    thread: ctr_event_emit (the probes' copy into the ring), ctr_ev_send
 *    (the work), ctr_ev_flush (a multicast) and ctr_ev_fill (an event's
 *    message).
 * For each traced function (a root), the time of one call and how it
 * splits among its direct callees (max_graph_depth 2; the callees' own
 * callees are inside their figures), interrupts left out (funcgraph-irqs
 * off) and time asleep too (sleep-time off). What is inlined shows as the
 * root's own time. The tracer adds its own cost to every traced call, to
 * the root's more than to a callee's: the split is the result, not the
 * sum. A kernel without function_graph (the debug kernel's config) gets
 * the tables with their rows skipped.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include <containerctl/ctrl.h>
#include <containerctl/events.h>

#include "bench.h"

#define TRACING		"/sys/kernel/tracing"
#define MAX_CALLEES	48
#define NAME_LEN	64

static int fd;
static char no_graph[160];	/* why function_graph cannot run, if so */

/* Write @value to TRACING/@file: 0 or -errno. */
static int tr_write(const char *file, const char *value, int append)
{
	char path[128];

	snprintf(path, sizeof(path), TRACING "/%s", file);
	return ctrtest_write_file_flags(path, value, O_CLOEXEC |
					(append ? O_APPEND : O_TRUNC));
}

static void tr_must(const char *file, const char *value, int append)
{
	int ret = tr_write(file, value, append);

	REQUIRE(!ret, "ftrace: %s < '%s': %s", file, value, strerror(-ret));
}

/* Whether this kernel has function_graph; the reason if not. */
static int graph_available(void)
{
	char buf[512] = "";
	FILE *f;

	if (access(TRACING "/available_tracers", R_OK) &&
	    mount("tracefs", TRACING, "tracefs", 0, NULL) && errno != EBUSY) {
		snprintf(no_graph, sizeof(no_graph), "no tracefs: %s", strerror(errno));
		return 0;
	}
	f = fopen(TRACING "/available_tracers", "re");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		snprintf(no_graph, sizeof(no_graph), "no " TRACING "/available_tracers");
		if (f)
			fclose(f);
		return 0;
	}
	fclose(f);
	if (!strstr(buf, "function_graph")) {
		snprintf(no_graph, sizeof(no_graph),
			 "this kernel has no function_graph tracer");
		return 0;
	}
	return 1;
}

struct callee {
	char name[NAME_LEN];
	double us;
	long calls;
};

struct root {
	char name[NAME_LEN];
	int untraceable;	/* not in available_filter_functions */
	double us;		/* all its calls */
	long calls;
	int ncallees;
	struct callee callees[MAX_CALLEES];
};

/*
 * Trace the calls of the @n roots, two levels deep. A root the kernel does
 * not offer (a static function the compiler inlined) is marked so; with
 * none left, nothing is traced (an empty set_graph_function would trace
 * every function).
 */
static void trace_start(struct root *r, int n)
{
	int i, any = 0;

	tr_must("tracing_on", "0", 0);
	tr_must("current_tracer", "nop", 0);
	tr_must("buffer_size_kb", bench_quick ? "1024" : "16384", 0);
	tr_must("trace", "", 0);
	/*
	 * Switching the tracer on patches every function it may trace: under
	 * emulation some ten seconds for the whole kernel. The quick run (the
	 * tables' form, in make check) patches the module's functions alone,
	 * and so sees only the callees in the module.
	 */
	tr_must("set_ftrace_filter", bench_quick ? "*:mod:containerctl" : "", 0);
	tr_must("set_graph_function", "", 0);
	for (i = 0; i < n; i++) {
		r[i].untraceable = !!tr_write("set_graph_function", r[i].name, 1);
		any |= !r[i].untraceable;
	}
	if (!any)
		return;
	tr_must("max_graph_depth", "2", 0);
	tr_must("options/funcgraph-irqs", "0", 0);
	tr_must("options/sleep-time", "0", 0);
	tr_must("options/funcgraph-tail", "1", 0);
	tr_must("options/funcgraph-proc", "0", 0);
	tr_must("options/funcgraph-abstime", "0", 0);
	tr_must("current_tracer", "function_graph", 0);
	tr_must("tracing_on", "1", 0);
}

/* "ctr_ioctl [containerctl]() {" or "} /\* ctr_ioctl [...] *\/": the name. */
static void func_name(const char *s, char *name)
{
	size_t n = strcspn(s, " ([;{}*");

	if (n >= NAME_LEN)
		n = NAME_LEN - 1;
	memcpy(name, s, n);
	name[n] = 0;
}

static struct root *root_of(struct root *roots, int nroots, const char *name)
{
	int i;

	for (i = 0; i < nroots; i++)
		if (!strcmp(roots[i].name, name))
			return &roots[i];
	return NULL;
}

static void add_callee(struct root *r, const char *name, double us)
{
	int i;

	for (i = 0; i < r->ncallees; i++)
		if (!strcmp(r->callees[i].name, name))
			break;
	if (i == r->ncallees) {
		if (i == MAX_CALLEES)
			return;
		snprintf(r->callees[i].name, NAME_LEN, "%s", name);
		r->ncallees++;
	}
	r->callees[i].us += us;
	r->callees[i].calls++;
}

/*
 * Stop tracing and add up the trace: a line is "CPU) DURATION | TEXT",
 * the depth in TEXT's indentation (two spaces a level after the first
 * two); a leaf is "name();", a call with callees opens with "name() {"
 * and closes with "} /\* name *\/" and its duration.
 */
static void trace_collect(struct root *roots, int nroots)
{
	char line[512], name[NAME_LEN], open[64][NAME_LEN] = {};
	int cpu, depth, spaces;
	double us;
	char *bar, *text, *d;
	FILE *f;

	tr_must("tracing_on", "0", 0);
	f = fopen(TRACING "/trace", "re");
	REQUIRE(f, "open trace: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, " %d)", &cpu) != 1 ||
		    cpu < 0 || cpu >= 64)
			continue;
		bar = strchr(line, '|');
		if (!bar)
			continue;
		text = bar + 1;
		spaces = strspn(text, " ");
		depth = (spaces - 2) / 2;
		text += spaces;
		/* The duration: digits after ")" and any marker (+ ! # * @ $). */
		us = -1;
		d = strchr(line, ')');
		if (d && d < bar) {
			d++;
			d += strcspn(d, "0123456789|");
			if (d < bar)
				us = strtod(d, NULL);
		}
		if (text[0] == '}') {
			func_name(text + strspn(text, "} /*"), name);
			if (us < 0)
				continue;
		} else {
			func_name(text, name);
			if (strstr(text, "{")) {
				if (depth == 0)
					snprintf(open[cpu], NAME_LEN, "%s", name);
				continue;
			}
			if (us < 0)
				continue;
		}
		if (depth == 0) {
			struct root *r = root_of(roots, nroots, name);

			if (r) {
				r->us += us;
				r->calls++;
			}
			open[cpu][0] = 0;
		} else if (depth == 1 && open[cpu][0]) {
			struct root *r = root_of(roots, nroots, open[cpu]);

			if (r)
				add_callee(r, name, us);
		}
	}
	fclose(f);
	tr_must("current_tracer", "nop", 0);
	tr_must("set_graph_function", "", 0);
	tr_must("set_ftrace_filter", "", 0);
	tr_must("trace", "", 0);
}

static int by_time(const void *a, const void *b)
{
	const struct callee *x = a, *y = b;

	return x->us < y->us ? 1 : x->us > y->us ? -1 : 0;
}

/*
 * One table per root: a call's time, then each callee's time per call of
 * the root (its share as the ratio), the largest first, for those called
 * in at least one call of the root in ten; the rest together (interrupts
 * that came in, rare paths); then the root's own time (inlined code and
 * the tracer's entry and exit).
 */
static void report(const char *key, const char *what, struct root *r)
{
	double per, sum = 0, rest = 0;
	int i, nrest = 0;

	if (!r->calls) {
		table_begin(key, "us", "where the time goes: %s (function_graph)", what);
		row_skip("ftrace", r->untraceable ?
			 "not a traceable function on this kernel (inlined)" :
			 "no call traced", r->name);
		table_end();
		return;
	}
	per = r->us / r->calls;
	qsort(r->callees, r->ncallees, sizeof(r->callees[0]), by_time);
	table_begin(key, "us",
		    "where the time goes: %s, %s and its direct callees per call (function_graph, %ld calls)",
		    what, r->name, r->calls);
	row("total", per, "total", "%s: one call", r->name);
	for (i = 0; i < r->ncallees; i++) {
		double c = r->callees[i].us / r->calls;

		sum += c;
		if (r->callees[i].calls * 10 < r->calls) {
			rest += c;
			nrest++;
			continue;
		}
		row(r->callees[i].name, c, "total", "%s (%.2f calls)", r->callees[i].name,
		    (double)r->callees[i].calls / r->calls);
	}
	if (nrest)
		row("others", rest, "total",
		    "%d callees in fewer than 1 call in 10 (interrupts, rare paths)", nrest);
	row("self", per > sum ? per - sum : 0, "total",
	    "%s itself: inlined code, the tracer's own entry and exit", r->name);
	table_end();
}

static void skip_table(const char *key, const char *what, const char *root)
{
	table_begin(key, "us", "where the time goes: %s (function_graph)", what);
	row_skip("ftrace", no_graph, root);
	table_end();
}

/* @reps ATTACH ioctls of @p between @ctr[0] and [1], traced from @root. */
static void profile_attach_one(const uint64_t *ctr, pid_t p, int reps,
			       const char *key, const char *root)
{
	struct root r = {};
	int i;

	snprintf(r.name, sizeof(r.name), "%s", root);
	trace_start(&r, 1);
	for (i = 0; i < reps; i++)
		REQUIRE(!ctrl_attach(fd, ctr[i % 2], p, 0), "attach");
	trace_collect(&r, 1);
	report(key, "the ATTACH ioctl", &r);
}

/*
 * The ATTACH ioctl a level at a time: the ioctl handler, the operation
 * (core.c), the membership move (member.c), each a run of its own.
 */
static void profile_attach(void)
{
	int reps = bench_n(2000, 20), i;
	uint64_t ctr[2];
	pid_t p = sleeper();

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "prof-a", 0755, 0, &ctr[0]), "create");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "prof-b", 0755, 0, &ctr[1]), "create");
	for (i = 0; i < 100; i++)	/* warm */
		REQUIRE(!ctrl_attach(fd, ctr[i % 2], p, 0), "attach");
	profile_attach_one(ctr, p, reps, "profile-ioctl", "ctr_ioctl");
	profile_attach_one(ctr, p, reps, "profile-attach", "ctr_attach");
	profile_attach_one(ctr, p, reps, "profile-attach-member", "ctr_member_attach");
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	CHECK_RET(ctrl_destroy(fd, ctr[0]), 0);
	CHECK_RET(ctrl_destroy(fd, ctr[1]), 0);
}

/*
 * The PIDS ioctl of a container of 10 000 processes: the ioctl handler's
 * part (the copy out), then the snapshot (ctr_pids), each a run of its
 * own.
 */
static void profile_pids(void)
{
	int n = bench_n(10000, 20), reads = bench_n(20, 3), i, k;
	uint32_t *buf = calloc(n, sizeof(*buf)), count, total, moved, err;
	pid_t *kids = calloc(n, sizeof(*kids));
	static const char *const roots[2] = { "ctr_ioc_pids", "ctr_pids" };
	static const char *const keys[2] = { "profile-pids-ioctl", "profile-pids" };
	uint64_t id;

	REQUIRE(buf && kids, "calloc");
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "prof-pids", 0755, 0, &id), "create");
	for (i = 0; i < n; i++)
		kids[i] = sleeper();
	REQUIRE(!ctrl_attach_batch(fd, id, kids, n, 0, &moved, &err), "attach batch");
	for (k = 0; k < 2; k++) {
		struct root r = {};

		snprintf(r.name, sizeof(r.name), "%s", roots[k]);
		trace_start(&r, 1);
		for (i = 0; i < reads; i++) {
			count = n;
			REQUIRE(!ctrl_pids(fd, id, 0, 0, buf, &count, &total, NULL), "pids");
			REQUIRE(count == (uint32_t)n, "pids: %u of %d", count, n);
		}
		trace_collect(&r, 1);
		report(keys[k], "the PIDS ioctl, 10 000 processes", &r);
	}
	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	CHECK_RET(ctrl_destroy(fd, id), 0);
	free(buf);
	free(kids);
}

/* @n children forked and reaped by a child of ours placed in @id. */
static void storm(uint64_t id, int n)
{
	pid_t p = fork();
	int status;

	REQUIRE(p >= 0, "fork");
	if (!p) {
		if (ctrl_attach(fd, id, 0, 0))
			_exit(2);
		_exit(bench_fork_reap(n));
	}
	REQUIRE(waitpid(p, &status, 0) == p && WIFEXITED(status) &&
		!WEXITSTATUS(status), "storm: status %#x", status);
}

struct reader {
	struct ctrl_events *ev;
	volatile int stop;
	_Atomic uint64_t seen;
};

static void *reader(void *arg)
{
	struct reader *r = arg;
	struct pollfd p = { .fd = ctrl_events_fd(r->ev), .events = POLLIN };
	struct ctrl_event e;
	uint64_t n = 0;

	for (;;) {
		while (!ctrl_events_next(r->ev, &e))
			n++;
		atomic_store(&r->seen, n + ctrl_events_lost(r->ev));
		if (r->stop)
			return NULL;
		poll(&p, 1, 10);
	}
}

/* A storm of @n traced from the two roots @r, with the subscriber @rd if any. */
static void profile_storm(uint64_t id, int n, struct root *r,
			  struct reader *rd, uint64_t *seen0)
{
	trace_start(r, 2);
	storm(id, n);
	/* A FORK and an EXIT per child, the stormer's ATTACH, EXIT and EMPTY. */
	if (rd) {
		CHECK(WAIT_UNTIL(atomic_load(&rd->seen) - *seen0 >= 2ULL * n + 3,
				 CTRTEST_DEADLINE_S),
		      "subscriber: %llu of %llu events",
		      (unsigned long long)(atomic_load(&rd->seen) - *seen0), 2ULL * n + 3);
		*seen0 = atomic_load(&rd->seen);
	}
	trace_collect(r, 2);
}

/*
 * The probes, with nobody subscribed: membership (member.c) below the
 * tracepoint probes. Then with a subscriber of both groups: an event's
 * copy into the ring in the probe, the work that sends, and its flush
 * (packing and multicast).
 */
static void profile_fork(void)
{
	int n = bench_n(1000, 10);
	struct root fr[2] = { { .name = "ctr_member_fork" }, { .name = "ctr_member_exit" } };
	struct root er[2] = { { .name = "ctr_event_emit" }, { .name = "ctr_ev_send" } };
	struct root fl[2] = { { .name = "ctr_ev_flush" }, { .name = "ctr_ev_fill" } };
	struct reader rd = {};
	uint64_t id, seen0 = 0;
	pthread_t th;
	int ret;

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "prof-fork", 0755, 0, &id), "create");
	storm(id, 10);	/* warm */
	profile_storm(id, n, fr, NULL, NULL);
	report("profile-fork", "the fork probe, in a container, no subscriber", &fr[0]);
	report("profile-exit", "the exit probe, in a container, no subscriber", &fr[1]);

	ret = ctrl_events_open(&rd.ev, CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS |
			       CTRL_EVENTS_NONBLOCK);
	REQUIRE(!ret, "subscribe: %s", strerror(-ret));
	REQUIRE(!pthread_create(&th, NULL, reader, &rd), "pthread_create");
	profile_storm(id, n, er, &rd, &seen0);
	profile_storm(id, n, fl, &rd, &seen0);
	rd.stop = 1;
	pthread_join(th, NULL);
	ctrl_events_close(rd.ev);
	report("profile-emit", "an event, in the probe (a subscriber of both groups)", &er[0]);
	report("profile-send", "sending events, the work (a subscriber of both groups)", &er[1]);
	report("profile-flush", "multicasting a packed skb (a subscriber of both groups)", &fl[0]);
	report("profile-fill", "packing an event into an skb (a subscriber of both groups)", &fl[1]);
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

int main(void)
{
	bench_init();
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	if (!graph_available()) {
		skip_table("profile-ioctl", "the ATTACH ioctl", "ctr_ioctl");
		skip_table("profile-attach", "the ATTACH ioctl", "ctr_attach");
		skip_table("profile-attach-member", "the ATTACH ioctl", "ctr_member_attach");
		skip_table("profile-pids-ioctl", "the PIDS ioctl", "ctr_ioc_pids");
		skip_table("profile-pids", "the PIDS ioctl", "ctr_pids");
		skip_table("profile-fork", "the fork probe", "ctr_member_fork");
		skip_table("profile-exit", "the exit probe", "ctr_member_exit");
		skip_table("profile-emit", "an event, in the probe", "ctr_event_emit");
		skip_table("profile-send", "sending events, the work", "ctr_ev_send");
		skip_table("profile-flush", "multicasting a packed skb", "ctr_ev_flush");
		skip_table("profile-fill", "packing an event into an skb", "ctr_ev_fill");
		return ctrtest_done();
	}
	profile_attach();
	profile_pids();
	profile_fork();
	return ctrtest_done();
}
