// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl watch [CONTAINER] [-d] [-t] [-n COUNT] [--timeout SEC]: follow
 * containerctl's events (libctrl's ctrl_events_*), one line each.
 *
 * Containers are shown by path: paths come from the dump and from CREATE
 * events (the parent's path and the name), or else from CONTAINERCTL_IOC_PATH,
 * and are cached until the container's DESTROY has been printed; a
 * container whose path cannot be known any more is shown by id. With a
 * CONTAINER, a dump gives its subtree and CREATE, CLONE and DESTROY keep
 * the set of ids current; only the events that touch one of them are
 * printed. Losses (gaps in the events' numbers) are printed as they are
 * found.
 */
#define _GNU_SOURCE	/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

static const char watch_usage[] =
	"Usage: ctrctl watch [-d] [-t] [-n COUNT] [--timeout SEC] [CONTAINER]\n"
	"\n"
	"Print containerctl's events as they happen, one per line: \"seq=N\",\n"
	"the event, then its attributes, containers by path (by id once\n"
	"removed). With CONTAINER (an absolute path or an id), only the events\n"
	"of its subtree. A line \"lost N events\" tells when events were lost\n"
	"(\"lost at least N events\" when they cannot all be counted). Needs\n"
	"CAP_NET_ADMIN. SIGINT and SIGTERM end it (status 0).\n"
	"\n"
	"Options:\n"
	"  -d, --dump           print every container first (event \"container\"),\n"
	"                       then only the events after that snapshot\n"
	"  -t, --tasks          also the \"tasks\" group: fork, and exit of threads\n"
	"  -n, --count COUNT    stop after COUNT events (not counting --dump's)\n"
	"      --timeout SEC    stop after SEC seconds; status 1 if COUNT events\n"
	"                       were asked for and not all seen\n"
	"  -j, --json           JSON lines: every attribute, containers by id\n"
	"                       with their paths as *path keys\n"
	"  -h, --help           show this help\n";

enum { OPT_TIMEOUT = 0x100 };

static const struct option watch_opts[] = {
	{ "dump", no_argument, NULL, 'd' },
	{ "tasks", no_argument, NULL, 't' },
	{ "count", required_argument, NULL, 'n' },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd watch_cmd = {
	.name = "watch",
	.usage = watch_usage,
	.shortopts = ":dtn:jh",
	.longopts = watch_opts,
};

/*
 * What is known of a container, by id: an open-addressing table with
 * linear probing (id 0 marks a free slot; deletion shifts back).
 */
struct known {
	uint64_t id;
	char *path;		/* NULL: unknown */
	bool sub;		/* in the watched subtree */
};

struct watch {
	int fd;			/* the device, for paths */
	bool subtree;		/* a CONTAINER was given */
	uint64_t top;		/* its id */
	struct known *tab;
	size_t cap, used;	/* cap: a power of two */
};

static size_t slot_of(const struct watch *w, uint64_t id)
{
	uint64_t h = id * 0x9e3779b97f4a7c15ULL;

	return (h >> 32) & (w->cap - 1);
}

static struct known *known_find(struct watch *w, uint64_t id)
{
	size_t i;

	if (!w->cap)
		return NULL;
	for (i = slot_of(w, id); w->tab[i].id; i = (i + 1) & (w->cap - 1))
		if (w->tab[i].id == id)
			return &w->tab[i];
	return NULL;
}

static struct known *known_add(struct watch *w, uint64_t id);

static int known_grow(struct watch *w)
{
	struct known *old = w->tab;
	size_t i, n = w->cap;

	w->cap = n ? 2 * n : 256;
	w->tab = calloc(w->cap, sizeof(*w->tab));
	if (!w->tab) {
		w->tab = old;
		w->cap = n;
		return -ENOMEM;
	}
	w->used = 0;
	for (i = 0; i < n; i++) {
		if (old[i].id) {
			struct known *k = known_add(w, old[i].id);

			k->path = old[i].path;
			k->sub = old[i].sub;
		}
	}
	free(old);
	return 0;
}

/* The entry of @id, added empty if new; exits on lack of memory. */
static struct known *known_add(struct watch *w, uint64_t id)
{
	struct known *k = known_find(w, id);
	size_t i;

	if (k)
		return k;
	if (2 * (w->used + 1) > w->cap && known_grow(w)) {
		errmsg("watch: %s", strerror(ENOMEM));
		exit(EXIT_FAIL);
	}
	for (i = slot_of(w, id); w->tab[i].id; i = (i + 1) & (w->cap - 1))
		;
	w->tab[i].id = id;
	w->used++;
	return &w->tab[i];
}

static void known_del(struct watch *w, uint64_t id)
{
	struct known *k = known_find(w, id);
	size_t i, j, h;

	if (!k)
		return;
	free(k->path);
	i = k - w->tab;
	w->tab[i] = (struct known){ 0 };
	w->used--;
	/* Shift back the entries whose probe went through slot i. */
	for (j = (i + 1) & (w->cap - 1); w->tab[j].id; j = (j + 1) & (w->cap - 1)) {
		h = slot_of(w, w->tab[j].id);
		if (((j - h) & (w->cap - 1)) >= ((j - i) & (w->cap - 1))) {
			w->tab[i] = w->tab[j];
			w->tab[j] = (struct known){ 0 };
			i = j;
		}
	}
}

static void set_path(struct known *k, const char *path)
{
	char *p = strdup(path);

	if (!p) {
		errmsg("watch: %s", strerror(ENOMEM));
		exit(EXIT_FAIL);
	}
	free(k->path);
	k->path = p;
}

/* The path of @id: known, or asked of the device; NULL if it is gone. */
static const char *path_of(struct watch *w, uint64_t id)
{
	char buf[CONTAINERCTL_PATH_MAX];
	struct known *k = known_find(w, id);

	if (k && k->path)
		return k->path;
	if (!id || ctrl_path(w->fd, id, buf, sizeof(buf)))
		return NULL;
	k = known_add(w, id);
	set_path(k, buf);
	return k->path;
}

/* A new container @id named @name under @parent: its path if known. */
static void learn(struct watch *w, uint64_t id, uint64_t parent,
		  const char *name)
{
	char buf[CONTAINERCTL_PATH_MAX];
	const char *pp;
	struct known *k;

	if (!parent) {
		set_path(known_add(w, id), "/");
		return;
	}
	pp = path_of(w, parent);
	k = known_add(w, id);
	if (pp && (size_t)snprintf(buf, sizeof(buf), "%s%s%s", pp,
				   strcmp(pp, "/") ? "/" : "", name) < sizeof(buf))
		set_path(k, buf);
}

static bool in_sub(struct watch *w, uint64_t id)
{
	struct known *k;

	if (!w->subtree)
		return true;
	k = known_find(w, id);
	return k && k->sub;
}

/*
 * A container attribute: in JSON the id under @key and the path under
 * @key "path" (when known); in text " @label=PATH" or " @label=ID", or
 * with a NULL @label the bare path (" id=ID" if unknown).
 */
static void out_ctr(struct watch *w, const char *key, const char *pkey,
		    const char *label, uint64_t id)
{
	const char *path = path_of(w, id);
	char fmt[64];

	if (!label) {
		out_field_u64(key, path ? NULL : " id=%" PRIu64, id);
		if (path)
			out_field_str(pkey, " %s", path);
		return;
	}
	snprintf(fmt, sizeof(fmt), " %s=%%%s", label, path ? "s" : PRIu64);
	out_field_u64(key, path ? NULL : fmt, id);
	if (path)
		out_field_str(pkey, fmt, path);
}

static void out_u32(const struct ctrl_event *e, int attr, const char *key,
		    uint32_t v)
{
	char fmt[64];

	if (!(e->present & (1ULL << attr)))
		return;
	snprintf(fmt, sizeof(fmt), " %s=%%" PRIu64, key);
	out_field_u64(key, fmt, v);
}

static void out_u64(const struct ctrl_event *e, int attr, const char *key,
		    uint64_t v)
{
	char fmt[64];

	if (!(e->present & (1ULL << attr)))
		return;
	snprintf(fmt, sizeof(fmt), " %s=%%" PRIu64, key);
	out_field_u64(key, fmt, v);
}

/* One event (or one container of the dump) on one line. */
static void print_event(struct watch *w, const struct ctrl_event *e)
{
	const char *name = ctrl_event_name(e->type);
	bool id_known = false;
	char unknown[32];

	if (!name) {
		snprintf(unknown, sizeof(unknown), "event%u", (unsigned int)e->type);
		name = unknown;
	}
	out_begin_object(NULL);
	out_field_u64("seq", "seq=%" PRIu64, e->seq);
	out_field_str("event", " %s", name);
	out_field_u64("type", NULL, e->type);
	if (CTRL_EVENT_HAS(e, GROUP_SEQ))
		out_field_u64("group_seq", NULL, e->group_seq);
	if (CTRL_EVENT_HAS(e, PREV_SEQ))
		out_field_u64("prev_seq", NULL, e->prev_seq);
	if (CTRL_EVENT_HAS(e, TIME_NS))
		out_field_u64("time_ns", NULL, e->time_ns);
	if (CTRL_EVENT_HAS(e, ID)) {
		id_known = path_of(w, e->id);
		out_ctr(w, "id", "path", NULL, e->id);
	}
	if (CTRL_EVENT_HAS(e, NAME))
		out_field_str("name", id_known ? NULL : " name=%s", e->name);
	if (CTRL_EVENT_HAS(e, PARENT)) {
		if (e->parent)
			out_ctr(w, "parent", "parent_path", "parent", e->parent);
		else
			out_field_u64("parent", NULL, 0);
	}
	out_u32(e, CONTAINERCTL_A_PID, "pid", e->pid);
	out_u32(e, CONTAINERCTL_A_TGID, "tgid", e->tgid);
	out_u32(e, CONTAINERCTL_A_PPID, "ppid", e->ppid);
	if (CTRL_EVENT_HAS(e, FROM))
		out_ctr(w, "from", "from_path", "from", e->from);
	if (CTRL_EVENT_HAS(e, TO))
		out_ctr(w, "to", "to_path", "to", e->to);
	out_u32(e, CONTAINERCTL_A_UID, "uid", e->uid);
	if (CTRL_EVENT_HAS(e, CAUSE)) {
		out_field_u64("cause", NULL, e->cause);
		if (e->cause == CONTAINERCTL_CAUSE_EXPLICIT)
			out_text(" cause=explicit");
		else if (e->cause == CONTAINERCTL_CAUSE_NSTRACK)
			out_text(" cause=nstrack");
		else
			out_text(" cause=%u", e->cause);
	}
	if (CTRL_EVENT_HAS(e, NS_FLAGS))
		out_field_u64("ns_flags", " ns_flags=0x%" PRIx64, e->ns_flags);
	out_u32(e, CONTAINERCTL_A_EXIT_CODE, "exit_code", e->exit_code);
	out_u32(e, CONTAINERCTL_A_GROUP_DEAD, "group_dead", e->group_dead);
	out_u32(e, CONTAINERCTL_A_SIGNAL, "signal", e->signal);
	out_u64(e, CONTAINERCTL_A_COUNT, "count", e->count);
	out_u32(e, CONTAINERCTL_A_DENIED, "denied", e->denied);
	if (CTRL_EVENT_HAS(e, ERROR))
		out_field_s64("error", " error=%" PRId64, e->error);
	out_u32(e, CONTAINERCTL_A_FLAGS, "flags", e->flags);
	out_u64(e, CONTAINERCTL_A_NR_THREADS, "nr_threads", e->nr_threads);
	out_u32(e, CONTAINERCTL_A_NR_CHILDREN, "nr_children", e->nr_children);
	out_text("\n");
	out_end_object();
}

struct dump_arg {
	struct watch *w;
	bool print;
};

/* One container of the dump: learn its path and subtree membership. */
static int dump_one(const struct ctrl_event *e, void *arg)
{
	struct dump_arg *d = arg;
	struct watch *w = d->w;
	struct known *k;

	learn(w, e->id, e->parent, e->name);
	k = known_add(w, e->id);
	k->sub = e->id == w->top || (e->parent && in_sub(w, e->parent));
	if (d->print && in_sub(w, e->id))
		print_event(w, e);
	return 0;
}

/*
 * Before printing an event: learn the containers it creates. Return
 * whether it is to be printed (it touches the subtree).
 */
static bool event_before(struct watch *w, const struct ctrl_event *e)
{
	struct known *k;

	switch (e->type) {
	case CONTAINERCTL_EV_CREATE:
	case CONTAINERCTL_EV_CLONE:
		if (!known_find(w, e->id) || !known_find(w, e->id)->path)
			learn(w, e->id, e->parent, e->name);
		if (w->subtree && in_sub(w, e->parent)) {
			k = known_add(w, e->id);
			k->sub = true;
		}
		return in_sub(w, e->id);
	case CONTAINERCTL_EV_ATTACH:
		return in_sub(w, e->from) || in_sub(w, e->to);
	default:
		if (CTRL_EVENT_HAS(e, ID))
			return in_sub(w, e->id);
		return in_sub(w, e->from) || in_sub(w, e->to);
	}
}

/* After printing: forget a removed container. */
static void event_after(struct watch *w, const struct ctrl_event *e)
{
	if (e->type == CONTAINERCTL_EV_DESTROY)
		known_del(w, e->id);
}

static void print_lost(struct ctrl_events *ev)
{
	uint64_t lost = ctrl_events_lost(ev);
	bool exact = ctrl_events_lost_exact(ev);

	out_begin_object(NULL);
	out_field_u64("lost", exact ? "lost %" PRIu64 : "lost at least %" PRIu64,
		      lost);
	out_text(" event%s\n", lost == 1 ? "" : "s");
	out_field_bool("exact", NULL, exact);
	out_field_u64("overruns", NULL, ctrl_events_overruns(ev));
	out_end_object();
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* 0 once @deadline has passed, else 1 with the time @left. */
static int time_left(const struct timespec *deadline, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left->tv_sec = deadline->tv_sec - now.tv_sec;
	left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_nsec += 1000000000L;
		left->tv_sec--;
	}
	if (left->tv_sec < 0)
		return 0;
	return 1;
}

static int open_events(unsigned int flags, struct ctrl_events **ev)
{
	int ret = ctrl_events_open(ev, flags);

	if (!ret)
		return 0;
	if (ret == -EPERM || ret == -EACCES)
		return fail_hint(-ret, "CAP_NET_ADMIN needed", "watch");
	if (ret == -ENOENT)
		return fail_hint(-ret, "is the containerctl module loaded?",
				 "watch: netlink family %s",
				 CONTAINERCTL_GENL_NAME);
	return fail(-ret, "watch: netlink family %s", CONTAINERCTL_GENL_NAME);
}

int watch_main(int argc, char *argv[])
{
	const struct cmd *cmd = &watch_cmd;
	unsigned int flags = CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_NONBLOCK;
	uint64_t count = 0, timeout = 0, seen = 0, lost = 0;
	struct timespec deadline, left;
	struct watch w = { .fd = -1 };
	struct ctrl_events *ev = NULL;
	bool dump = false, have_ctr = false;
	struct sigaction sa;
	sigset_t block, orig;
	struct ctrl_event e;
	struct target c;
	int ch, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 'd':
			dump = true;
			break;
		case 't':
			flags |= CTRL_EVENTS_GROUP_TASKS;
			break;
		case 'n':
			if (parse_u64(optarg, &count) || !count)
				usage_error(cmd, "invalid count '%s'", optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_u64(optarg, &timeout) || !timeout ||
			    timeout > 86400 * 365)
				usage_error(cmd, "invalid timeout '%s'", optarg);
			break;
		}
	}
	if (optind < argc) {
		target_parse(cmd, argv[optind++], &c);
		have_ctr = true;
	}
	cmd_end(cmd, argc, argv);

	/* SIGINT and SIGTERM: caught only while waiting, in ppoll(). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigdelset(&orig, SIGINT);
	sigdelset(&orig, SIGTERM);

	/* Subscribe first: the dump then misses nothing. */
	if (open_events(flags, &ev))
		return EXIT_FAIL;
	w.fd = dev_open();
	if (w.fd < 0) {
		ret = EXIT_FAIL;
		goto out;
	}
	if (have_ctr) {
		ret = target_resolve(cmd, w.fd, &c);
		if (ret)
			goto out;
		w.subtree = true;
		w.top = c.id;
	}
	if (dump || have_ctr) {
		struct dump_arg d = { .w = &w, .print = dump };

		ret = ctrl_events_dump(ev, dump_one, &d, NULL);
		if (ret == -EAGAIN)
			ret = ctrl_events_dump(ev, dump_one, &d, NULL);
		if (ret) {
			ret = fail(-ret, "watch: dump");
			goto out;
		}
		fflush(stdout);
	}

	if (timeout) {
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += timeout;
	}
	ret = EXIT_OK;
	while (!count || seen < count) {
		struct pollfd pfd = { .fd = ctrl_events_fd(ev), .events = POLLIN };
		int n;

		if (timeout && !time_left(&deadline, &left)) {
			if (count) {
				errmsg("watch: %" PRIu64 " of %" PRIu64
				       " events in %" PRIu64 " s", seen, count,
				       timeout);
				ret = EXIT_FAIL;
			}
			break;
		}
		n = ppoll(&pfd, 1, timeout ? &left : NULL, &orig);
		if (n < 0 && errno != EINTR) {
			ret = fail(errno, "watch: poll");
			break;
		}
		if (stop_signal)
			break;
		if (n <= 0)
			continue;
		while (!count || seen < count) {
			ret = ctrl_events_next(ev, &e);
			if (ret)
				break;
			if (ctrl_events_lost(ev) != lost) {
				lost = ctrl_events_lost(ev);
				print_lost(ev);
			}
			if (event_before(&w, &e)) {
				print_event(&w, &e);
				seen++;
			}
			event_after(&w, &e);
		}
		if (fflush(stdout) == EOF)
			break;
		if (ret == -EAGAIN || !ret) {
			ret = EXIT_OK;
		} else {
			ret = fail(-ret, "watch: receive");
			break;
		}
	}
out:
	ctrl_events_close(ev);
	if (w.fd >= 0)
		close(w.fd);
	return ret;
}
