// SPDX-License-Identifier: GPL-2.0
/*
 * Membership: which container each task is in.
 *
 * Only tasks outside the root have a record (struct ctr_member), in a hash
 * table keyed by task (a fixed array of buckets: inserting never allocates
 * or fails) and on their container's member list; a task without one is in
 * the root. So while nothing is tracked (and no move is
 * under way) the fork and exit paths cost a full barrier, two loads and a
 * per-CPU increment (the root's generation); see ctr_member_idle().
 *
 * Ordering against fork: the task_newtask tracepoint fires at the end of
 * copy_process(), after the child is linked into the task and thread
 * lists. An attach that walks a thread group under ctr_member_lock
 * therefore sees every thread that exists, including one whose own probe
 * has not run yet; that probe then finds the record the attach made and
 * leaves it. A thread created later starts where its creator is by then.
 *
 * Ordering against exit: PF_EXITING is set before the sched_process_exit
 * tracepoint, and an attach skips tasks with PF_EXITING under
 * ctr_member_lock, so a record is never created after its task's exit
 * probe ran.
 *
 * Records for new tasks: the fork probe cannot sleep, so it takes them from
 * a reserve (reserve.c) of fork_reserve records (a module parameter),
 * refilled from process context when a take leaves it below half, and fed
 * back by the records of tasks that exited (after an RCU grace period).
 * Only when the reserve is empty does the probe allocate (GFP_NOWAIT,
 * before it takes ctr_member_lock; never on PREEMPT_RT).
 *
 * A child that still gets no record must not run outside its container:
 * it is killed with SIGKILL before it first runs, and counted
 * (track_failures). For a new process that is as if its fork had failed.
 * A new thread takes its process with it (SIGKILL kills a thread group), as
 * does a new thread of a pid namespace's init, which ends the namespace; a
 * thread of the global init survives it and stays in the root. The reserve
 * makes this need more tracked births than it holds, faster than a work
 * item runs, with memory short as well.
 *
 * PREEMPT_RT: the probes run with preemption disabled, where spinlock_t,
 * the slab allocator and sending a signal (siglock) sleep. So
 * ctr_member_lock is a raw spinlock, nothing allocates under it or in the
 * probes, and a child is killed at birth by a task work (taskwork.c, from
 * its own reserve) that has the child send itself SIGKILL before it
 * returns to user space. A child left without both a record and such a
 * work (both reserves empty) cannot be killed there: it runs, in the root,
 * and track_failures counts it.
 *
 * Layer: below the operations (core.c) and the probes, above the
 * registry (for the root and the reap list) and everything under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "compat.h"
#include "container.h"
#include "cputime.h"
#include "events.h"
#include "member.h"
#include "nscount.h"
#include "pidfd.h"
#include "registry.h"
#include "reserve.h"
#include "taskwork.h"

struct ctr_member {
	struct hlist_node node;		/* in its ctr_member_hash bucket */
	struct task_struct *task;	/* key; not referenced: gone at exit */
	struct ctr_container *c;
	union {
		struct list_head link;	/* in c->members */
		struct rcu_head rcu;	/* once off every list */
	};
	struct ctr_cputime cpu_base;	/* task's times when last charged */
};

/*
 * 2^16 buckets (512 KiB): a million tracked threads make chains of 16.
 * Fixed, so that an insert under the raw ctr_member_lock never allocates.
 */
#define CTR_MEMBER_HASH_BITS	16

static struct hlist_head *ctr_member_hash;
static unsigned long ctr_nr_tracked;	/* records; read without the lock */
static atomic_t ctr_nr_moving = ATOMIC_INIT(0);	/* moves begun, not ended */
static u64 ctr_member_seq;		/* last generation handed out */
static DEFINE_PER_CPU(unsigned long, ctr_root_events);
static atomic64_t ctr_track_failures = ATOMIC64_INIT(0);
/* The SIGKILL in progress: one at a time, ctr_kill() holds ctr_tree_lock. */
static struct ctr_killer *ctr_killer;

/* Records set aside for the fork probe; see the top of this file. */
static struct ctr_reserve ctr_records;

int ctr_member_init(void)
{
	ctr_member_hash = kvcalloc(1 << CTR_MEMBER_HASH_BITS,
				   sizeof(*ctr_member_hash), GFP_KERNEL);
	if (!ctr_member_hash)
		return -ENOMEM;
	ctr_reserve_init(&ctr_records, sizeof(struct ctr_member), 0);
	return 0;
}

void ctr_member_uninit(void)
{
	WARN_ON(READ_ONCE(ctr_nr_tracked));
	kvfree(ctr_member_hash);
	/* The records of the last exits come back to the reserve first. */
	rcu_barrier();
	ctr_reserve_uninit(&ctr_records);
}

/* A record nobody can see any more goes back to the reserve. */
static void ctr_member_free_rcu(struct rcu_head *rcu)
{
	ctr_reserve_put(&ctr_records, container_of(rcu, struct ctr_member, rcu));
}

/*
 * The probes' fast path: may a fork or exit skip ctr_member_lock because
 * no task is tracked? Not while a move is under way: a move that did not
 * see a new thread (linked after its walk), or saw a task not yet exiting,
 * relies on that task's probe taking the lock after it. This is the
 * store-buffering pattern with ctr_member_move_begin(): the probe's task
 * was linked or marked PF_EXITING before the barrier here, the move counted
 * itself before its barrier and its walk, so either the walk sees the task
 * or the probe sees the move. A move that ended made its records visible
 * before its count dropped (acquire here).
 */
static bool ctr_member_idle(void)
{
	smp_mb();	/* pairs with ctr_member_move_begin()'s */
	return !atomic_read_acquire(&ctr_nr_moving) && !READ_ONCE(ctr_nr_tracked);
}

static struct hlist_head *ctr_member_bucket(struct task_struct *task)
{
	return &ctr_member_hash[hash_ptr(task, CTR_MEMBER_HASH_BITS)];
}

static struct ctr_member *ctr_member_lookup(struct task_struct *task)
{
	struct ctr_member *m;

