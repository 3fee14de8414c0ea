// SPDX-License-Identifier: GPL-2.0
/*
 * Fork and events benchmark, in the VM, one boot; the output is the BENCH
 * lines of bench.h.
 *  - fork: fork+exit time of a process with the module not loaded, loaded
 *    with the process in the root container, in a container, and in a
 *    cgroup v2 child; the module is unloaded and loaded again (from
 *    $CTR_KO) between rounds, so every state is measured in every round,
 *    each timed storm after an untimed one from the same place;
 *    it is loaded when the program ends, whatever happens;
 *  - subscribers: fork+exit in a container with no subscriber, with a
 *    subscriber of the "events" group, of the "tasks" group (a FORK per
 *    task), of both, and with a proc connector subscriber, each reading in
 *    a thread of its own, until the storm is reaped and the subscriber has
 *    read its children's events; the variants interleaved in every run;
 *  - events-read, events-stalled: a fork/exit storm observed at once by a
 *    containerctl subscriber (both groups) and a proc connector subscriber
 *    (NETLINK_CONNECTOR, CN_IDX_PROC, PROC_CN_MCAST_LISTEN), both with the
 *    same 4 MiB receive buffer, reading in threads or not reading until the
 *    storm is over: events generated, received, and reported lost.
 * Each time is the median of repeated runs. Absolute times under software
 * emulation mean little: the ratios are the result.
 */
#define _GNU_SOURCE
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <containerctl/ctrl.h>
#include <containerctl/events.h>

#include "bench.h"

static int fd = -1;
static uint64_t cont;		/* the container the storms run in */
static int unloaded;

enum where { IN_ROOT, IN_CONTAINER, IN_CGROUP };

static void load_module(void)
{
	const char *ko = getenv("CTR_KO");
	int f;

	REQUIRE(ko, "CTR_KO not set");
	f = open(ko, O_RDONLY | O_CLOEXEC);
	REQUIRE(f >= 0, "open %s: %s", ko, strerror(errno));
	REQUIRE(!syscall(SYS_finit_module, f, "", 0), "load %s: %s", ko, strerror(errno));
	close(f);
	unloaded = 0;
}

/* Whatever ends the program: the module is loaded again. */
static void reload_at_exit(void)
{
	const char *ko = getenv("CTR_KO");
	int f;

	if (!unloaded || !ko)
		return;
	f = open(ko, O_RDONLY | O_CLOEXEC);
	if (f < 0 || syscall(SYS_finit_module, f, "", 0))
		fprintf(stderr, "load %s: %s\n", ko, strerror(errno));
}

static void unload_module(void)
{
	REQUIRE(!syscall(SYS_delete_module, "containerctl", O_NONBLOCK),
		"unload: %s", strerror(errno));
	unloaded = 1;
}

static void setup(void)
{
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "bench-events", 0755, 0, &cont),
		"create");
}

static void teardown(void)
{
	REQUIRE(!ctrl_destroy(fd, cont), "destroy");
	close(fd);
	fd = -1;
}

/* The process a storm is running in, for the proc connector's reader. */
static volatile pid_t stormer;

