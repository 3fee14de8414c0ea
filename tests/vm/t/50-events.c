// SPDX-License-Identifier: GPL-2.0
/*
 * Events, through libctrl's subscription (libnl underneath):
 * - an unprivileged subscriber is refused, for either group;
 * - each action produces exactly its events, once, in order, with the
 *   right fields: create, attach, fork, exit codes (normal and by signal),
 *   thread exits, kill, empty, explicit and automatic clones (the latter
 *   removed by the module once empty), a refused automatic clone, destroy,
 *   and autoremove;
 * - a dump followed by the events reconstructs the tree and its thread
 *   counts exactly while they change;
 * - a subscriber that keeps up with a fork/exit storm loses nothing;
 * - a subscriber that stops reading loses events, and the numbers say
 *   exactly how many, for both groups and for one;
 * - unloading the module with a subscriber attached is safe.
 * Leaves the module loaded.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

static int fd;

/*
 * The events of @ev into @evs (at most @cap; returns how many came) up to
 * the one numbered @last, the number of an event emitted before the call
 * (last_seq()): every event numbered before it has been sent by then. Then
 * any more that come within @ms of quiet (the caller's count says whether
 * there may be any).
 */
static size_t drain(struct ctrl_events *ev, struct ctrl_event *evs, size_t cap,
		    uint64_t last, int ms)
{
	struct pollfd p = { .fd = ctrl_events_fd(ev), .events = POLLIN };
	long long end = ctrtest_now_ns() + CTRTEST_DEADLINE_S * 1000000000LL;
	struct ctrl_event e;
	uint64_t seen = 0;
	size_t n = 0;

	for (;;) {
		int ret = ctrl_events_next(ev, &e);

		if (!ret) {
			if (n < cap)
				evs[n] = e;
			n++;
			if (e.seq > seen)
				seen = e.seq;
			continue;
		}
		if (ret != -EAGAIN) {
			CHECK(0, "ctrl_events_next: %s", strerror(-ret));
			return n;
		}
		if (seen < last && ctrtest_now_ns() >= end) {
			CHECK(0, "event %llu not received in %d s, the last %llu",
			      (unsigned long long)last, CTRTEST_DEADLINE_S,
			      (unsigned long long)seen);
			return n;
		}
		if (poll(&p, 1, seen < last ? 100 : ms) <= 0 && seen >= last)
			return n;
	}
}

static struct ctrl_events *subscribe(unsigned int groups)
{
	struct ctrl_events *ev;
	int ret = ctrl_events_open(&ev, groups | CTRL_EVENTS_NONBLOCK);

	REQUIRE(!ret, "ctrl_events_open: %s", strerror(-ret));
	return ev;
}

static int wait_exit(pid_t p)
{
	int status;

	REQUIRE(waitpid(p, &status, 0) == p, "waitpid");
	return status;
}

/* An expected event: its type and the fields that identify it. */
struct want {
	int type;
	uint64_t id;		/* ID, or TO for ATTACH; 0: not checked */
	uint32_t pid;		/* 0: not checked; for EXIT, the TGID */
	int32_t code;		/* EXIT: the status; NSREFUSED: the error */
	int dead;		/* EXIT: group_dead */
};

static struct want wants[64];
static size_t nwants;

static void want(int type, uint64_t id, uint32_t pid, int32_t code, int dead)
{
	wants[nwants++] = (struct want){ type, id, pid, code, dead };
}