	lockdep_assert_held(&ctr_member_lock);
	hlist_for_each_entry(m, ctr_member_bucket(task), node)
		if (m->task == task)
			return m;
	return NULL;
}

static void ctr_member_hash_add(struct ctr_member *m)
{
	lockdep_assert_held(&ctr_member_lock);
	hlist_add_head_rcu(&m->node, ctr_member_bucket(m->task));
}

/*
 * Has @task a record (is it outside the root)? Without ctr_member_lock,
 * under the RCU read lock: records are freed after a grace period.
 */
static bool ctr_member_tracked_rcu(struct task_struct *task)
{
	struct ctr_member *m;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "no rcu_read_lock()");
	hlist_for_each_entry_rcu(m, ctr_member_bucket(task), node)
		if (READ_ONCE(m->task) == task)
			return true;
	return false;
}

/* Membership of @c changed: give it a new generation. */
static void ctr_member_changed(struct ctr_container *c)
{
	lockdep_assert_held(&ctr_member_lock);
	c->generation = ++ctr_member_seq;
}

/* A task came into or left the root without a record changing. */
static void ctr_member_root_event(void)
{
	this_cpu_inc(ctr_root_events);
}

/**
 * ctr_member_generation() - a container's generation
 * @c: the container
 *
 * The root's counts every fork and exit in it (per-CPU, without a lock) on
 * top of the moves; both only grow, so the sum changes with any change.
 *
 * Return: the generation.
 */
u64 ctr_member_generation(struct ctr_container *c)
{
	u64 gen = READ_ONCE(c->generation);
	int cpu;

	if (c == ctr_root)
		for_each_possible_cpu(cpu)
			gen += per_cpu(ctr_root_events, cpu);
	return gen;
}

unsigned long ctr_member_nr_tracked(void)
{
	return READ_ONCE(ctr_nr_tracked);
}

u64 ctr_member_track_failures(void)
{
	return atomic64_read(&ctr_track_failures);
}

/* A task left @c: was it the last? */
static void ctr_member_left(struct ctr_container *c)
{
	lockdep_assert_held(&ctr_member_lock);
	if (c->nr_threads)
		return;
	ctr_ev_empty(c);
	if (c->flags & CONTAINERCTL_F_AUTOREMOVE)
		ctr_reap_queue(c);
}

/* @t's own times now, as /proc shows them. */
static void ctr_member_times(struct task_struct *t, struct ctr_cputime *now)
{
	task_cputime_adjusted(t, &now->user, &now->system);
}

/* Charge @m's container with what its task used since the last charge. */
static void ctr_member_charge(struct ctr_member *m)
{
	struct ctr_cputime now;

	lockdep_assert_held(&ctr_member_lock);
	ctr_member_times(m->task, &now);
	ctr_cputime_charge(&m->c->cpu_done, &m->cpu_base, &now);
}

static void ctr_member_remove(struct ctr_member *m)
{
	lockdep_assert_held(&ctr_member_lock);
	ctr_member_charge(m);
	hlist_del_rcu(&m->node);
	list_del(&m->link);
	m->c->nr_threads--;
	ctr_member_changed(m->c);
	ctr_member_changed(ctr_root);
	WRITE_ONCE(ctr_nr_tracked, ctr_nr_tracked - 1);
	ctr_member_left(m->c);
	call_rcu(&m->rcu, ctr_member_free_rcu);
}

/*
 * File the new task @child, which has no record, in @dest (not the root),
 * under ctr_member_lock. Its record comes from *@spare, which is consumed
 * (set to NULL). A new task's times start at 0.
 * Return: 0, or -ENOMEM without a spare.
 */
static int ctr_member_place_child(struct task_struct *child,
				  struct ctr_container *dest,
				  struct ctr_member **spare)
{
	struct ctr_member *m = *spare;

	if (!m)
		return -ENOMEM;
	*spare = NULL;
	m->task = child;
	m->c = dest;
	m->cpu_base = (struct ctr_cputime){};
	ctr_member_hash_add(m);
	list_add_tail(&m->link, &dest->members);
	dest->nr_threads++;
	dest->nr_forks++;
	ctr_member_changed(dest);
	ctr_member_changed(ctr_root);
	WRITE_ONCE(ctr_nr_tracked, ctr_nr_tracked + 1);
	return 0;
}

/*
 * @task, in @c, created new namespaces (@ns_flags): a new task (clone) or
 * current (unshare). If @c tracks them, return the automatic clone's work
 * (@clone_work, the caller's: namespace tracking is above this layer), the
 * one prepared before the lock (*@prepared, then consumed) or else one
 * from the reserve, for the caller to queue once ctr_member_lock is
 * dropped. Without one the clone is refused, naming @task.
 */
static struct ctr_twork *ctr_member_ns_work(struct ctr_container *c,
					    struct task_struct *task,
					    unsigned long ns_flags,
					    ctr_twork_fn clone_work,
					    struct ctr_twork **prepared)
{
	struct ctr_twork *w;

	lockdep_assert_held(&ctr_member_lock);
	if (!ns_flags || !(READ_ONCE(c->flags) & CONTAINERCTL_F_NSTRACK))
		return NULL;
	w = *prepared;
	*prepared = NULL;
	if (!w)
		w = ctr_twork_prepare(clone_work, ns_flags, 0);
	if (!w)
		ctr_nscount_refused(c, task, ns_flags, -ENOMEM);
	return w;
}

/**
 * ctr_task_ids() - the ids a signal permission decision needs
 * @task: the task
 * @ids: filled in from its credentials
 *
 * Does not sleep: may be called from the probes.
 */
void ctr_task_ids(struct task_struct *task, struct ctr_perm_ids *ids)
{
	const struct cred *cred;

	rcu_read_lock();
	cred = __task_cred(task);
	ids->uid = cred->uid;
	ids->euid = cred->euid;
	ids->suid = cred->suid;
	rcu_read_unlock();
}