/* The CPU time @clk has counted (CLOCK_THREAD_CPUTIME_ID...), in ns. */
static uint64_t cpu_ns(clockid_t clk)
{
	struct timespec ts;

	REQUIRE(!clock_gettime(clk, &ts), "clock_gettime: %s", strerror(errno));
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The CPU time of the children this process has reaped, in ns. */
static uint64_t children_cpu_ns(void)
{
	struct rusage ru;

	REQUIRE(!getrusage(RUSAGE_CHILDREN, &ru), "getrusage: %s", strerror(errno));
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ULL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ULL;
}

/*
 * Forks @n children that exit at once from a process placed @where, then
 * reaps them; sets @span[0] and [1] to when it began and ended
 * (CLOCK_MONOTONIC, ns) and @span[2] to the CPU time the storm took
 * meanwhile, the forking process's and its children's, in ns.
 */
static void storm_span(enum where where, int n, uint64_t span[3])
{
	int res[2], go[2];
	char c = 0;
	pid_t p;

	REQUIRE(!pipe(res) && !pipe(go), "pipe");
	p = fork();
	REQUIRE(p >= 0, "fork");
	if (!p) {
		int f;

		if (where == IN_CONTAINER && ctrl_attach(fd, cont, 0, 0))
			_exit(2);
		if (where == IN_CGROUP) {
			f = open(CG2 "/bench-fork/cgroup.procs", O_WRONLY);
			if (f < 0 || write(f, "0", 1) != 1)
				_exit(2);
			close(f);
		}
		if (read(go[0], &c, 1) != 1)
			_exit(5);
		span[2] = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
		span[0] = now_ns();
		f = bench_fork_reap(n);
		if (f)
			_exit(f);
		span[1] = now_ns();
		span[2] = cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - span[2] +
			  children_cpu_ns();
		if (write(res[1], span, 3 * sizeof(*span)) != 3 * sizeof(*span))
			_exit(4);
		_exit(0);
	}
	stormer = p;
	REQUIRE(write(go[1], &c, 1) == 1, "go");
	REQUIRE(read(res[0], span, 3 * sizeof(*span)) == 3 * sizeof(*span), "storm failed");
	waitpid(p, NULL, 0);
	close(res[0]);
	close(res[1]);
	close(go[0]);
	close(go[1]);
}

/* storm_span()'s time per child (fork, exit and wait), in microseconds. */
static double storm(enum where where, int n)
{
	uint64_t span[3];

	storm_span(where, n, span);
	return (span[1] - span[0]) / 1000.0 / n;
}

/*
 * storm() in the steady state: after an untimed storm from the same place,
 * whose deferred work (the RCU callbacks and workers that free its tasks,
 * and the module's records) falls in the timed one, as in a workload that
 * forks continuously. Without it a storm paid for whatever ran before it:
 * in a counted boot the root's storm cost 280.3 us a child first after the
 * module's load and 283.6 to 285.1 us after another storm.
 */
static double storm_steady(enum where where, int n)
{
	storm(where, n);
	return storm(where, n);
}

static void bench_fork(void)
{
	int rounds = bench_n(11, 1), forks = bench_n(1000, 10), i, j, w;
	double *t[4];

	for (i = 0; i < 4; i++) {
		t[i] = calloc(rounds, sizeof(double));
		REQUIRE(t[i], "calloc");
	}
	must_mkdir(CG2 "/bench-fork");
	storm(IN_ROOT, forks);	/* warm-up, not counted */
	/*
	 * Short rounds, each measuring every state, the loaded states in a
	 * rotating order: a slower moment of the emulating host then weighs
	 * on all of them, not on one.
	 */
	for (i = 0; i < rounds; i++) {
		teardown();
		unload_module();
		t[0][i] = storm_steady(IN_ROOT, forks);
		load_module();
		setup();
		for (j = 0; j < 3; j++) {
			w = (i + j) % 3;
			t[1 + w][i] = storm_steady(w == 0 ? IN_ROOT :
						   w == 1 ? IN_CONTAINER : IN_CGROUP, forks);
		}
	}
	table_begin("fork", "us",
		    "fork+exit+wait of %d children per run after as many untimed, time per child (median of %d runs)",
		    forks, rounds);
	row("unloaded", median_d(t[0], rounds), "unloaded", "module not loaded");
	row("root", median_d(t[1], rounds), "unloaded", "module loaded, process in the root");
	row("container", median_d(t[2], rounds), "unloaded",
	    "module loaded, process in a container");
	row("cgroup", median_d(t[3], rounds), "unloaded",
	    "module loaded, process in a cgroup v2 child");
	table_end();
	must_rmdir(CG2 "/bench-fork");
	for (i = 0; i < 4; i++)
		free(t[i]);
}

/* When a subscriber has read what a run waits for: @want events (0: never). */
struct done {
	uint64_t want;
	_Atomic uint64_t ns;	/* CLOCK_MONOTONIC when it had them, or 0 */
};

static void done_reset(struct done *d, uint64_t want)
{
	d->want = want;
	atomic_store(&d->ns, 0);
}

/* The subscriber has @count events: notes the time the first time it suffices. */
static void done_note(struct done *d, uint64_t count)
{
	if (d->want && count >= d->want && !atomic_load(&d->ns))
		atomic_store(&d->ns, now_ns());
}

/* A containerctl subscriber reading in a thread. */
struct reader {
	struct ctrl_events *ev;
	volatile int stop;
	uint64_t events;
	_Atomic uint64_t seen;	/* events read and reported lost */
	struct done done;	/* counted in seen */
	uint64_t cpu;		/* the thread's CPU time, ns, once stopped */
};

/* The reader's progress: @seen events so far. */
static void reader_seen(struct reader *r, uint64_t seen)
{
	atomic_store(&r->seen, seen);
	done_note(&r->done, seen);
}

static void *reader(void *arg)
{
	struct reader *r = arg;
	struct pollfd p = { .fd = ctrl_events_fd(r->ev), .events = POLLIN };
	uint64_t cpu0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
	struct ctrl_event e;

	for (;;) {
		if (!ctrl_events_next(r->ev, &e)) {
			r->events++;
			reader_seen(r, r->events + ctrl_events_lost(r->ev));
			continue;
		}
		reader_seen(r, r->events + ctrl_events_lost(r->ev));
		if (r->stop) {
			r->cpu = cpu_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
			return NULL;
		}
		poll(&p, 1, 10);
	}
}

/* Subscribes to @groups and reads in a thread; done once it has @want. */
static void reader_start(struct reader *r, pthread_t *t, unsigned int groups,
			 uint64_t want)
{
	int ret = ctrl_events_open(&r->ev, groups | CTRL_EVENTS_NONBLOCK);

	REQUIRE(!ret, "subscribe: %s", strerror(-ret));
	r->stop = 0;
	r->events = 0;
	atomic_store(&r->seen, 0);
	done_reset(&r->done, want);
	REQUIRE(!pthread_create(t, NULL, reader, r), "pthread_create");
}

/* Once it has read (or been told it lost) @expect events, or 30 s passed. */
static void reader_stop(struct reader *r, pthread_t t, uint64_t expect)
{
	CHECK(WAIT_UNTIL(atomic_load(&r->seen) >= expect, CTRTEST_DEADLINE_S),
	      "containerctl subscriber: %llu of %llu events",
	      (unsigned long long)atomic_load(&r->seen), (unsigned long long)expect);
	r->stop = 1;
	pthread_join(t, NULL);
}

/* The proc connector subscriber: its socket and what it counted. */
struct cn {
	int sk;
	volatile int stop;
	_Atomic uint64_t events;	/* FORK and EXIT of the stormer's children */
	uint64_t overruns;	/* ENOBUFS from recv() */
	struct done done;	/* counted in events */
	uint64_t cpu;		/* the reader's CPU time, ns, once stopped */
};

#define CN_RCVBUF (4 << 20)	/* as libctrl's subscription */

static int cn_send_op(int sk, enum proc_cn_mcast_op op)
{
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg = {};

	msg.nl.nlmsg_len = sizeof(msg);
	msg.nl.nlmsg_type = NLMSG_DONE;
	msg.nl.nlmsg_pid = getpid();
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof(enum proc_cn_mcast_op);
	msg.op = op;
	return send(sk, &msg, sizeof(msg), 0) == sizeof(msg) ? 0 : -errno;
}

static void cn_open(struct cn *c)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	int size = CN_RCVBUF;

	memset(c, 0, sizeof(*c));
	c->sk = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       NETLINK_CONNECTOR);
	REQUIRE(c->sk >= 0, "proc connector socket: %s", strerror(errno));
	if (setsockopt(c->sk, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		REQUIRE(!setsockopt(c->sk, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)),
			"SO_RCVBUF: %s", strerror(errno));
	REQUIRE(!bind(c->sk, (struct sockaddr *)&sa, sizeof(sa)),
		"proc connector bind: %s", strerror(errno));
	REQUIRE(!cn_send_op(c->sk, PROC_CN_MCAST_LISTEN), "PROC_CN_MCAST_LISTEN: %s",
		strerror(errno));
}

