// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl events: the generic netlink family of containerctl through
 * libnl-3 and libnl-genl-3 (see containerctl/events.h).
 *
 * One socket joins the multicast groups. Each receive is one recvmsg() into
 * a buffer kept with the subscription, and each CONTAINERCTL_CMD_EVENT
 * message in it is decoded in place, in one pass over its attributes (see
 * decode()), into a queue that ctrl_events_next() and
 * ctrl_events_dispatch() empty in order. (nl_recvmsgs() peeked at each
 * datagram before reading it and copied each message into an nl_msg of its
 * own: 3 090 instructions of user space an event, against 1 903 without
 * it, measured with callgrind.)
 * Sequence numbers are accounted for when an event leaves the queue, so
 * that ctrl_events_lost() changes exactly when the event that reveals a
 * loss is returned. A dump uses a socket of its own.
 *
 * ctrl_events_fd() is an epoll descriptor watching the socket and an
 * eventfd that is kept readable while the queue holds an event to return:
 * poll(2) on it wakes for events already received as well as for new ones,
 * so a loop of poll() and one ctrl_events_next() per wakeup misses none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <containerctl/ctrl.h>

/* Receive buffer of the subscription: some thousands of events. */
#define EVENTS_RCVBUF	(4 << 20)

/*
 * One datagram: the module multicasts skbs of NLMSG_GOODSIZE, at most 8 KiB
 * (less their overhead) whatever the page size.
 */
#define EVENTS_MSGBUF	(32 << 10)

#define EVENTS_GROUPS	(CTRL_EVENTS_GROUP_EVENTS | CTRL_EVENTS_GROUP_TASKS)
#define EVENTS_FLAGS	(EVENTS_GROUPS | CTRL_EVENTS_NONBLOCK)

_Static_assert(CONTAINERCTL_A_MAX < 64, "ctrl_event.present has 64 bits");

/* A received message: an event, or the error decoding it gave. */
struct events_entry {
	int err;
	struct ctrl_event e;
};

struct ctrl_events {
	struct nl_sock *sk;
	int family;
	unsigned int flags;
	void *buf;			/* EVENTS_MSGBUF: one received datagram */

	struct events_entry *queue;	/* received, not yet returned */
	size_t head, len, cap;

	bool have_last;			/* last: the highest number seen */
	uint64_t last;
	struct {			/* per group: the last event returned */
		bool have;
		uint64_t group_seq;
		uint64_t seq;
	} grp[2];
	bool inexact;			/* lost is a lower bound */
	bool unrevealed;		/* an overrun no gap has shown yet */
	bool have_skip;			/* skip: the last dump's number */
	uint64_t skip;
	uint64_t lost;
	uint64_t overruns;

	int epfd;			/* ctrl_events_fd(): the socket and evfd */
	int evfd;			/* readable while an event is queued */
	bool evfd_set;
};

/*
 * Where decode() puts each attribute, and what it must be: a number at
 * least as long as its field (the first bytes are read, as nla_get_u32()
 * and the like do), or the name, a NUL-terminated string of at most
 * CONTAINERCTL_NAME_MAX bytes. ATTR_SEEN (PAD): only its bit in present.
 * The rules of genlmsg_parse() with an nla_policy of NLA_U8, NLA_U32,
 * NLA_U64, NLA_S32 (with its minlen) and NLA_STRING (with its maxlen).
 */
enum attr_kind { ATTR_NONE, ATTR_SEEN, ATTR_NUM, ATTR_NAME };

struct attr_slot {
	uint8_t kind;
	uint8_t size;		/* ATTR_NUM: sizeof the field */
	uint16_t off;		/* offsetof(struct ctrl_event, field) */
};

#define NUM(attr, field)						\
	[CONTAINERCTL_A_##attr] = {					\
		.kind = ATTR_NUM,					\
		.size = sizeof(((struct ctrl_event *)0)->field),	\
		.off = offsetof(struct ctrl_event, field),		\
	}