/*
 * Is @child, born in @c, to be killed at birth by the SIGKILL in progress?
 * Only if @c is in its reach and its sender could have signalled the child
 * itself: it may signal it by kill(2)'s rules (the child has its creator's
 * credentials) and sees it in its pid namespace.
 */
static bool ctr_member_killed_at_birth(struct task_struct *child,
				       struct ctr_container *c)
{
	const struct ctr_killer *k = ctr_killer;
	struct ctr_perm_ids ids;

	lockdep_assert_held(&ctr_member_lock);
	if (!k || !(c == k->c || (k->subtree && ctr_tree_is_descendant(c, k->c))))
		return false;
	if (!task_pid_nr_ns(child, k->ns))
		return false;
	ctr_task_ids(child, &ids);
	return ctr_perm_signal(k->cap_kill, &k->ids, &ids);
}

/* A task work: a child killed at birth sends itself SIGKILL (PREEMPT_RT). */
static void ctr_member_doom(unsigned long unused)
{
	send_sig_info(SIGKILL, SEND_SIG_PRIV, current);
}

/*
 * What a birth may need under ctr_member_lock, got before it, where the
 * probe may still allocate (not on PREEMPT_RT): a record, and the work of
 * an automatic clone if the child has new namespaces. Only if the creator
 * or the child is tracked; under the lock, a birth that needs more than
 * this takes it from the reserves.
 */
static void ctr_member_prepare_birth(struct task_struct *child,
				     unsigned long ns_flags,
				     ctr_twork_fn clone_work,
				     struct ctr_member **spare,
				     struct ctr_twork **nsw)
{
	bool tracked;

	rcu_read_lock();
	tracked = ctr_member_tracked_rcu(current) ||
		  ctr_member_tracked_rcu(child);
	rcu_read_unlock();
	if (!tracked)
		return;
	*spare = ctr_reserve_take(&ctr_records, 0);
	if (!*spare && !IS_ENABLED(CONFIG_PREEMPT_RT))
		*spare = kmalloc_obj(**spare, GFP_NOWAIT | __GFP_NOWARN);
	if (ns_flags)
		*nsw = ctr_twork_prepare(clone_work, ns_flags,
					 CTR_TWORK_MAY_ALLOC);
}

/**
 * ctr_member_fork() - a new task: it starts where its creator is
 * @child: the new task (current created it)
 * @ns_flags: the CLONE_NEW* flags it was created with
 * @clone_work: the task work of an automatic clone, left on @child if it
 *              created namespaces in a container that tracks them
 *
 * Called from the task_newtask probe: must not sleep, nor allocate on
 * PREEMPT_RT.
 */
void ctr_member_fork(struct task_struct *child, unsigned long ns_flags,
		     ctr_twork_fn clone_work)
{
	struct ctr_twork *nsw = NULL, *w = NULL, *doom = NULL;
	struct ctr_member *spare = NULL, *creator, *m;
	bool kill = false, failed = false;

	if (ctr_member_idle()) {
		ctr_member_root_event();
		return;
	}

	ctr_member_prepare_birth(child, ns_flags, clone_work, &spare, &nsw);
	raw_spin_lock(&ctr_member_lock);
	/* An attach that saw the child already placed it. */
	m = ctr_member_lookup(child);
	if (m) {
		m->c->nr_forks++;
		ctr_ev_fork(child, m->c);
		w = ctr_member_ns_work(m->c, child, ns_flags, clone_work,
				       &nsw);
		goto out_unlock;
	}
	creator = ctr_member_lookup(current);
	if (!creator) {
		ctr_member_root_event();
		goto out_unlock;
	}
	/* Only a child of a tracked task needs a record. */
	if (!spare)
		spare = ctr_reserve_take(&ctr_records, 0);
	if (ctr_member_place_child(child, creator->c, &spare)) {
		failed = true;
		kill = true;
	} else {
		ctr_ev_fork(child, creator->c);
	}
	/*
	 * A SIGKILL of this container is running, by a sender who may signal
	 * the child, or has reached the creator already: the child must not
	 * outlive it (see ctr_kill()).
	 */
	if (ctr_member_killed_at_birth(child, creator->c) ||
	    fatal_signal_pending(current))
		kill = true;
	if (kill && IS_ENABLED(CONFIG_PREEMPT_RT)) {
		doom = ctr_twork_prepare(ctr_member_doom, 0, CTR_TWORK_KILL);
		if (!doom)
			failed = true;	/* it lives: see the top of this file */
	}
	if (failed)
		atomic64_inc(&ctr_track_failures);
	if (!kill)
		w = ctr_member_ns_work(creator->c, child, ns_flags,
				       clone_work, &nsw);
out_unlock:
	raw_spin_unlock(&ctr_member_lock);
	if (spare)
		ctr_reserve_put(&ctr_records, spare);
	if (nsw)
		ctr_twork_cancel(nsw);
	if (doom)
		ctr_twork_queue(child, doom);
	else if (kill && !IS_ENABLED(CONFIG_PREEMPT_RT))
		send_sig_info(SIGKILL, SEND_SIG_PRIV, child);
	if (w)
		ctr_twork_queue(child, w);
}

/**
 * ctr_member_unshared() - the current task created new namespaces with
 * unshare(2)
 * @ns_flags: the CLONE_NEW* flags
 * @clone_work: as for ctr_member_fork()
 *
 * Called from the unshare probe: must not sleep, nor allocate on
 * PREEMPT_RT.
 */
void ctr_member_unshared(unsigned long ns_flags, ctr_twork_fn clone_work)
{
	struct ctr_twork *nsw, *w = NULL;
	struct ctr_member *m;
	bool tracked;

	if (!READ_ONCE(ctr_nr_tracked))
		return;
	rcu_read_lock();
	tracked = ctr_member_tracked_rcu(current);
	rcu_read_unlock();
	if (!tracked)
		return;
	nsw = ctr_twork_prepare(clone_work, ns_flags, CTR_TWORK_MAY_ALLOC);
	raw_spin_lock(&ctr_member_lock);
	m = ctr_member_lookup(current);
	if (m)
		w = ctr_member_ns_work(m->c, current, ns_flags, clone_work,
				       &nsw);
	raw_spin_unlock(&ctr_member_lock);
	if (nsw)
		ctr_twork_cancel(nsw);
	if (w)
		ctr_twork_queue(current, w);
}