static void cn_close(struct cn *c)
{
	cn_send_op(c->sk, PROC_CN_MCAST_IGNORE);
	close(c->sk);
}

/* Reads what is queued; returns 0 when nothing is left. */
static int cn_drain(struct cn *c)
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nl;
	ssize_t len;
	int got = 0;

	for (;;) {
		len = recv(c->sk, buf, sizeof(buf), 0);
		if (len < 0 && errno == ENOBUFS) {
			c->overruns++;
			continue;
		}
		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0)
			return got;
		got = 1;
		for (nl = (struct nlmsghdr *)buf; NLMSG_OK(nl, len); nl = NLMSG_NEXT(nl, len)) {
			struct cn_msg *cn = NLMSG_DATA(nl);
			struct proc_event *ev = (struct proc_event *)cn->data;

			if (nl->nlmsg_type != NLMSG_DONE || cn->id.idx != CN_IDX_PROC)
				continue;
			if (ev->what == PROC_EVENT_FORK &&
			    ev->event_data.fork.parent_tgid == stormer)
				c->events++;
			else if (ev->what == PROC_EVENT_EXIT &&
				 ev->event_data.exit.parent_tgid == stormer &&
				 ev->event_data.exit.process_tgid != stormer)
				c->events++;
		}
		done_note(&c->done, c->events);
	}
}