static void check_stream(const struct ctrl_event *evs, size_t n, uint64_t base)
{
	size_t i;

	CHECK(n == nwants, "%zu events, expected %zu", n, nwants);
	for (i = 0; i < n && i < nwants; i++) {
		const struct ctrl_event *e = &evs[i];
		const struct want *w = &wants[i];
		uint64_t id = e->type == CONTAINERCTL_EV_ATTACH ? e->to : e->id;

		CHECK(e->seq == base + 1 + i, "event %zu: seq %llu, expected %llu",
		      i, (unsigned long long)e->seq, (unsigned long long)(base + 1 + i));
		CHECK((int)e->type == w->type, "event %zu: %s, expected %s", i,
		      ctrl_event_name(e->type), ctrl_event_name(w->type));
		if ((int)e->type != w->type)
			continue;
		if (w->id)
			CHECK(id == w->id, "event %zu (%s): id %llu, expected %llu", i,
			      ctrl_event_name(e->type), (unsigned long long)id,
			      (unsigned long long)w->id);
		if (w->pid && w->type == CONTAINERCTL_EV_EXIT)
			CHECK(e->tgid == w->pid, "event %zu (exit): tgid %u, expected %u",
			      i, e->tgid, w->pid);
		else if (w->pid)
			CHECK(e->pid == w->pid, "event %zu (%s): pid %u, expected %u", i,
			      ctrl_event_name(e->type), e->pid, w->pid);
		if (w->type == CONTAINERCTL_EV_EXIT && w->code != -1) {
			CHECK(e->exit_code == (uint32_t)w->code,
			      "event %zu: exit code %#x, expected %#x", i,
			      e->exit_code, w->code);
		}
		if (w->type == CONTAINERCTL_EV_EXIT)
			CHECK(e->group_dead == w->dead, "event %zu: group_dead %u", i,
			      e->group_dead);
		if (w->type == CONTAINERCTL_EV_NSREFUSED)
			CHECK(e->error == w->code, "event %zu: error %d, expected %d",
			      i, e->error, w->code);
	}
}

static int ignore_cb(const struct ctrl_event *e, void *arg)
{
	(void)e;
	(void)arg;
	return 0;
}

/*
 * The number of the last event emitted so far, by a dump on a handle of
 * its own (subscribed to @groups, as the caller's, so as not to change
 * which events are made).
 */
static uint64_t last_seq(unsigned int groups)
{
	struct ctrl_events *d = subscribe(groups);
	uint64_t seq = 0;

	CHECK_RET(ctrl_events_dump(d, ignore_cb, NULL, &seq), 0);
	ctrl_events_close(d);
	return seq;
}

static void *thread_exit(void *arg)
{
	return arg;
}

static void test_refused(void)
{
	pid_t p = fork();

	if (!p) {
		struct ctrl_events *ev;

		if (setresuid(65534, 65534, 65534))
			_exit(2);
		if (ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS) != -EPERM)
			_exit(3);
		if (ctrl_events_open(&ev, CTRL_EVENTS_GROUP_TASKS) != -EPERM)
			_exit(4);
		_exit(0);
	}
	CHECK(wait_exit(p) == 0, "unprivileged subscriber not refused: %#x",
	      wait_exit(p));
}