/*
 * Did @task's process end with it? Under ctr_member_lock, before its own
 * record goes. Without the tracepoint's group_dead (before 6.16): all its
 * threads are exiting (signal->live is 0) and no other thread of it has a
 * record left; exit probes run one at a time under the lock, so exactly
 * one thread, the last, says so.
 */
static bool ctr_member_group_dead(struct task_struct *task, int group_dead)
{
	struct task_struct *t;
	bool dead = true;

	lockdep_assert_held(&ctr_member_lock);
	if (group_dead >= 0)
		return group_dead;
	if (atomic_read(&task->signal->live))
		return false;
	rcu_read_lock();
	for_each_thread(task, t) {
		if (t != task && ctr_member_lookup(t)) {
			dead = false;
			break;
		}
	}
	rcu_read_unlock();
	return dead;
}

/**
 * ctr_member_exit() - an exiting task leaves its container
 * @task: the task (current)
 * @group_dead: 1 if its process ends with it, 0 if not, -1 if the
 *              tracepoint does not say
 *
 * Called from the sched_process_exit probe: must not sleep.
 */
void ctr_member_exit(struct task_struct *task, int group_dead)
{
	struct ctr_member *m;

	if (ctr_member_idle()) {
		ctr_member_root_event();
		return;
	}
	raw_spin_lock(&ctr_member_lock);
	m = ctr_member_lookup(task);
	if (m) {
		if (ctr_events_wanted(CTR_EV_EVENTS) ||
		    ctr_events_wanted(CTR_EV_TASKS))
			ctr_ev_exit(task, m->c,
				    ctr_member_group_dead(task, group_dead));
		m->c->nr_exits++;
		ctr_member_remove(m);
	} else {
		ctr_member_root_event();
	}
	raw_spin_unlock(&ctr_member_lock);
}

/* Add @c's own time to @sum: what it was charged, and its tasks' since. */
static void ctr_member_cpu_own(struct ctr_container *c,
			       struct ctr_cputime *sum)
{
	struct ctr_cputime now, base;
	struct ctr_member *m;

	lockdep_assert_held(&ctr_member_lock);
	ctr_cputime_add(sum, &c->cpu_done);
	list_for_each_entry(m, &c->members, link) {
		ctr_member_times(m->task, &now);
		base = m->cpu_base;
		ctr_cputime_charge(sum, &base, &now);
	}
}

/**
 * ctr_member_cputime() - CPU time of a container's tasks while in it
 * @c: the container; the caller holds ctr_tree_lock
 * @subtree: add that of its descendants, removed ones included
 * @sum: set to the time
 *
 * ctr_member_lock is taken for one container at a time, so that no reader
 * (STAT is open to everyone) holds it for a walk of every tracked task.
 * A task that moves meanwhile is not counted twice: its move leaves the
 * time up to it with the source, and the destination counts from the move.
 */
void ctr_member_cputime(struct ctr_container *c, bool subtree,
			struct ctr_cputime *sum)
{
	struct ctr_container *pos;

	lockdep_assert_held(&ctr_tree_lock);
	*sum = (struct ctr_cputime){};
	for (pos = c; pos; pos = subtree ? ctr_tree_next_pre(pos, c) : NULL) {
		raw_spin_lock(&ctr_member_lock);
		ctr_member_cpu_own(pos, sum);
		if (subtree)
			ctr_cputime_add(sum, &pos->cpu_removed);
		raw_spin_unlock(&ctr_member_lock);
	}
}

/**
 * ctr_member_container() - the container a task is in
 * @task: the task
 *
 * Return: its container (the root if it has no record).
 */
struct ctr_container *ctr_member_container(struct task_struct *task)
{
	struct ctr_container *c;
	struct ctr_member *m;

	raw_spin_lock(&ctr_member_lock);
	m = ctr_member_lookup(task);
	c = m ? m->c : ctr_root;
	raw_spin_unlock(&ctr_member_lock);
	return c;
}

/**
 * ctr_member_nr_threads() - the tasks in a container (not the root)
 * @c: the container
 *
 * Return: the count.
 */
u64 ctr_member_nr_threads(struct ctr_container *c)
{
	u64 n;

	raw_spin_lock(&ctr_member_lock);
	n = c->nr_threads;
	raw_spin_unlock(&ctr_member_lock);
	return n;
}

/**
 * ctr_member_which() - the container of a live task
 * @task: the task
 *
 * Unlike ctr_member_container(), decides with the record whether the task
 * is exiting: an exit probe that removed the record ran after PF_EXITING
 * was set, so a task that started exiting after the caller looked it up is
 * never reported in the root.
 *
 * Return: its container, or ERR_PTR(-ESRCH) if it is exiting.
 */
struct ctr_container *ctr_member_which(struct task_struct *task)
{
	struct ctr_container *c;
	struct ctr_member *m;

	raw_spin_lock(&ctr_member_lock);
	m = ctr_member_lookup(task);
	c = m ? m->c : ctr_root;
	if (task->flags & PF_EXITING)
		c = ERR_PTR(-ESRCH);
	raw_spin_unlock(&ctr_member_lock);
	return c;
}

static void ctr_member_free_spares(struct list_head *spares)
{
	struct ctr_member *m, *tmp;

	list_for_each_entry_safe(m, tmp, spares, link)
		kfree(m);
}

/* Would moving @t need a new record? (Under ctr_member_lock.) */
static bool ctr_member_needs_record(struct task_struct *t)
{
	return !(t->flags & PF_EXITING) && !ctr_member_lookup(t);
}

/* Records a move of @task would need. (Under ctr_member_lock.) */
static size_t ctr_member_needs(struct task_struct *task, bool thread_only)
{
	struct task_struct *t;
	size_t need = 0;

	if (thread_only)
		return ctr_member_needs_record(task);
	for_each_thread(task, t)
		need += ctr_member_needs_record(t);
	return need;
}