static void *cn_reader(void *arg)
{
	struct cn *c = arg;
	struct pollfd p = { .fd = c->sk, .events = POLLIN };
	uint64_t cpu0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);

	for (;;) {
		if (cn_drain(c))
			continue;
		if (c->stop) {
			c->cpu = cpu_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
			return NULL;
		}
		poll(&p, 1, 10);
	}
}

/*
 * The proc connector sends from fork and exit themselves: once the storm
 * is reaped its events are all queued (or dropped), and the reader stops
 * when it finds the socket empty.
 */
static void cn_stop(struct cn *c, pthread_t t)
{
	c->stop = 1;
	pthread_join(t, NULL);
}

#define EVENT_DELAY "/sys/module/containerctl/parameters/event_delay_us"

/* The module's event_delay_us (the sender's wait for more events). */
static unsigned int event_delay_get(void)
{
	unsigned int us;
	FILE *f = fopen(EVENT_DELAY, "r");

	REQUIRE(f && fscanf(f, "%u", &us) == 1, "read %s", EVENT_DELAY);
	fclose(f);
	return us;
}

static void event_delay_set(unsigned int us)
{
	FILE *f = fopen(EVENT_DELAY, "w");

	REQUIRE(f && fprintf(f, "%u\n", us) > 0 && !fclose(f), "write %s",
		EVENT_DELAY);
}

/* bench_subscribers()'s variants: no subscriber first, the proc connector last. */
enum { NONE, EVENTS, EVENTS0, TASKS, BOTH, CN, NV };

static const struct variant {
	const char *key;
	const char *what;
	unsigned int groups;	/* containerctl's; 0 for NONE and CN */
} variant[NV] = {
	[NONE] = { "none", "no subscriber" },
	[EVENTS] = { "events", "containerctl \"events\" subscriber",
		     CTRL_EVENTS_GROUP_EVENTS },
	[EVENTS0] = { "events0",
		      "containerctl \"events\" subscriber, event_delay_us=0",
		      CTRL_EVENTS_GROUP_EVENTS },
	[TASKS] = { "tasks", "containerctl \"tasks\" subscriber",
		    CTRL_EVENTS_GROUP_TASKS },
	[BOTH] = { "both", "containerctl \"events\"+\"tasks\" subscriber",
		   CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS },
	[CN] = { "cn", "proc connector subscriber" },
};