static const struct attr_slot event_attrs[CONTAINERCTL_A_MAX + 1] = {
	[CONTAINERCTL_A_PAD]	= { .kind = ATTR_SEEN },
	NUM(EVENT, type),
	NUM(SEQ, seq),
	NUM(PREV_SEQ, prev_seq),
	NUM(TIME_NS, time_ns),
	NUM(ID, id),
	NUM(PARENT, parent),
	[CONTAINERCTL_A_NAME]	= { .kind = ATTR_NAME },
	NUM(PID, pid),
	NUM(TGID, tgid),
	NUM(PPID, ppid),
	NUM(FROM, from),
	NUM(TO, to),
	NUM(UID, uid),
	NUM(CAUSE, cause),
	NUM(NS_FLAGS, ns_flags),
	NUM(EXIT_CODE, exit_code),
	NUM(GROUP_DEAD, group_dead),
	NUM(SIGNAL, signal),
	NUM(COUNT, count),
	NUM(DENIED, denied),
	NUM(ERROR, error),
	NUM(FLAGS, flags),
	NUM(NR_THREADS, nr_threads),
	NUM(NR_CHILDREN, nr_children),
	NUM(GROUP_SEQ, group_seq),
};

#undef NUM

_Static_assert(sizeof(enum containerctl_event) == sizeof(uint32_t),
	       "CONTAINERCTL_A_EVENT is a u32");

/* libnl's NLE_* (positive or negative) as an errno. */
static int nl_errno(int err)
{
	switch (err < 0 ? -err : err) {
	case NLE_INTR:			return EINTR;
	case NLE_BAD_SOCK:		return EBADF;
	case NLE_AGAIN:			return EAGAIN;
	case NLE_NOMEM:			return ENOMEM;
	case NLE_EXIST:			return EEXIST;
	case NLE_INVAL:			return EINVAL;
	case NLE_RANGE:			return ERANGE;
	case NLE_MSGSIZE:		return EMSGSIZE;
	case NLE_OPNOTSUPP:		return EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:		return EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:		return ENOENT;
	case NLE_NOADDR:		return EADDRNOTAVAIL;
	case NLE_BUSY:			return EBUSY;
	case NLE_PROTO_MISMATCH:	return EPROTONOSUPPORT;
	case NLE_NOACCESS:		return EACCES;
	case NLE_PERM:			return EPERM;
	case NLE_NODEV:			return ENODEV;
	case NLE_DUMP_INTR:		return EAGAIN;
	case NLE_MSG_OVERFLOW:		return ENOBUFS;
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_TRUNC:
	case NLE_MSG_TOOSHORT:
	case NLE_PARSE_ERR:
	case NLE_ATTRSIZE:
	case NLE_NOATTR:
	case NLE_MISSING_ATTR:		return EBADMSG;
	default:			return EPROTO;
	}
}