/*
 * Add spare records to @mv until it holds @want, with no lock held.
 * @nofail: the caller already moved tasks it cannot move back.
 */
static int ctr_member_add_spares(struct ctr_move *mv, size_t want, bool nofail)
{
	gfp_t gfp = GFP_KERNEL | (nofail ? __GFP_NOFAIL : 0);
	struct ctr_member *spare;

	while (mv->nr_spares < want) {
		spare = kmalloc_obj(*spare, gfp);
		if (!spare)
			return -ENOMEM;
		list_add(&spare->link, &mv->spares);
		mv->nr_spares++;
	}
	return 0;
}

/*
 * With ctr_member_lock and the RCU read lock held, and @mv holding fewer
 * than @want spare records: drop the locks, allocate up to @want, and take
 * the locks again. A task looked up under them is then to be looked up
 * again. Returns 0 or -ENOMEM, with the locks held.
 */
static int ctr_member_refill(struct ctr_move *mv, size_t want, bool nofail)
{
	int ret;

	lockdep_assert_held(&ctr_member_lock);
	rcu_read_unlock();
	raw_spin_unlock(&ctr_member_lock);
	ret = ctr_member_add_spares(mv, want, nofail);
	raw_spin_lock(&ctr_member_lock);
	rcu_read_lock();
	return ret;
}

/*
 * With ctr_member_lock and the RCU read lock held: make sure @mv holds the
 * records a move of @task needs, dropping the locks to allocate them.
 * Returns with the locks held: 0, or -ENOMEM.
 */
static int ctr_member_move_ensure(struct ctr_move *mv,
				  struct task_struct *task, bool nofail)
{
	size_t need;
	int ret;

	lockdep_assert_held(&ctr_member_lock);
	for (;;) {
		if (mv->to_root)
			return 0;
		/*
		 * Enough for every thread: no need to count. A thread linked
		 * after this is left to its probe (see ..._move_record()).
		 */
		need = mv->thread_only ? 1 : get_nr_threads(task);
		if (need <= mv->nr_spares)
			return 0;
		need = ctr_member_needs(task, mv->thread_only);
		if (need <= mv->nr_spares)
			return 0;
		/* Threads appeared meanwhile: allocate for them too. */
		ret = ctr_member_refill(mv, need + 4, nofail);
		if (ret)
			return ret;
	}
}

static void ctr_member_move_init(struct ctr_move *mv, bool thread_only,
				 bool to_root)
{
	lockdep_assert_held(&ctr_tree_lock);
	mv->task = NULL;
	mv->thread_only = thread_only;
	mv->to_root = to_root;
	INIT_LIST_HEAD(&mv->spares);
	mv->nr_spares = 0;
	/* Keep the probes off their fast path (see ctr_member_idle()). */
	atomic_inc(&ctr_nr_moving);
	smp_mb__after_atomic();	/* pairs with ctr_member_idle()'s */
	raw_spin_lock(&ctr_member_lock);
	rcu_read_lock();
}

/**
 * ctr_member_move_begin() - prepare an atomic move
 * @mv: the move, filled in here
 * @task: the task (for a group move, any thread of the group)
 * @thread_only: move @task alone
 * @to_root: the destination is the root (no record is needed)
 *
 * Allocates the records the move needs (GFP_KERNEL, without locks held),
 * then returns with ctr_member_lock and the RCU read lock held: the
 * caller may change the tree under them (link the destination), then
 * calls ctr_member_move_prepare(), if that succeeds
 * ctr_member_move_finish(), and ctr_member_move_end().
 *
 * Return: 0 (locks held) or -ENOMEM (no lock held).
 */
int ctr_member_move_begin(struct ctr_move *mv, struct task_struct *task,
			  bool thread_only, bool to_root)
{
	int ret;

	ctr_member_move_init(mv, thread_only, to_root);
	mv->task = task;
	ret = ctr_member_move_ensure(mv, task, false);
	if (ret)
		ctr_member_move_end(mv);
	return ret;
}

/*
 * A spare record of @mv for @t, in the hash table and in no container yet
 * (off every list); NULL if none is left. (Under ctr_member_lock.)
 */
static struct ctr_member *ctr_member_take_spare(struct ctr_move *mv,
						struct task_struct *t)
{
	struct ctr_member *m;

	m = list_first_entry_or_null(&mv->spares, struct ctr_member, link);
	if (!m)
		return NULL;
	list_del_init(&m->link);
	mv->nr_spares--;
	m->task = t;
	m->c = NULL;
	ctr_member_hash_add(m);
	return m;
}

/*
 * Phase one for @t: give it a record (on mv->fresh, in no container yet)
 * if the move needs one. ctr_member_lock does not stop copy_process() from
 * linking new threads, so a group move can meet a thread born after it
 * counted: that thread's task_newtask probe has not run (it waits for
 * ctr_member_lock; a thread whose probe ran earlier was linked before the
 * count and is counted), and it will file the thread with its creator,
 * which this move moves. So it is left to its probe.
 */
static void ctr_member_move_record(struct ctr_move *mv, struct task_struct *t,
				   struct ctr_container *dest, bool *alive)
{
	struct ctr_member *m;

	if (t->flags & PF_EXITING)
		return;
	*alive = true;
	if (dest == ctr_root || ctr_member_lookup(t))
		return;
	m = ctr_member_take_spare(mv, t);
	if (m)
		list_add(&m->link, &mv->fresh);
}

/* Phase two for @t, whose record is @m (NULL: none): cannot fail. */
static void ctr_member_move_one(struct task_struct *t, struct ctr_member *m,
				struct ctr_container *dest)
{
	struct ctr_container *from;