/*
 * The events a variant's subscriber gets from a storm of @forks children:
 * in "events" the stormer's ATTACH, an EXIT per child, the stormer's own
 * EXIT and EMPTY; in "tasks" a FORK per child; from the proc connector a
 * FORK and an EXIT per child. With @children, only up to the last child's
 * (not the stormer's EXIT and EMPTY, which come after the storm).
 */
static uint64_t storm_events(int v, int forks, bool children)
{
	uint64_t n = 0;

	if (v == CN)
		return 2ULL * forks;
	if (variant[v].groups & CTRL_EVENTS_GROUP_EVENTS)
		n += forks + (children ? 1 : 3);
	if (variant[v].groups & CTRL_EVENTS_GROUP_TASKS)
		n += forks;
	return n;
}

/*
 * Whose CPU time a subscribers run was, per child and variant: the
 * storm's (the forking process and its children, which includes what the
 * fork and exit paths do for the subscribers: the proc connector sends
 * from them), the reading thread's, and the rest of the run's time (kernel
 * threads, such as containerctl's sender, idle), each the median over
 * the runs of its own. The rest is the run's wall time less the two CPU
 * times: on one vCPU (the counted boots) never negative, on two it is when
 * the storm and the reader ran at once, so it is no ratio's base. Debian's
 * kernels have no CONFIG_IRQ_TIME_ACCOUNTING: an interrupt or a softirq
 * (timers, RCU callbacks freeing the children) counts for whichever task
 * it interrupted, so a subscriber that runs often can move such work from
 * the storm's time into its own.
 */
static void subscribers_cpu(int runs, double **st, double **rd, double **rest)
{
	char k[32];
	int v;

	table_begin("subscribers-cpu", "us",
		    "the same runs, per child: CPU time of the storm, of the reading thread, and the rest of the run (median of %d)",
		    runs);
	for (v = 0; v < NV; v++) {
		snprintf(k, sizeof(k), "%s-storm", variant[v].key);
		row(k, median_d(st[v], runs), "none-storm",
		    "%s: the storm (the forking process and its children)",
		    variant[v].what);
	}
	for (v = NONE + 1; v < NV; v++) {
		snprintf(k, sizeof(k), "%s-reader", variant[v].key);
		row(k, median_d(rd[v], runs), NULL, "%s: the reading thread",
		    variant[v].what);
	}
	for (v = 0; v < NV; v++) {
		snprintf(k, sizeof(k), "%s-rest", variant[v].key);
		row(k, median_d(rest[v], runs), NULL,
		    "%s: the rest (kernel threads, interrupts, idle)",
		    variant[v].what);
	}
	table_end();
}

/* Reads what @ev has queued, adding to @got; returns @got's new value. */
static uint64_t ctr_drain(struct ctrl_events *ev, uint64_t *got)
{
	struct ctrl_event e;

	while (!ctrl_events_next(ev, &e))
		(*got)++;
	return *got;
}

/*
 * A storm of @forks children with variant @v's subscriber subscribed but
 * reading only once the storm is over: sets @storm to the storm's time per
 * child (the kernel's part: containerctl's probes and sender, the proc
 * connector's sending from fork and exit, queueing into a socket nobody
 * reads yet) and @reading to the CPU time per child this thread then takes
 * to read it all (the reader's part; CPU time, so that containerctl's
 * sender finishing its last batch, a tick at most, is not counted).
 * Adds to @read and @lost (for the proc connector: ENOBUFS).
 */