/* Each action and its events. */
static void test_actions(void)
{
	struct ctrl_events *ev = subscribe(CTRL_EVENTS_GROUP_EVENTS |
					   CTRL_EVENTS_GROUP_TASKS);
	static struct ctrl_event evs[128];
	struct containerctl_clone cl;
	struct containerctl_set set;
	struct containerctl_create cr;
	struct containerctl_stat st;
	uint64_t base, e, sig, nst, node, ar, k;
	int p2c[2], c2p[2], status;
	uint64_t denied;
	pid_t p, g;
	size_t n;

	CHECK_RET(ctrl_events_dump(ev, ignore_cb, NULL, &base), 0);
	nwants = 0;

	/* create */
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "e", 0755, 0, &e), "create");
	want(CONTAINERCTL_EV_CREATE, e, 0, 0, 0);

	/* attach, fork, exit 5, thread exit, exit 7 */
	REQUIRE(!pipe(p2c) && !pipe(c2p), "pipe");
	p = fork();
	if (!p) {
		pthread_t t;
		char c;

		if (read(p2c[0], &c, 1) != 1)
			_exit(9);
		g = fork();
		if (!g)
			_exit(5);
		waitpid(g, NULL, 0);
		if (write(c2p[1], &g, sizeof(g)) != sizeof(g))
			_exit(9);
		if (read(p2c[0], &c, 1) != 1)
			_exit(9);
		pthread_create(&t, NULL, thread_exit, NULL);
		pthread_join(t, NULL);
		_exit(7);
	}
	CHECK_RET(ctrl_attach(fd, e, p, 0), 0);
	want(CONTAINERCTL_EV_ATTACH, e, p, 0, 0);
	REQUIRE(write(p2c[1], "x", 1) == 1, "write");
	REQUIRE(read(c2p[0], &g, sizeof(g)) == sizeof(g), "read");
	want(CONTAINERCTL_EV_FORK, e, g, 0, 0);
	want(CONTAINERCTL_EV_EXIT, e, g, 5 << 8, 1);
	REQUIRE(write(p2c[1], "x", 1) == 1, "write");
	status = wait_exit(p);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7, "child: %#x", status);
	/*
	 * The thread, then two exits: whichever thread's exit probe runs
	 * first (pthread_join() returns before the joined thread's probe) is
	 * a thread exit (code 0), the last ends the process with its status.
	 */
	want(CONTAINERCTL_EV_FORK, e, 0, 0, 0);
	want(CONTAINERCTL_EV_EXIT, e, p, -1, 0);
	want(CONTAINERCTL_EV_EXIT, e, p, 7 << 8, 1);
	want(CONTAINERCTL_EV_EMPTY, e, 0, 0, 0);
	close(p2c[0]);
	close(p2c[1]);
	close(c2p[0]);
	close(c2p[1]);

	/* kill: the exit code is the signal */
	REQUIRE(!ctrl_create(fd, e, "sig", 0755, 0, &sig), "create");
	want(CONTAINERCTL_EV_CREATE, sig, 0, 0, 0);
	p = fork();
	if (!p) {
		pause();
		_exit(0);
	}
	CHECK_RET(ctrl_attach(fd, sig, p, 0), 0);
	want(CONTAINERCTL_EV_ATTACH, sig, p, 0, 0);
	CHECK_RET(ctrl_kill(fd, sig, SIGTERM, 0, &k, &denied), 0);
	CHECK(k == 1, "kill signalled %llu", (unsigned long long)k);
	want(CONTAINERCTL_EV_KILL, sig, 0, 0, 0);
	status = wait_exit(p);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "%#x", status);
	want(CONTAINERCTL_EV_EXIT, sig, p, SIGTERM, 1);
	want(CONTAINERCTL_EV_EMPTY, sig, 0, 0, 0);

	/* explicit clone: create, attach, clone */
	p = fork();
	if (!p) {
		pause();
		_exit(0);
	}
	memset(&cl, 0, sizeof(cl));
	cl.parent = e;
	cl.pid = p;
	cl.mode = 0755;
	CHECK_RET(ctrl_clone(fd, &cl), 0);
	want(CONTAINERCTL_EV_CREATE, cl.id, 0, 0, 0);
	want(CONTAINERCTL_EV_ATTACH, cl.id, p, 0, 0);
	want(CONTAINERCTL_EV_CLONE, cl.id, p, 0, 0);
	kill(p, SIGKILL);
	wait_exit(p);
	want(CONTAINERCTL_EV_EXIT, cl.id, p, SIGKILL, 1);
	want(CONTAINERCTL_EV_EMPTY, cl.id, 0, 0, 0);
	CHECK_RET(ctrl_destroy(fd, cl.id), 0);
	want(CONTAINERCTL_EV_DESTROY, cl.id, 0, 0, 0);

	/* automatic clone by unshare, then a refused one */
	REQUIRE(!ctrl_create(fd, e, "nst", 0755, CONTAINERCTL_F_NSTRACK, &nst),
		"create");
	want(CONTAINERCTL_EV_CREATE, nst, 0, 0, 0);
	REQUIRE(!pipe(p2c) && !pipe(c2p), "pipe");
	p = fork();
	if (!p) {
		char c;

		/* Unshare, then stay until the parent has looked its node up. */
		if (ctrl_attach(fd, nst, 0, 0) || unshare(CLONE_NEWUTS) ||
		    write(c2p[1], "x", 1) != 1 || read(p2c[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	node = 0;
	{
		char path[64], c;

		REQUIRE(read(c2p[0], &c, 1) == 1, "the unshare child failed");
		snprintf(path, sizeof(path), "/e/nst/node_%d", p);
		CHECK_RET(ctrl_lookup(fd, path, &node), 0);
		CHECK_RET(ctrl_stat(fd, node, &st), 0);
		CHECK(st.cflags == (CONTAINERCTL_F_NSTRACK | CONTAINERCTL_F_AUTOREMOVE),
		      "%s: cflags %#x", path, st.cflags);
	}
	REQUIRE(write(p2c[1], "x", 1) == 1, "write");
	CHECK(wait_exit(p) == 0, "unshare child");
	close(p2c[0]);
	close(p2c[1]);
	close(c2p[0]);
	close(c2p[1]);
	want(CONTAINERCTL_EV_ATTACH, nst, p, 0, 0);
	want(CONTAINERCTL_EV_CREATE, node, 0, 0, 0);
	want(CONTAINERCTL_EV_ATTACH, node, p, 0, 0);
	want(CONTAINERCTL_EV_EMPTY, nst, 0, 0, 0);	/* its only task left */
	want(CONTAINERCTL_EV_CLONE, node, p, 0, 0);
	want(CONTAINERCTL_EV_EXIT, node, p, 0, 1);
	want(CONTAINERCTL_EV_EMPTY, node, 0, 0, 0);
	/* Autoremove: by the module's reaper, before the next events. */
	want(CONTAINERCTL_EV_DESTROY, node, 0, 0, 0);
	WAIT_UNTIL(ctrl_stat(fd, node, &st) == -ENOENT, CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_stat(fd, node, &st), -ENOENT);

	memset(&set, 0, sizeof(set));
	set.size = sizeof(set);
	set.id = nst;
	set.flags = CONTAINERCTL_SET_MAX_DESCENDANTS;
	set.max_descendants = 0;
	CHECK_RET(ctrl_set(fd, &set), 0);
	p = fork();
	if (!p) {
		if (ctrl_attach(fd, nst, 0, 0) || unshare(CLONE_NEWUTS))
			_exit(2);
		_exit(0);
	}
	CHECK(wait_exit(p) == 0, "unshare child (refused clone)");
	want(CONTAINERCTL_EV_ATTACH, nst, p, 0, 0);
	want(CONTAINERCTL_EV_NSREFUSED, nst, p, -EDQUOT, 0);
	want(CONTAINERCTL_EV_EXIT, nst, p, 0, 1);
	want(CONTAINERCTL_EV_EMPTY, nst, 0, 0, 0);

	/* autoremove: the last exit removes it */
	memset(&cr, 0, sizeof(cr));
	cr.parent = e;
	cr.mode = 0755;
	cr.cflags = CONTAINERCTL_F_AUTOREMOVE;
	strcpy(cr.name, "ar");
	CHECK_RET(ctrl_create_args(fd, &cr), 0);
	ar = cr.id;
	want(CONTAINERCTL_EV_CREATE, ar, 0, 0, 0);
	p = fork();
	if (!p) {
		pause();
		_exit(0);
	}
	CHECK_RET(ctrl_attach(fd, ar, p, 0), 0);
	want(CONTAINERCTL_EV_ATTACH, ar, p, 0, 0);
	kill(p, SIGKILL);
	wait_exit(p);
	want(CONTAINERCTL_EV_EXIT, ar, p, SIGKILL, 1);
	want(CONTAINERCTL_EV_EMPTY, ar, 0, 0, 0);
	want(CONTAINERCTL_EV_DESTROY, ar, 0, 0, 0);
	/* By the module's reaper, in its own time (before the next DESTROY). */
	WAIT_UNTIL(ctrl_lookup(fd, "/e/ar", &k) == -ENOENT, CTRTEST_DEADLINE_S);
	CHECK_RET(ctrl_lookup(fd, "/e/ar", &k), -ENOENT);

	/* destroy */
	CHECK_RET(ctrl_destroy(fd, nst), 0);
	want(CONTAINERCTL_EV_DESTROY, nst, 0, 0, 0);
	CHECK_RET(ctrl_destroy(fd, sig), 0);
	want(CONTAINERCTL_EV_DESTROY, sig, 0, 0, 0);
	CHECK_RET(ctrl_destroy(fd, e), 0);
	want(CONTAINERCTL_EV_DESTROY, e, 0, 0, 0);

	/* All of them, then 300 ms for any extra one. */
	n = drain(ev, evs, 128,
		  last_seq(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS), 300);
	check_stream(evs, n, base);
	CHECK(ctrl_events_lost(ev) == 0, "lost %llu",
	      (unsigned long long)ctrl_events_lost(ev));
	ctrl_events_close(ev);
}

/* A model of the tree: id -> parent, threads. */
#define MODEL_MAX 4096
struct node {
	uint64_t id, parent;
	int64_t threads;
	int live;
};
static struct node model[MODEL_MAX];

static struct node *model_find(uint64_t id, int create)
{
	size_t i;

	for (i = 0; i < MODEL_MAX; i++)
		if (model[i].live && model[i].id == id)
			return &model[i];
	if (!create)
		return NULL;
	for (i = 0; i < MODEL_MAX; i++)
		if (!model[i].live) {
			memset(&model[i], 0, sizeof(model[i]));
			model[i].id = id;
			model[i].live = 1;
			return &model[i];
		}
	return NULL;
}

static int model_dump_cb(const struct ctrl_event *e, void *arg)
{
	struct node *n = model_find(e->id, 1);

	(void)arg;
	if (!n)
		return -ENOSPC;
	n->parent = e->parent;
	n->threads = e->nr_threads;
	return 0;
}

static void model_apply(const struct ctrl_event *e)
{
	struct node *n;

	switch ((int)e->type) {
	case CONTAINERCTL_EV_CREATE:
		CHECK(!model_find(e->id, 0), "CREATE of known %llu",
		      (unsigned long long)e->id);
		n = model_find(e->id, 1);
		if (n)
			n->parent = e->parent;
		break;
	case CONTAINERCTL_EV_DESTROY:
		n = model_find(e->id, 0);
		CHECK(n, "DESTROY of unknown %llu", (unsigned long long)e->id);
		if (n)
			n->live = 0;
		break;
	case CONTAINERCTL_EV_ATTACH:
		if (e->from != CONTAINERCTL_ROOT_ID && (n = model_find(e->from, 0)))
			n->threads--;
		if (e->to != CONTAINERCTL_ROOT_ID && (n = model_find(e->to, 0)))
			n->threads++;
		break;
	case CONTAINERCTL_EV_FORK:
		n = model_find(e->id, 0);
		CHECK(n, "FORK into unknown %llu", (unsigned long long)e->id);
		if (n)
			n->threads++;
		break;
	case CONTAINERCTL_EV_EXIT:
		n = model_find(e->id, 0);
		CHECK(n, "EXIT from unknown %llu", (unsigned long long)e->id);
		if (n)
			n->threads--;
		break;
	default:	/* CLONE, EMPTY, KILL, NSREFUSED change no count */
		break;
	}
}

static int model_cmp_cb(const struct ctrl_event *e, void *arg)
{
	struct node *n = model_find(e->id, 0);
	int *seen = arg;

	(*seen)++;
	CHECK(n, "dump has %llu (%s), the model does not",
	      (unsigned long long)e->id, e->name);
	if (!n)
		return 0;
	CHECK(n->parent == e->parent, "%llu: parent %llu, model %llu",
	      (unsigned long long)e->id, (unsigned long long)e->parent,
	      (unsigned long long)n->parent);
	if (e->id != CONTAINERCTL_ROOT_ID)
		CHECK(n->threads == (int64_t)e->nr_threads,
		      "%llu (%s): %llu threads, model %lld",
		      (unsigned long long)e->id, e->name,
		      (unsigned long long)e->nr_threads, (long long)n->threads);
	return 0;
}

/*
 * Churn: containers come and go, tasks come, move and go. One byte on
 * @ready after the first round; half of the rounds wait for one on @go.
 */
static void churn(uint64_t top, int rounds, int ready, int go)
{
	uint64_t ids[4];
	int r, i;
	char c;

	for (r = 0; r < rounds; r++) {
		char name[16];
		pid_t kids[4];

		if (r == 1 && write(ready, "x", 1) != 1)
			_exit(4);
		if (r == rounds / 2 && read(go, &c, 1) != 1)
			_exit(5);

		for (i = 0; i < 4; i++) {
			snprintf(name, sizeof(name), "c%d", i);
			if (ctrl_create(fd, top, name, 0755, 0, &ids[i]))
				_exit(2);
		}
		for (i = 0; i < 4; i++) {
			kids[i] = fork();
			if (!kids[i]) {
				ctrl_attach(fd, ids[i], 0, 0);
				if (!fork())
					_exit(0);
				wait(NULL);
				ctrl_attach(fd, ids[(i + 1) % 4], 0, 0);
				_exit(0);
			}
		}
		for (i = 0; i < 4; i++)
			waitpid(kids[i], NULL, 0);
		for (i = 0; i < 4; i++)
			if (ctrl_destroy(fd, ids[i]))
				_exit(3);
	}
	_exit(0);
}

static void test_dump_follow(void)
{
	struct ctrl_events *ev = subscribe(CTRL_EVENTS_GROUP_EVENTS |
					   CTRL_EVENTS_GROUP_TASKS);
	struct ctrl_event e;
	uint64_t top, seq, last = 0, end = 0;
	int seen = 0, applied = 0, done = 0, ret, status, ready[2], go[2];
	long long deadline = 0;
	pid_t p;
	char c;

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "churn", 0755, 0, &top),
		"create");
	memset(model, 0, sizeof(model));
	REQUIRE(!pipe(ready) && !pipe(go), "pipe");
	p = fork();
	if (!p) {
		close(ready[0]);
		close(go[1]);
		churn(top, 30, ready[1], go[0]);
	}
	close(ready[1]);
	close(go[0]);
	/*
	 * The dump in the middle of it: after its first round, and before
	 * the second half, which waits for it (so that more than 100 events
	 * follow it however the two are scheduled).
	 */
	REQUIRE(read(ready[0], &c, 1) == 1, "the churn did not start");
	CHECK_RET(ctrl_events_dump(ev, model_dump_cb, NULL, &seq), 0);
	REQUIRE(write(go[1], "x", 1) == 1, "write");
	close(ready[0]);
	close(go[1]);
	for (;;) {
		ret = ctrl_events_next(ev, &e);
		if (!ret) {
			CHECK(e.seq > seq, "event %llu not after the dump's %llu",
			      (unsigned long long)e.seq, (unsigned long long)seq);
			model_apply(&e);
			applied++;
			if (e.seq > last)
				last = e.seq;
			continue;
		}
		if (ret != -EAGAIN) {
			CHECK(0, "next: %s", strerror(-ret));
			break;
		}
		/* Once the churn is over: until its last event has come. */
		if (!done && waitpid(p, &status, WNOHANG) == p) {
			CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
			      "churn: %#x", status);
			done = 1;
			end = last_seq(CTRL_EVENTS_GROUP_EVENTS |
				       CTRL_EVENTS_GROUP_TASKS);
			deadline = ctrtest_now_ns() +
				   CTRTEST_DEADLINE_S * 1000000000LL;
		}
		if (done && last >= end)
			break;
		if (done && ctrtest_now_ns() >= deadline) {
			CHECK(0, "event %llu not received in %d s, the last %llu",
			      (unsigned long long)end, CTRTEST_DEADLINE_S,
			      (unsigned long long)last);
			break;
		}
		poll(&(struct pollfd){ .fd = ctrl_events_fd(ev), .events = POLLIN },
		     1, 50);
	}
	CHECK(applied > 100, "only %d events while the tree changed", applied);
	CHECK(ctrl_events_lost(ev) == 0, "lost %llu",
	      (unsigned long long)ctrl_events_lost(ev));
	/* The model and a fresh dump agree, container for container. */
	CHECK_RET(ctrl_events_dump(ev, model_cmp_cb, &seen, &seq), 0);
	{
		int live = 0, i;

		for (i = 0; i < MODEL_MAX; i++)
			live += model[i].live;
		CHECK(live == seen, "model has %d containers, the dump %d", live, seen);
	}
	ctrl_events_close(ev);
	CHECK_RET(ctrl_destroy(fd, top), 0);
}