	if (!m || m->c == dest)
		return;
	from = m->c ?: ctr_root;
	ctr_ev_attach(t, from, dest);
	if (!m->c) {			/* a record of phase one */
		ctr_member_times(t, &m->cpu_base);
		list_move_tail(&m->link, &dest->members);
		m->c = dest;
		dest->nr_threads++;
		ctr_member_changed(dest);
		ctr_member_changed(ctr_root);
		WRITE_ONCE(ctr_nr_tracked, ctr_nr_tracked + 1);
	} else if (dest == ctr_root) {
		ctr_member_remove(m);
	} else {
		ctr_member_charge(m);
		list_move_tail(&m->link, &dest->members);
		from->nr_threads--;
		ctr_member_changed(from);
		m->c = dest;
		dest->nr_threads++;
		ctr_member_changed(dest);
		ctr_member_left(from);
	}
}

/**
 * ctr_member_move_prepare() - first step of an atomic move into @dest
 * @mv: a move begun with ctr_member_move_begin()
 * @dest: the destination (linked in the tree, or to be unlinked again by
 *        the caller if this fails)
 *
 * Every thread that needs a record gets one, not yet in any container.
 * Threads already exiting (PF_EXITING) are left: their exit probe removes
 * them.
 *
 * Return: 0, or -ESRCH if no thread to move is alive (nothing changed).
 */
int ctr_member_move_prepare(struct ctr_move *mv, struct ctr_container *dest)
{
	struct task_struct *t;
	bool alive = false;

	lockdep_assert_held(&ctr_member_lock);
	INIT_LIST_HEAD(&mv->fresh);
	if (mv->thread_only) {
		ctr_member_move_record(mv, mv->task, dest, &alive);
	} else {
		for_each_thread(mv->task, t)
			ctr_member_move_record(mv, t, dest, &alive);
	}
	/* A thread that is not exiting is alive; only such get records. */
	return alive ? 0 : -ESRCH;
}

/**
 * ctr_member_move_finish() - second step: move the records; cannot fail
 * @mv: a move prepared by ctr_member_move_prepare()
 * @dest: the same destination
 *
 * No RCU grace period is waited for.
 */
void ctr_member_move_finish(struct ctr_move *mv, struct ctr_container *dest)
{
	struct task_struct *t;

	lockdep_assert_held(&ctr_member_lock);
	if (mv->thread_only) {
		ctr_member_move_one(mv->task, ctr_member_lookup(mv->task), dest);
	} else {
		for_each_thread(mv->task, t)
			ctr_member_move_one(t, ctr_member_lookup(t), dest);
	}
	WARN_ON_ONCE(!list_empty(&mv->fresh));
}

/**
 * ctr_member_move_end() - drop the locks of a move and its unused records
 * @mv: the move
 */
void ctr_member_move_end(struct ctr_move *mv)
{
	rcu_read_unlock();
	raw_spin_unlock(&ctr_member_lock);
	ctr_member_free_spares(&mv->spares);
	/* The records are in, before the count drops (see ctr_member_idle()). */
	smp_mb__before_atomic();
	atomic_dec(&ctr_nr_moving);
}

/*
 * The move of one live thread, @t, alone (a thread move, or a process with
 * one thread), whose record is @m (NULL: none): prepare and finish in one
 * step. A record it needs comes from @mv's spares: the caller made sure
 * there is one.
 */
static void ctr_member_move_single(struct ctr_move *mv, struct task_struct *t,
				   struct ctr_member *m,
				   struct ctr_container *dest)
{
	if (!m && dest != ctr_root) {
		m = ctr_member_take_spare(mv, t);
		if (WARN_ON_ONCE(!m))
			return;
	}
	ctr_member_move_one(t, m, dest);
}

/*
 * Is @task's move that of one live thread? A process whose one live thread
 * is its leader: another thread in its list is exiting, and a move leaves
 * those (see ctr_member_move_record()). A leader that exited, with live
 * threads, takes the general path.
 */
static bool ctr_member_one_thread(struct task_struct *task, bool thread_only)
{
	if (task->flags & PF_EXITING)
		return false;
	return thread_only || get_nr_threads(task) == 1;
}

/**
 * ctr_member_attach() - move a thread group, or one thread, into @dest
 * @task: the task (for a group move, any thread of the group)
 * @dest: the destination; the caller holds ctr_tree_lock, so it stays
 * @thread_only: move @task alone
 *
 * Return: 0, -ESRCH if no thread to move is alive, or -ENOMEM (nothing
 * moved).
 */
int ctr_member_attach(struct task_struct *task, struct ctr_container *dest,
		      bool thread_only)
{
	struct ctr_move mv;
	int ret;

	ret = ctr_member_move_begin(&mv, task, thread_only, dest == ctr_root);
	if (ret)
		return ret;
	if (ctr_member_one_thread(task, thread_only)) {
		ctr_member_move_single(&mv, task, ctr_member_lookup(task),
				       dest);
	} else {
		ret = ctr_member_move_prepare(&mv, dest);
		if (!ret)
			ctr_member_move_finish(&mv, dest);
	}
	ctr_member_move_end(&mv);
	return ret;
}

/* Tasks moved per hold of ctr_member_lock by ctr_member_attach_many(). */
#define CTR_MEMBER_BATCH	64

/* Is a thread of the move of @task alive? (Under ctr_member_lock.) */
static bool ctr_member_alive(struct task_struct *task, bool thread_only)
{
	struct task_struct *t;

	if (thread_only)
		return !(task->flags & PF_EXITING);
	for_each_thread(task, t)
		if (!(t->flags & PF_EXITING))
			return true;
	return false;
}

/* Let the probes in between two rounds of a batch. */
static void ctr_member_relax(void)
{
	rcu_read_unlock();
	raw_spin_unlock(&ctr_member_lock);
	cond_resched();
	raw_spin_lock(&ctr_member_lock);
	rcu_read_lock();
}

/*
 * One task of a batch, @t (a leader, or the thread with @thread_only), into
 * @dest, under the batch's locks. The spares are counted, not the records
 * every task needs beforehand: a one-thread task that needs a record when
 * none is left makes room for @ahead more (the tasks until the next
 * ctr_member_relax()), a larger group for its own.
 *
 * Return: 0, -ESRCH (no live thread), -ENOMEM, or -EAGAIN: the locks were
 * dropped to allocate, and @t is to be found again and retried.
 */