static void storm_apart(int v, int forks, double *storm, double *reading,
			uint64_t *read, uint64_t *lost)
{
	uint64_t want = storm_events(v, forks, false), span[3], got = 0, cpu0;
	struct ctrl_events *ev = NULL;
	struct cn c;

	if (v == CN)
		cn_open(&c);
	else if (v != NONE)
		REQUIRE(!ctrl_events_open(&ev, variant[v].groups | CTRL_EVENTS_NONBLOCK),
			"subscribe");
	storm_span(IN_CONTAINER, forks, span);
	*storm = (span[1] - span[0]) / 1000.0 / forks;
	cpu0 = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
	if (v == CN) {
		/* Sent from fork and exit: all is queued. */
		while (cn_drain(&c))
			;
		*read += c.events;
		*lost += c.overruns;
		cn_close(&c);
	} else if (v != NONE) {
		CHECK(WAIT_UNTIL(ctr_drain(ev, &got) + ctrl_events_lost(ev) >= want,
				 CTRTEST_DEADLINE_S),
		      "%s: %llu of %llu events", variant[v].key,
		      (unsigned long long)got, (unsigned long long)want);
		*read += got;
		*lost += ctrl_events_lost(ev);
		ctrl_events_close(ev);
	}
	*reading = (cpu_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0) / 1000.0 / forks;
}

/* subscribers-apart: storm_apart()'s figures per variant, medians of @runs. */
static void subscribers_apart(int runs, int forks, double **st, double **rd,
			      const uint64_t *read, const uint64_t *lost)
{
	char k[32];
	int v;

	table_begin("subscribers-apart", "us",
		    "fork+exit+wait in a container with a subscriber that reads only after the storm, per child: the storm, then the reading (CPU time), %d children per run (median of %d, interleaved)",
		    forks, runs);
	for (v = 0; v < NV; v++) {
		snprintf(k, sizeof(k), "%s-storm", variant[v].key);
		row(k, median_d(st[v], runs), "none-storm", "%s: the storm",
		    variant[v].what);
	}
	for (v = NONE + 1; v < NV; v++) {
		snprintf(k, sizeof(k), "%s-read", variant[v].key);
		row(k, median_d(rd[v], runs), NULL,
		    v == CN ? "%s: reading afterwards (%llu read, %llu ENOBUFS)" :
			      "%s: reading afterwards (%llu read, %llu lost)",
		    variant[v].what, (unsigned long long)read[v],
		    (unsigned long long)lost[v]);
	}
	table_end();
}

/*
 * fork+exit in a container with no subscriber, with containerctl
 * subscribers of each group and of both, and with a proc connector
 * subscriber, each reading in a thread. Every run measures every variant,
 * in a rotating order, each with a subscriber of its own that is stopped
 * once it has all the storm's events: a slower moment of the emulating
 * host weighs on all of them.
 *
 * A storm of n children in a container generates, in the "events" group,
 * the stormer's ATTACH, an EXIT per child and its own, and EMPTY (n + 3);
 * in "tasks", a FORK per child (n); the proc connector counts a FORK and
 * an EXIT per child (2n). A run's time is from the first fork until both
 * the last child is reaped and the subscriber has read the events of the
 * children (all but the stormer's EXIT and EMPTY, which come after): on
 * one vCPU (make bench's counted boots) a reader that runs after the
 * storm counts too, and so does any wait of containerctl's sender for
 * more events (event_delay_us) that outlasts the storm: the tail, from
 * the last child reaped until the subscriber had the children's events
 * (0 if it had them first), is reported per variant, and "events" is
 * measured a second time with event_delay_us=0 (each event sent at once).
 *
 * Each variant's run is followed by one with its subscriber reading only
 * after the storm (storm_apart(), the subscribers-apart table): there no
 * reader shares the vCPU during the storm, and the kernel's part and the
 * reader's are measured apart.
 *
 * From the first reader on, this program has run threads, and a process
 * it forks then forks dearer, module or not (counted, with the module not
 * loaded: +24% a child after one pthread_create() and join): "none" here
 * is not the fork table's "container", which runs before any thread.
 */