/* Fork/exit storm of @n processes in container @c. */
static void storm(uint64_t c, int n)
{
	pid_t p = fork();
	int i;

	if (!p) {
		if (ctrl_attach(fd, c, 0, 0))
			_exit(2);
		for (i = 0; i < n; i++) {
			pid_t k = fork();

			if (!k)
				_exit(0);
			if (k < 0 || waitpid(k, NULL, 0) != k)
				_exit(3);
		}
		_exit(0);
	}
	CHECK(wait_exit(p) == 0, "storm");
}

struct reader {
	struct ctrl_events *ev;
	volatile int stop;
	volatile uint64_t last;		/* the highest number received */
	uint64_t forks, exits, events;
};

static void *reader(void *arg)
{
	struct reader *r = arg;
	struct pollfd p = { .fd = ctrl_events_fd(r->ev), .events = POLLIN };
	struct ctrl_event e;

	for (;;) {
		int ret = ctrl_events_next(r->ev, &e);

		if (!ret) {
			r->events++;
			r->forks += e.type == CONTAINERCTL_EV_FORK;
			r->exits += e.type == CONTAINERCTL_EV_EXIT;
			if (e.seq > r->last)
				r->last = e.seq;
			continue;
		}
		if (r->stop)
			break;
		poll(&p, 1, 20);
	}
	return NULL;
}