static int ctr_member_batch_one(struct ctr_move *mv, struct task_struct *t,
				struct ctr_container *dest, size_t ahead,
				bool nofail)
{
	struct ctr_member *m;
	size_t need = 0;
	int ret;

	lockdep_assert_held(&ctr_member_lock);
	if (ctr_member_one_thread(t, mv->thread_only)) {
		m = ctr_member_lookup(t);
		if (m || mv->to_root || mv->nr_spares) {
			ctr_member_move_single(mv, t, m, dest);
			return 0;
		}
		need = ahead;
	} else if (!mv->to_root) {
		need = ctr_member_needs(t, mv->thread_only);
		if (need > mv->nr_spares)
			need += 4;	/* for threads born meanwhile */
	}
	if (need > mv->nr_spares)
		return ctr_member_refill(mv, need, nofail) ?: -EAGAIN;
	mv->task = t;
	ret = ctr_member_move_prepare(mv, dest);
	if (!ret)
		ctr_member_move_finish(mv, dest);
	return ret;
}

/* The tasks of a batch until its next ctr_member_relax(), from @i of @n. */
static size_t ctr_member_ahead(size_t i, size_t n)
{
	return min_t(size_t, n - i, CTR_MEMBER_BATCH - i % CTR_MEMBER_BATCH);
}

/**
 * ctr_member_attach_many() - move several tasks into @dest, in order
 * @tasks: the tasks (for group moves, any thread of each group)
 * @n: how many
 * @dest: the destination; the caller holds ctr_tree_lock, so it stays
 * @thread_only: move each task alone
 * @atomic: all or none: if one of them has no live thread, none moves
 * @done: set to the number of tasks moved, which on failure is the index
 *        of the one that failed
 *
 * The tasks move CTR_MEMBER_BATCH at a time per hold of ctr_member_lock,
 * records allocated as they are needed (see ctr_member_batch_one()). With
 * @atomic every task is checked first, and the records it needs counted
 * and allocated; a task that starts to exit after that is taken as moved
 * (it was alive when the call decided; its exit removes it), and a lack of
 * memory after the first move (threads born meanwhile) is waited out
 * (__GFP_NOFAIL), as the moves made cannot be undone.
 *
 * Return: 0, -ESRCH (the task at *@done has no live thread) or -ENOMEM.
 */
int ctr_member_attach_many(struct task_struct **tasks, size_t n,
			   struct ctr_container *dest, bool thread_only,
			   bool atomic, size_t *done)
{
	struct ctr_move mv;
	size_t i, need = 0;
	int ret = 0;

	*done = 0;
	ctr_member_move_init(&mv, thread_only, dest == ctr_root);
	for (i = 0; atomic && i < n; i++) {
		if (!ctr_member_alive(tasks[i], thread_only)) {
			*done = i;
			ret = -ESRCH;
			goto out_end;
		}
		if (!mv.to_root)
			need += ctr_member_needs(tasks[i], thread_only);
		if (i % CTR_MEMBER_BATCH == CTR_MEMBER_BATCH - 1)
			ctr_member_relax();
	}
	/* All or none: the records too, before the first move. */
	if (need) {
		ret = ctr_member_refill(&mv, need + need / 16 + 4, false);
		if (ret)
			goto out_end;
	}
	for (i = 0; i < n; i++) {
		do {
			ret = ctr_member_batch_one(&mv, tasks[i], dest,
						   ctr_member_ahead(i, n),
						   atomic && i);
		} while (ret == -EAGAIN);
		if (ret == -ESRCH && atomic)
			ret = 0;	/* exiting since the check */
		if (ret)
			break;
		if (i % CTR_MEMBER_BATCH == CTR_MEMBER_BATCH - 1)
			ctr_member_relax();
	}
	*done = i;
out_end:
	ctr_member_move_end(&mv);
	return ret;
}

/**
 * ctr_member_attach_vpids() - move the tasks of several pids into @dest
 * @nrs: the pids, in the caller's pid namespace (0: the caller)
 * @n: how many
 * @dest: the destination; the caller holds ctr_tree_lock, so it stays
 * @thread_only: move each thread alone (else its thread group)
 * @done: set to the number of tasks moved, which on failure is the index
 *        of the one that failed
 *
 * What a loop of single moves does, in rounds of CTR_MEMBER_BATCH per hold
 * of ctr_member_lock: each pid is looked up when its turn comes, under the
 * RCU read lock, and no task reference is taken. So this is for a batch
 * that is not all or none, by a caller whose permission does not depend on
 * the tasks.
 *
 * Return: 0, -EINVAL (a number above INT_MAX at *@done), -ESRCH (no live
 * task at *@done) or -ENOMEM.
 */
int ctr_member_attach_vpids(const u32 *nrs, size_t n,
			    struct ctr_container *dest, bool thread_only,
			    size_t *done)
{
	struct task_struct *t;
	struct ctr_move mv;
	size_t i;
	int ret = 0;

	ctr_member_move_init(&mv, thread_only, dest == ctr_root);
	for (i = 0; i < n; i++) {
		do {
			t = ctr_vpid_task(nrs[i], !thread_only);
			ret = IS_ERR(t) ? PTR_ERR(t) :
			      ctr_member_batch_one(&mv, t, dest,
						   ctr_member_ahead(i, n),
						   false);
		} while (ret == -EAGAIN);
		if (ret)
			break;
		if (i % CTR_MEMBER_BATCH == CTR_MEMBER_BATCH - 1)
			ctr_member_relax();
	}
	*done = i;
	ctr_member_move_end(&mv);
	return ret;
}

/* Add @c to the distinct containers in @buf (@n so far, @cap at most). */
static size_t ctr_member_add_source(struct ctr_container *c,
				    struct ctr_container **buf, size_t n,
				    size_t cap)
{
	size_t i;

	for (i = 0; i < min(n, cap); i++)
		if (buf[i] == c)
			return n;
	if (n < cap)
		buf[n] = c;
	return n + 1;
}