static void bench_subscribers(void)
{
	int runs = bench_n(15, 1), forks = bench_n(1000, 10), i, j, v;
	uint64_t read[NV] = {}, lost[NV] = {}, expect[NV], want[NV], span[3], end;
	unsigned int delay = event_delay_get();
	double *t[NV], *tail[NV], *st[NV], *rd[NV], *rest[NV], *ast[NV], *ard[NV];
	uint64_t aread[NV] = {}, alost[NV] = {};
	struct reader r;
	struct cn c;
	pthread_t th;

	for (v = 0; v < NV; v++) {
		expect[v] = storm_events(v, forks, false);
		want[v] = storm_events(v, forks, true);
		t[v] = calloc(runs, sizeof(double));
		tail[v] = calloc(runs, sizeof(double));
		st[v] = calloc(runs, sizeof(double));
		rd[v] = calloc(runs, sizeof(double));
		rest[v] = calloc(runs, sizeof(double));
		ast[v] = calloc(runs, sizeof(double));
		ard[v] = calloc(runs, sizeof(double));
		REQUIRE(t[v] && tail[v] && st[v] && rd[v] && rest[v] && ast[v] && ard[v],
			"calloc");
	}
	for (i = 0; i < runs; i++) {
		for (j = 0; j < NV; j++) {
			v = (i + j) % NV;
			stormer = -1;
			if (v == EVENTS0)
				event_delay_set(0);
			if (v == CN) {
				cn_open(&c);
				done_reset(&c.done, want[CN]);
				REQUIRE(!pthread_create(&th, NULL, cn_reader, &c),
					"pthread_create");
			} else if (v != NONE) {
				reader_start(&r, &th, variant[v].groups, want[v]);
			}
			storm_span(IN_CONTAINER, forks, span);
			end = span[1];
			rd[v][i] = 0;
			if (v == CN) {
				cn_stop(&c, th);
				rd[v][i] = c.cpu / 1000.0 / forks;
				read[v] += atomic_load(&c.events);
				/* Some lost: until it found its socket empty. */
				end = atomic_load(&c.done.ns) ?: now_ns();
				cn_close(&c);
			} else if (v != NONE) {
				reader_stop(&r, th, expect[v]);
				rd[v][i] = r.cpu / 1000.0 / forks;
				read[v] += r.events;
				lost[v] += ctrl_events_lost(r.ev);
				end = atomic_load(&r.done.ns);
				ctrl_events_close(r.ev);
			}
			storm_apart(v, forks, &ast[v][i], &ard[v][i], &aread[v],
				    &alost[v]);
			if (v == EVENTS0)
				event_delay_set(delay);
			if (end < span[1])
				end = span[1];
			t[v][i] = (end - span[0]) / 1000.0 / forks;
			tail[v][i] = (end - span[1]) / 1000.0;
			st[v][i] = span[2] / 1000.0 / forks;
			rest[v][i] = t[v][i] - st[v][i] - rd[v][i];
		}
	}
	table_begin("subscribers", "us",
		    "fork+exit+wait in a container with a subscriber reading in a thread, until it has read the children's events, %d children per run (median of %d, interleaved)",
		    forks, runs);
	for (v = 0; v < NV; v++) {
		if (v == NONE)
			row(variant[v].key, median_d(t[v], runs), "none", "%s",
			    variant[v].what);
		else if (v == CN)
			row(variant[v].key, median_d(t[v], runs), "none",
			    "%s (%llu of its events read)", variant[v].what,
			    (unsigned long long)read[v]);
		else
			row(variant[v].key, median_d(t[v], runs), "none",
			    "%s (%llu read, %llu lost)", variant[v].what,
			    (unsigned long long)read[v],
			    (unsigned long long)lost[v]);
	}
	table_end();
	table_begin("subscribers-tail", "us",
		    "the same runs: from the last child reaped until the subscriber had the children's events, per run (median of %d; event_delay_us=%u where not said)",
		    runs, delay);
	for (v = NONE + 1; v < NV; v++)
		row(variant[v].key, median_d(tail[v], runs), NULL, "%s",
		    variant[v].what);
	table_end();
	subscribers_cpu(runs, st, rd, rest);
	subscribers_apart(runs, forks, ast, ard, aread, alost);
	for (v = 0; v < NV; v++) {
		free(t[v]);
		free(tail[v]);
		free(st[v]);
		free(rd[v]);
		free(rest[v]);
		free(ast[v]);
		free(ard[v]);
	}
}