const char *ctrl_event_name(int type)
{
	static const char *const names[] = {
		[CTRL_EVENT_CONTAINER]		= "container",
		[CONTAINERCTL_EV_CREATE]	= "create",
		[CONTAINERCTL_EV_DESTROY]	= "destroy",
		[CONTAINERCTL_EV_ATTACH]	= "attach",
		[CONTAINERCTL_EV_CLONE]		= "clone",
		[CONTAINERCTL_EV_FORK]		= "fork",
		[CONTAINERCTL_EV_EXIT]		= "exit",
		[CONTAINERCTL_EV_EMPTY]		= "empty",
		[CONTAINERCTL_EV_KILL]		= "kill",
		[CONTAINERCTL_EV_NSREFUSED]	= "nsrefused",
	};

	if (type < 0 || (size_t)type >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[type];
}

/* One attribute into @e (see event_attrs); 0 or -EBADMSG. */
static int decode_attr(const struct nlattr *nla, struct ctrl_event *e)
{
	const struct attr_slot *slot;
	const char *data = (const char *)nla + NLA_HDRLEN;
	int type = nla->nla_type & NLA_TYPE_MASK;
	int len = nla->nla_len - NLA_HDRLEN;

	if (type > CONTAINERCTL_A_MAX)
		return 0;	/* from a newer module */
	slot = &event_attrs[type];
	switch (slot->kind) {
	case ATTR_NUM:
		if (len < slot->size)
			return -EBADMSG;
		/* Sizes the compiler knows: a move, not a call or a loop. */
		if (slot->size == sizeof(uint64_t))
			memcpy((char *)e + slot->off, data, sizeof(uint64_t));
		else if (slot->size == sizeof(uint32_t))
			memcpy((char *)e + slot->off, data, sizeof(uint32_t));
		else
			memcpy((char *)e + slot->off, data, sizeof(uint8_t));
		break;
	case ATTR_NAME:
		if (len < 1 || len > CONTAINERCTL_NAME_MAX || data[len - 1])
			return -EBADMSG;
		memset(e->name, 0, sizeof(e->name));
		memcpy(e->name, data, len - 1);
		break;
	case ATTR_SEEN:
		break;
	default:
		return 0;	/* UNSPEC */
	}
	e->present |= 1ULL << type;
	return 0;
}

/*
 * decode() - one message of our family into @e
 * @cmd: the command expected (EVENT on the subscription, DUMP on a dump)
 *
 * One pass over the attributes, each checked and stored as it comes (a
 * repeated one: the last counts), with genlmsg_parse()'s rules. This is
 * every subscriber's work per event: genlmsg_parse() with a policy (a
 * library call per attribute, an array of pointers filled, then read back
 * field by field) and the fields took 1 698 instructions for an EXIT event
 * (ten attributes), this 456 (callgrind, inclusive, x86-64, -O2).
 * tests/host/events-lib.c decodes random messages both ways and compares.
 *
 * Return: 0, 1 for a message to ignore (another family or command), or
 * -EBADMSG for a malformed one (an attribute too short or too long, an
 * event without its type or number); @e is then undefined.
 */
static int decode(const struct ctrl_events *ev, struct nlmsghdr *nlh,
		  uint8_t cmd, struct ctrl_event *e)
{
	const uint64_t need = (1ULL << CONTAINERCTL_A_SEQ) |
		(cmd == CONTAINERCTL_CMD_EVENT ? 1ULL << CONTAINERCTL_A_EVENT : 0);
	const struct genlmsghdr *gh;
	const struct nlattr *nla;
	int rem;

	if (nlh->nlmsg_type != ev->family)
		return 1;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	gh = (const struct genlmsghdr *)((const char *)nlh + NLMSG_HDRLEN);
	if (gh->cmd != cmd)
		return 1;
	memset(e, 0, sizeof(*e));
	/* As nla_for_each_attr(), without a library call an attribute. */
	nla = (const struct nlattr *)((const char *)gh + GENL_HDRLEN);
	rem = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	while (rem >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
	       nla->nla_len <= rem) {
		if (decode_attr(nla, e))
			return -EBADMSG;
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((const char *)nla +
					      NLA_ALIGN(nla->nla_len));
	}
	if ((e->present & need) != need)
		return -EBADMSG;
	if (cmd != CONTAINERCTL_CMD_EVENT)
		e->type = CTRL_EVENT_CONTAINER;
	return 0;
}

/* Queue the event of one received message (or its error); 0 or -ENOMEM. */
static int enqueue(struct ctrl_events *ev, struct nlmsghdr *nlh)
{
	struct events_entry *q;
	size_t cap;
	int ret;

	if (ev->len == ev->cap) {
		cap = ev->cap ? 2 * ev->cap : 16;
		q = realloc(ev->queue, cap * sizeof(*q));
		if (!q)
			return -ENOMEM;
		ev->queue = q;
		ev->cap = cap;
	}
	q = &ev->queue[ev->len];
	ret = decode(ev, nlh, CONTAINERCTL_CMD_EVENT, &q->e);
	if (ret > 0)
		return 0;
	q->err = ret;
	ev->len++;
	return 0;
}

static bool both_groups(const struct ctrl_events *ev)
{
	return (ev->flags & EVENTS_GROUPS) == EVENTS_GROUPS;
}

/*
 * Losses of a subscriber of one group, by GROUP_SEQ: exact, but for a gap
 * that straddles the last dump.
 */
static void account_group(struct ctrl_events *ev, const struct ctrl_event *e)
{
	int g = !(ev->flags & CTRL_EVENTS_GROUP_EVENTS);
	bool after_dump = !ev->have_skip ||
			  (CTRL_EVENT_HAS(e, PREV_SEQ) && e->prev_seq > ev->skip);

	if (ev->grp[g].have && e->group_seq > ev->grp[g].group_seq + 1) {
		ev->unrevealed = false;
		if (!ev->have_skip || ev->grp[g].seq >= ev->skip) {
			ev->lost += e->group_seq - ev->grp[g].group_seq - 1;
		} else if (after_dump) {
			ev->lost++;	/* at least one after the snapshot */
			ev->inexact = true;
		}
	} else if (!ev->grp[g].have && ev->have_skip && after_dump) {
		ev->lost++;		/* its previous event is not in the dump */
		ev->inexact = true;
	}
	if (!ev->grp[g].have || e->group_seq > ev->grp[g].group_seq) {
		ev->grp[g].have = true;
		ev->grp[g].group_seq = e->group_seq;
		ev->grp[g].seq = e->seq;
	}
}

/*
 * Losses by SEQ. Both groups: every number is an event of theirs, and the
 * module sends them in the order of their numbers (the "all" group; a
 * module without it flushes one group's skb before it adds to the
 * other's), so the gap before an event is exactly what was lost, whichever
 * group the missing events were of. One
 * group without GROUP_SEQ (an older module): a break in the PREV_SEQ
 * chain says at least one.
 */
static void account_seq(struct ctrl_events *ev, const struct ctrl_event *e)
{
	if (!ev->have_last || e->seq <= ev->last)
		return;
	if (both_groups(ev)) {
		if (e->seq > ev->last + 1)
			ev->unrevealed = false;
		ev->lost += e->seq - ev->last - 1;
	} else if (CTRL_EVENT_HAS(e, PREV_SEQ) && e->prev_seq > ev->last) {
		ev->lost++;		/* at least one */
		ev->inexact = true;
		ev->unrevealed = false;
	}
}

/*
 * account() - the loss accounting of an event leaving the queue
 *
 * Return: true if the event is to be returned, false if a dump already
 * reflects it.
 */
static bool account(struct ctrl_events *ev, const struct ctrl_event *e)
{
	if (!both_groups(ev) && CTRL_EVENT_HAS(e, GROUP_SEQ))
		account_group(ev, e);
	else
		account_seq(ev, e);
	if (!ev->have_last || e->seq > ev->last) {
		ev->last = e->seq;
		ev->have_last = true;
	}
	return !ev->have_skip || e->seq > ev->skip;
}

/*
 * pop() - the next queued event to return
 *
 * Return: 1 with @e filled, 0 when the queue is empty, or the -errno of a
 * message that could not be decoded.
 */
static int pop(struct ctrl_events *ev, struct ctrl_event *e)
{
	struct events_entry *q;

	while (ev->head < ev->len) {
		q = &ev->queue[ev->head++];
		if (q->err)
			return q->err;
		if (account(ev, &q->e)) {
			*e = q->e;
			return 1;
		}
	}
	ev->head = ev->len = 0;
	return 0;
}

/*
 * receive() - one receive into the queue
 *
 * Return: 0 (the queue may still be empty: an overrun, or only messages to
 * ignore), -EAGAIN when nothing is available on a non-blocking handle, or
 * another -errno.
 */
static int receive(struct ctrl_events *ev)
{
	struct iovec iov = { .iov_base = ev->buf, .iov_len = EVENTS_MSGBUF };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct nlmsghdr *nlh;
	int len, ret;

	do
		len = recvmsg(nl_socket_get_fd(ev->sk), &mh, 0);
	while (len < 0 && errno == EINTR);
	if (len < 0 && errno == ENOBUFS) {
		/*
		 * The socket dropped messages. The queued messages are
		 * intact: the gap in the numbers of the next event counts
		 * what was lost. Until an event shows that gap, the count is
		 * short (the queued events were sent before the loss).
		 */
		ev->overruns++;
		ev->unrevealed = true;
		return 0;
	}
	if (len < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	for (nlh = ev->buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
		ret = enqueue(ev, nlh);
		if (ret)
			return ret;
	}
	/* Never from the module (see EVENTS_MSGBUF): lost as in an overrun. */
	if (mh.msg_flags & MSG_TRUNC) {
		ev->overruns++;
		ev->unrevealed = true;
	}
	return 0;
}

/* Would pop() return something (an event, or an error)? */
static bool queued(const struct ctrl_events *ev)
{
	size_t i;

	for (i = ev->head; i < ev->len; i++)
		if (ev->queue[i].err || !ev->have_skip ||
		    ev->queue[i].e.seq > ev->skip)
			return true;
	return false;
}

/* Make the eventfd readable exactly while queued() holds. */
static void mark(struct ctrl_events *ev)
{
	uint64_t v = 1;
	bool want = queued(ev);

	if (want == ev->evfd_set)
		return;
	if (want ? write(ev->evfd, &v, sizeof(v)) == sizeof(v) :
		   read(ev->evfd, &v, sizeof(v)) == sizeof(v))
		ev->evfd_set = want;
}

int ctrl_events_next(struct ctrl_events *ev, struct ctrl_event *e)
{
	int saved = errno, ret;

	for (;;) {
		ret = pop(ev, e);
		if (ret)
			break;
		ret = receive(ev);
		if (ret)
			break;
	}
	mark(ev);
	errno = saved;
	return ret > 0 ? 0 : ret;
}

/* Pass the queued events to @cb; *n counts them. */
static int drain(struct ctrl_events *ev,
		 int (*cb)(const struct ctrl_event *e, void *arg), void *arg,
		 int *n)
{
	struct ctrl_event e;
	int ret;

	while ((ret = pop(ev, &e)) > 0) {
		(*n)++;
		ret = cb(&e, arg);
		if (ret)
			return ret;
	}
	return ret;
}

int ctrl_events_dispatch(struct ctrl_events *ev,
			 int (*cb)(const struct ctrl_event *e, void *arg),
			 void *arg)
{
	int saved = errno, n = 0, ret;

	ret = drain(ev, cb, arg, &n);
	if (!ret && !n) {
		/* Nothing was queued: one receive. */
		ret = receive(ev);
		if (!ret)
			ret = drain(ev, cb, arg, &n);
		else if (ret == -EAGAIN)
			ret = 0;
	}
	mark(ev);
	errno = saved;
	if (ret < 0)
		return ret;
	return n;
}

uint64_t ctrl_events_lost(struct ctrl_events *ev)
{
	return ev->lost;
}

int ctrl_events_lost_exact(struct ctrl_events *ev)
{
	return !ev->inexact && !ev->unrevealed;
}

uint64_t ctrl_events_overruns(struct ctrl_events *ev)
{
	return ev->overruns;
}

int ctrl_events_fd(struct ctrl_events *ev)
{
	return ev->epfd;
}

int ctrl_events_set_rcvbuf(struct ctrl_events *ev, int bytes)
{
	int saved = errno, ret = 0;

	if (bytes <= 0)
		return -EINVAL;
	/* Past rmem_max when allowed (CAP_NET_ADMIN), else capped by it. */
	if (setsockopt(nl_socket_get_fd(ev->sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &bytes, sizeof(bytes)) &&
	    setsockopt(nl_socket_get_fd(ev->sk), SOL_SOCKET, SO_RCVBUF,
		       &bytes, sizeof(bytes)))
		ret = -errno;
	errno = saved;
	return ret;
}

void ctrl_events_close(struct ctrl_events *ev)
{
	int saved = errno;

	if (!ev)
		return;
	if (ev->sk)
		nl_socket_free(ev->sk);
	if (ev->epfd >= 0)
		close(ev->epfd);
	if (ev->evfd >= 0)
		close(ev->evfd);
	free(ev->queue);
	free(ev->buf);
	free(ev);
	errno = saved;
}

/* Join one multicast group of the family by name. */
static int join(struct ctrl_events *ev, const char *group)
{
	int grp, ret;

	grp = genl_ctrl_resolve_grp(ev->sk, CONTAINERCTL_GENL_NAME, group);
	if (grp < 0)
		return -nl_errno(grp);
	ret = nl_socket_add_membership(ev->sk, grp);
	return ret < 0 ? -nl_errno(ret) : 0;
}

/* The blocking mode of the subscription. */
static int events_setup(struct ctrl_events *ev)
{
	int ret;

	if (ev->flags & CTRL_EVENTS_NONBLOCK) {
		ret = nl_socket_set_nonblocking(ev->sk);
		if (ret < 0)
			return -nl_errno(ret);
	}
	return 0;
}

/*
 * events_baseline() - where a subscriber of both groups starts counting
 *
 * The second group is joined a moment after the first: an event of the
 * second group sent in between is missed, not lost. Whatever is queued once
 * both are joined was sent before that: it is received now, and losses
 * count from its highest number. Every later event was sent to both groups,
 * in order, so from there the gaps in SEQ are exactly the losses.
 */
static int events_baseline(struct ctrl_events *ev)
{
	int fd = nl_socket_get_fd(ev->sk), fl, ret;
	unsigned int flags = ev->flags;
	size_t i;
	char c;

	/* Nothing queued: every event to come reaches both groups. */
	if (recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		if (errno != ENOBUFS)	/* an overrun: receive() counts it */
			return -errno;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK))
		return -errno;
	ev->flags |= CTRL_EVENTS_NONBLOCK;
	while (!(ret = receive(ev)))
		;
	ev->flags = flags;
	if (fcntl(fd, F_SETFL, fl))
		return -errno;
	if (ret != -EAGAIN)
		return ret;
	for (i = ev->head; i < ev->len; i++) {
		if (ev->queue[i].err)
			continue;
		if (!ev->have_last || ev->queue[i].e.seq > ev->last)
			ev->last = ev->queue[i].e.seq;
		ev->have_last = true;
	}
	return 0;
}

/* The descriptor of ctrl_events_fd(): the socket and the eventfd. */
static int events_poll_setup(struct ctrl_events *ev)
{
	struct epoll_event ee = { .events = EPOLLIN };

	ev->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (ev->evfd < 0 || ev->epfd < 0)
		return -errno;
	if (epoll_ctl(ev->epfd, EPOLL_CTL_ADD, nl_socket_get_fd(ev->sk), &ee) ||
	    epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->evfd, &ee))
		return -errno;
	return 0;
}

static int events_open(struct ctrl_events *ev)
{
	int ret, size = EVENTS_RCVBUF;
	bool joined_all = false;

	ev->sk = nl_socket_alloc();
	ev->buf = malloc(EVENTS_MSGBUF);
	if (!ev->sk || !ev->buf)
		return -ENOMEM;
	ret = genl_connect(ev->sk);
	if (ret < 0)
		return -nl_errno(ret);
	/* rmem_max caps SO_RCVBUF; SO_RCVBUFFORCE goes past it if allowed. */
	ret = nl_socket_set_buffer_size(ev->sk, EVENTS_RCVBUF, 0);
	if (ret < 0)
		return -nl_errno(ret);
	(void)setsockopt(nl_socket_get_fd(ev->sk), SOL_SOCKET, SO_RCVBUFFORCE,
			 &size, sizeof(size));

	ev->family = genl_ctrl_resolve(ev->sk, CONTAINERCTL_GENL_NAME);
	if (ev->family < 0)
		return -nl_errno(ev->family);
	/*
	 * Both groups: "all", their one stream in the order of the numbers.
	 * A module without it (ENOENT) sends both groups in that order: join
	 * them, and start counting where both are joined.
	 */
	if (both_groups(ev)) {
		ret = join(ev, CONTAINERCTL_GENL_MCGRP_ALL);
		if (ret && ret != -ENOENT)
			return ret;
		joined_all = !ret;
	}
	if (!joined_all && ev->flags & CTRL_EVENTS_GROUP_EVENTS) {
		ret = join(ev, CONTAINERCTL_GENL_MCGRP_EVENTS);
		if (ret)
			return ret;
	}
	if (!joined_all && ev->flags & CTRL_EVENTS_GROUP_TASKS) {
		ret = join(ev, CONTAINERCTL_GENL_MCGRP_TASKS);
		if (ret)
			return ret;
	}
	ret = events_setup(ev);
	if (!ret && both_groups(ev) && !joined_all)
		ret = events_baseline(ev);
	if (!ret)
		ret = events_poll_setup(ev);
	if (!ret)
		mark(ev);	/* what events_baseline() queued */
	return ret;
}

int ctrl_events_open(struct ctrl_events **evp, unsigned int flags)
{
	struct ctrl_events *ev;
	int saved = errno, ret;

	*evp = NULL;
	if (flags & ~EVENTS_FLAGS)
		return -EINVAL;
	if (!(flags & EVENTS_GROUPS))
		flags |= CTRL_EVENTS_GROUP_EVENTS;
	ev = calloc(1, sizeof(*ev));
	if (!ev) {
		errno = saved;
		return -ENOMEM;
	}
	ev->flags = flags;
	ev->epfd = ev->evfd = -1;
	ret = events_open(ev);
	if (ret) {
		ctrl_events_close(ev);
		errno = saved;
		return ret;
	}
	*evp = ev;
	errno = saved;
	return 0;
}

struct dump_ctx {
	struct ctrl_events *ev;
	int (*cb)(const struct ctrl_event *e, void *arg);
	void *arg;
	int ret;
	bool have_seq;
	uint64_t seq;
};

/* NL_CB_VALID of a dump: one container. */
static int dump_valid(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;
	struct ctrl_event e;
	int ret;

	ret = decode(d->ev, nlmsg_hdr(msg), CONTAINERCTL_CMD_DUMP, &e);
	if (ret > 0)
		return NL_OK;
	if (!ret && d->have_seq && e.seq != d->seq)
		ret = -EPROTO;
	if (!ret) {
		d->have_seq = true;
		d->seq = e.seq;
		ret = d->cb(&e, d->arg);
	}
	if (ret) {
		d->ret = ret;
		return NL_STOP;
	}
	return NL_OK;
}

static int dump(struct ctrl_events *ev, struct dump_ctx *d)
{
	struct nl_sock *sk;
	struct nl_cb *cb = NULL;
	struct nl_msg *msg = NULL;
	int ret;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	ret = genl_connect(sk);
	if (ret < 0) {
		ret = -nl_errno(ret);
		goto out;
	}
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		ret = -ENOMEM;
		goto out;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ev->family, 0,
			 NLM_F_DUMP, CONTAINERCTL_CMD_DUMP,
			 CONTAINERCTL_GENL_VERSION)) {
		ret = -ENOMEM;
		goto out;
	}
	ret = nl_send_auto(sk, msg);
	if (ret < 0) {
		ret = -nl_errno(ret);
		goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, dump_valid, d);
	ret = nl_recvmsgs(sk, cb);
	if (d->ret)
		ret = d->ret;
	else if (ret < 0)
		ret = -nl_errno(ret);
	else
		ret = 0;
out:
	nlmsg_free(msg);
	if (cb)
		nl_cb_put(cb);
	nl_socket_free(sk);
	return ret;
}

/*
 * After a dump whose snapshot is @seq: the events up to it are skipped,
 * and losses are counted from it on (account()).
 */
static void dump_done(struct ctrl_events *ev, uint64_t seq)
{
	if (!ev->have_skip || seq > ev->skip)
		ev->skip = seq;
	ev->have_skip = true;
	if (!ev->have_last || seq > ev->last)
		ev->last = seq;
	ev->have_last = true;
	mark(ev);	/* queued events it covers are no longer to return */
}

int ctrl_events_dump(struct ctrl_events *ev,
		     int (*cb)(const struct ctrl_event *e, void *arg),
		     void *arg, uint64_t *seq)
{
	struct dump_ctx d = { .ev = ev, .cb = cb, .arg = arg };
	int saved = errno, ret;

	ret = dump(ev, &d);
	if (!ret && d.have_seq)
		dump_done(ev, d.seq);
	if (!ret && seq)
		*seq = d.seq;
	errno = saved;
	return ret;
}