/**
 * ctr_member_sources() - the containers a move would take threads from
 * @task: as for ctr_member_move_begin()
 * @thread_only: a move of @task alone
 * @buf: where to store them, each once, @cap at most
 * @cap: the capacity of @buf
 *
 * Threads already exiting are left out: a move leaves them where they are.
 * A thread group's threads may be in different containers (moved one by
 * one), and its leader may have exited, so every live thread counts. The
 * caller holds ctr_tree_lock, which every move holds, so the answer stays
 * true until it drops it: a thread born meanwhile starts in its creator's
 * container, which is counted.
 *
 * Return: the number of containers, 0 if no thread is alive. If it exceeds
 * @cap (then it may count some twice), only @cap were stored: retry with
 * room for that many.
 */
size_t ctr_member_sources(struct task_struct *task, bool thread_only,
			  struct ctr_container **buf, size_t cap)
{
	struct ctr_member *m;
	struct task_struct *t;
	size_t n = 0;

	lockdep_assert_held(&ctr_tree_lock);
	raw_spin_lock(&ctr_member_lock);
	rcu_read_lock();
	for_each_thread(task, t) {
		if ((thread_only && t != task) || t->flags & PF_EXITING)
			continue;
		m = ctr_member_lookup(t);
		n = ctr_member_add_source(m ? m->c : ctr_root, buf, n, cap);
	}
	rcu_read_unlock();
	raw_spin_unlock(&ctr_member_lock);
	return n;
}

/* Store one collected item; returns the new count. */
static size_t ctr_collect_one(struct task_struct *t, enum ctr_collect what,
			      struct pid_namespace *ns, void *buf,
			      size_t n, size_t cap)
{
	pid_t nr;

	switch (what) {
	case CTR_COLLECT_TID:
	case CTR_COLLECT_TGID:
		/*
		 * In the initial namespace the numbers are the task's own
		 * fields: no signal_struct or struct pid to read, two cache
		 * misses of four per task in a listing of thousands (make
		 * bench's profile of PIDS: the walk is 98% of it). While its
		 * pid is attached both agree; a tracked task always has it
		 * (its exit probe removes it first), the root's walk under RCU
		 * may meet one being released, which the slow path skips.
		 */
		if (ns == &init_pid_ns && pid_alive(t))
			nr = what == CTR_COLLECT_TID ? t->pid : t->tgid;
		else
			nr = what == CTR_COLLECT_TID ? task_pid_nr_ns(t, ns) :
						       task_tgid_nr_ns(t, ns);
		if (!nr)	/* not visible in the caller's namespace */
			return n;
		if (n < cap)
			((u32 *)buf)[n] = nr;
		break;
	case CTR_COLLECT_GROUP:
		if (n < cap)
			((unsigned long *)buf)[n] = (unsigned long)t->signal;
		break;
	case CTR_COLLECT_PROCESS:
		if (n < cap)
			((struct pid **)buf)[n] = get_pid(task_tgid(t));
		break;
	}
	return n + 1;
}

/**
 * ctr_member_collect() - gather the tasks of a container or subtree
 * @c: the container
 * @subtree: include its descendants
 * @what: what to store for each task
 * @ns: the pid namespace for CTR_COLLECT_TID/TGID
 * @buf: where to store, @cap items at most
 * @cap: capacity of @buf
 * @generation: if not NULL, the largest generation seen
 *
 * One atomic snapshot under ctr_member_lock; the caller holds
 * ctr_tree_lock. The root's tasks are found by walking the task list
 * under the RCU read lock alone, so that no reader (/proc/containers and
 * STAT are open to everyone) holds ctr_member_lock, which every tracked
 * fork and exit takes, for a walk of every thread in the system; that
 * walk is not atomic against forks, exits and moves.
 *
 * With @buf NULL, only sizes: the result is then an upper bound (it
 * counts tasks invisible in @ns).
 *
 * Return: the number of items the snapshot has, which may exceed @cap
 * (then only @cap were stored, and the caller retries with more room).
 */
size_t ctr_member_collect(struct ctr_container *c, bool subtree,
			  enum ctr_collect what, struct pid_namespace *ns,
			  void *buf, size_t cap, u64 *generation)
{
	struct ctr_container *pos;
	struct task_struct *g, *t;
	struct ctr_member *m;
	u64 gen = 0;
	size_t n = 0;

	lockdep_assert_held(&ctr_tree_lock);
	if (c == ctr_root) {
		rcu_read_lock();
		for_each_process_thread(g, t)
			if (subtree || !ctr_member_tracked_rcu(t))
				n = ctr_collect_one(t, what, ns, buf, n, cap);
		rcu_read_unlock();
		gen = ctr_member_generation(c);
		if (subtree)
			for (pos = c; pos; pos = ctr_tree_next_pre(pos, c))
				gen = max(gen, ctr_member_generation(pos));
		goto out;
	}
	raw_spin_lock(&ctr_member_lock);
	for (pos = c; pos; pos = subtree ? ctr_tree_next_pre(pos, c) : NULL) {
		/* Sizing only: the counts say it without a walk. */
		if (!buf)
			n += pos->nr_threads;
		else
			list_for_each_entry(m, &pos->members, link)
				n = ctr_collect_one(m->task, what, ns, buf, n,
						    cap);
		gen = max(gen, pos->generation);
	}
	raw_spin_unlock(&ctr_member_lock);
out:
	if (generation)
		*generation = gen;
	return n;
}

/**
 * ctr_member_set_killer() - start or end a SIGKILL's reach at birth
 * @k: the kill and its sender, or NULL when it ends
 *
 * While set, a task born in the kill's container (or subtree) is killed at
 * birth if the sender may signal it (ctr_member_killed_at_birth()). The
 * caller holds ctr_tree_lock for the whole kill, so kills never overlap.
 */
void ctr_member_set_killer(struct ctr_killer *k)
{
	lockdep_assert_held(&ctr_tree_lock);
	raw_spin_lock(&ctr_member_lock);
	WARN_ON_ONCE(!k == !ctr_killer);
	ctr_killer = k;
	raw_spin_unlock(&ctr_member_lock);
}