static void bench_events(int stalled)
{
	unsigned int groups = variant[BOTH].groups;
	int n = bench_n(10000, 20);
	/* Those of the storm, and when stalled of one more child's. */
	uint64_t storm_gen = storm_events(BOTH, n, false),
		 ctr_gen = storm_gen + (stalled ? storm_events(BOTH, 1, false) : 0),
		 cn_gen = storm_events(CN, n, false) +
			  (stalled ? storm_events(CN, 1, false) : 0),
		 got = 0;
	pthread_t th, cth;
	struct reader r;
	struct cn c;

	stormer = -1;
	cn_open(&c);
	if (stalled) {
		REQUIRE(!ctrl_events_open(&r.ev, groups | CTRL_EVENTS_NONBLOCK), "subscribe");
		storm(IN_CONTAINER, n);
		/*
		 * Read once the storm is over, until every event of it is
		 * read or known lost (containerctl's sender may still be
		 * sending). Events lost last show only once a later one
		 * arrives: then the wait ends at its deadline, and the one
		 * more child below tells them.
		 */
		(void)WAIT_UNTIL(ctr_drain(r.ev, &got) + ctrl_events_lost(r.ev) >=
				 storm_gen, CTRTEST_DEADLINE_S);
		while (cn_drain(&c))
			;
		storm(IN_CONTAINER, 1);
		(void)WAIT_UNTIL(ctr_drain(r.ev, &got) + ctrl_events_lost(r.ev) >=
				 ctr_gen, CTRTEST_DEADLINE_S);
		/* The proc connector sends from fork and exit: all is queued. */
		while (cn_drain(&c))
			;
	} else {
		reader_start(&r, &th, groups, 0);
		REQUIRE(!pthread_create(&cth, NULL, cn_reader, &c), "pthread_create");
		storm(IN_CONTAINER, n);
		reader_stop(&r, th, storm_gen);
		cn_stop(&c, cth);
		got = r.events;
	}

	if (stalled)
		table_begin("events-stalled", "events",
			    "a storm of %d forks, subscribers reading only after it (then one more fork)",
			    n);
	else
		table_begin("events-read", "events",
			    "a storm of %d forks, subscribers reading in threads", n);
	row("ctr-gen", ctr_gen, NULL, "containerctl: events generated");
	row("ctr-recv", got, "ctr-gen", "containerctl: received");
	row("ctr-missing", ctr_gen - got, "ctr-gen", "containerctl: lost (generated - received)");
	row("ctr-lost", ctrl_events_lost(r.ev), "ctr-gen",
	    "containerctl: reported lost (from sequence numbers)");
	row("cn-gen", cn_gen, NULL, "proc connector: events generated");
	row("cn-recv", c.events, "cn-gen", "proc connector: received");
	row("cn-missing", cn_gen - c.events, "cn-gen",
	    "proc connector: lost (generated - received)");
	row("cn-overruns", c.overruns, NULL,
	    "proc connector: reported (ENOBUFS overruns; no count of events)");
	table_end();
	CHECK(got + ctrl_events_lost(r.ev) == ctr_gen,
	      "containerctl: received %llu + lost %llu != generated %llu",
	      (unsigned long long)got, (unsigned long long)ctrl_events_lost(r.ev),
	      (unsigned long long)ctr_gen);
	CHECK(c.events <= cn_gen, "proc connector: more events than generated");
	ctrl_events_close(r.ev);
	cn_close(&c);
}

int main(void)
{
	bench_init();
	atexit(reload_at_exit);
	setup();
	if (bench_want("fork"))
		bench_fork();
	if (bench_want("subscribers"))
		bench_subscribers();
	if (bench_want("events")) {
		bench_events(0);
		bench_events(1);
	}
	teardown();
	return ctrtest_done();
}