static void test_storm(void)
{
	struct reader r = { .ev = subscribe(CTRL_EVENTS_GROUP_EVENTS |
					    CTRL_EVENTS_GROUP_TASKS) };
	pthread_t t;
	uint64_t c, end;
	int n = ctrtest_debug_kernel() ? 250 : 1000;

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "storm", 0755, 0, &c),
		"create");
	pthread_create(&t, NULL, reader, &r);
	storm(c, n);
	/* Every event of the storm is numbered by now: until the last came. */
	end = last_seq(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS);
	CHECK(WAIT_UNTIL(r.last >= end, CTRTEST_DEADLINE_S),
	      "event %llu not received in %d s, the last %llu",
	      (unsigned long long)end, CTRTEST_DEADLINE_S,
	      (unsigned long long)r.last);
	r.stop = 1;
	pthread_join(t, NULL);
	/* The storm's leader: attach, exit; each child: fork, exit. */
	CHECK(r.forks == (uint64_t)n, "%llu forks seen of %d",
	      (unsigned long long)r.forks, n);
	CHECK(r.exits == (uint64_t)n + 1, "%llu exits seen of %d",
	      (unsigned long long)r.exits, n + 1);
	CHECK(ctrl_events_lost(r.ev) == 0, "a reader keeping up lost %llu",
	      (unsigned long long)ctrl_events_lost(r.ev));
	ctrl_events_close(r.ev);
	CHECK_RET(ctrl_destroy(fd, c), 0);
}

/* Events of @ev until @n have come (CTRTEST_DEADLINE_S at most). */
static void await_events(struct ctrl_events *ev, uint64_t n)
{
	struct pollfd p = { .fd = ctrl_events_fd(ev), .events = POLLIN };
	long long end = ctrtest_now_ns() + CTRTEST_DEADLINE_S * 1000000000LL;
	struct ctrl_event e;
	uint64_t got = 0;

	while (got < n) {
		int ret = ctrl_events_next(ev, &e);

		if (!ret) {
			got++;
			continue;
		}
		if (ret != -EAGAIN) {
			CHECK(0, "ctrl_events_next: %s", strerror(-ret));
			return;
		}
		if (ctrtest_now_ns() >= end) {
			CHECK(0, "%llu events of %llu in %d s", (unsigned long long)got,
			      (unsigned long long)n, CTRTEST_DEADLINE_S);
			return;
		}
		poll(&p, 1, 100);
	}
}

/*
 * A stalled subscriber: every event of the storm is either received or
 * counted lost, exactly, and some are lost. @groups both, or tasks only.
 * Another subscriber of the same groups, with room for them all, says when
 * the module has sent the storm's events (to both at once): once it has
 * them all.
 */
static void test_stalled(unsigned int groups)
{
	struct ctrl_events *ev = subscribe(groups), *obs = subscribe(groups);
	int both = !!(groups & CTRL_EVENTS_GROUP_EVENTS);
	uint64_t c, got = 0, first, expect, tails, before;
	struct ctrl_event e;
	int n = ctrtest_debug_kernel() ? 500 : 2000, ret;

	/*
	 * Both groups: CREATE, ATTACH, n FORK, n + 1 EXIT, EMPTY, then CREATE
	 * and DESTROY of /tail. Tasks only: the n FORKs (each exit ends a
	 * process: the events group), then one more.
	 */
	first = both ? 2ULL * n + 4 : (uint64_t)n;
	expect = first + (both ? 2 : 1);

	/*
	 * A small buffer, a few skbs' worth: the socket overflows long before
	 * the storm ends.
	 */
	CHECK_RET(ctrl_events_set_rcvbuf(ev, 16 << 10), 0);
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "stall", 0755, 0, &c),
		"create");
	storm(c, n);		/* nobody reads meanwhile */
	await_events(obs, first);
	while ((ret = ctrl_events_next(ev, &e)) == 0)
		got++;
	CHECK(ret == -EAGAIN, "next: %s", strerror(-ret));
	/*
	 * Losses at the end show only in the number of a later event. Tasks
	 * only: one more fork. Both groups: events of the "events" group
	 * only, so that the "tasks" group's losses show in SEQ alone (a
	 * subscriber of both knows them from it, at the first event after
	 * the gap).
	 */
	/*
	 * Until that is seen the count is short, and says so. The socket may
	 * drop a tail too (netlink drops while it counts the socket
	 * congested): then tails are sent until one arrives, each counted
	 * as generated.
	 */
	CHECK(!ctrl_events_lost_exact(ev), "exact before the gap showed");
	for (tails = 0, before = got; got == before && tails < 10; tails++) {
		if (both) {
			uint64_t t;

			CHECK_RET(ctrl_create(fd, CONTAINERCTL_ROOT_ID, "tail",
					      0755, 0, &t), 0);
			CHECK_RET(ctrl_destroy(fd, t), 0);
		} else {
			storm(c, 1);
		}
		await_events(obs, expect - first);
		while ((ret = ctrl_events_next(ev, &e)) == 0)
			got++;
	}
	if (tails > 1)
		printf("stalled subscriber: %llu tails sent before one arrived\n",
		       (unsigned long long)tails);
	expect = first + tails * (expect - first);
	CHECK(ctrl_events_lost_exact(ev), "the loss count is not exact");
	CHECK(got < expect, "nothing lost by a stalled subscriber (%llu of %llu)",
	      (unsigned long long)got, (unsigned long long)expect);
	CHECK(got + ctrl_events_lost(ev) == expect,
	      "received %llu + lost %llu != %llu generated",
	      (unsigned long long)got, (unsigned long long)ctrl_events_lost(ev),
	      (unsigned long long)expect);
	printf("stalled subscriber (%s): %llu events generated, %llu received, %llu counted lost, %llu overruns\n",
	       groups & CTRL_EVENTS_GROUP_EVENTS ? "both groups" : "tasks",
	       (unsigned long long)expect, (unsigned long long)got,
	       (unsigned long long)ctrl_events_lost(ev),
	       (unsigned long long)ctrl_events_overruns(ev));
	ctrl_events_close(obs);
	ctrl_events_close(ev);
	CHECK_RET(ctrl_destroy(fd, c), 0);
}

static void test_unload(void)
{
	struct ctrl_events *ev = subscribe(CTRL_EVENTS_GROUP_EVENTS);
	struct ctrl_event e;
	int ret;

	close(fd);
	ret = system("rmmod containerctl");
	CHECK(ret == 0, "rmmod with a subscriber: %d", ret);
	ret = ctrl_events_next(ev, &e);
	CHECK(ret == -EAGAIN || ret < 0, "next after unload: %d", ret);
	ctrl_events_close(ev);
	ret = system("insmod ${CTR_KO:-/ctr/containerctl.ko}");
	CHECK(ret == 0, "reload: %d", ret);
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open after reload");
	ev = subscribe(CTRL_EVENTS_GROUP_EVENTS);
	ctrl_events_close(ev);
}

int main(void)
{
	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	test_refused();
	test_actions();
	test_dump_follow();
	test_storm();
	test_stalled(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS);
	test_stalled(CTRL_EVENTS_GROUP_TASKS);
	test_unload();
	close(fd);
	return ctrtest_done();
}
