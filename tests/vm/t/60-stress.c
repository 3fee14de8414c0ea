// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: for CTR_STRESS_SECONDS, controller threads attach (single and
 * batch), clone, create, destroy and kill in a bounded tree under /stress
 * while member processes fork and exit in storms, unshare(CLONE_NEWUTS) in
 * nstrack containers (and so land in new node_<pid> containers, which have
 * CONTAINERCTL_F_AUTOREMOVE: the module removes them once they have
 * neither tasks nor children), exit and are respawned. The tree is
 * mirrored in cgroup v2 (/sys/fs/cgroup/stress), every move made in both,
 * as an oracle; the mirror of a container the module removed by itself
 * goes when the workload notices, and must then hold no process.
 *
 * Every move of a member and every creation of its children happens under
 * the member's slot lock, so both hierarchies see the same thing once the
 * lock is dropped. At quiescent points (everybody paused between
 * operations) the checks are: the containers under /stress are exactly
 * those the workload knows of, less the automatic clones the module
 * removed (no leak; an nstrack clone of a member killed before it could
 * register it may be seen until the module removes it, nothing else); no
 * automatic clone is left without tasks and children; for each container,
 * PIDS (processes, threads) has as many pids as STAT counts, CHILDREN as
 * many as nr_children, KILL with signal 0 counts as many, and cgroup.procs
 * of its mirror lists the same pids; every live member is in exactly one
 * listing, the one WHICH names, and PIDS of the subtree is the union. At
 * the end everything is killed and removed, and the module has as many
 * containers as before.
 *
 * Before all that, one directed case: the race stale_mirror_clone()
 * describes, made to happen.
 *
 * CTR_STRESS_SEED makes the choices repeatable (timing is not): it is
 * printed first.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctrtest.h"
#include "ctrtest-ctrl.h"

#define CG_ROOT		"/sys/fs/cgroup"
#define MAX_MEMBERS	16
#define MAX_THREADS	4
#define MAX_CTRS	96
#define SOFT_CTRS	48	/* no new containers beyond this */
#define MAX_DEPTH	6	/* below /stress */
#define PATH_LEN	512

enum slot_state { SLOT_FREE, SLOT_LIVE, SLOT_DEAD };

struct slot {
	pthread_mutex_t lock;		/* robust: held over moves and forks */
	atomic_int state;
	atomic_int pid;
	atomic_int go;			/* the spawner placed it */
	atomic_int busy;		/* between operations or not */
	atomic_int pending_unshare;	/* pid that may have left a node_ */
};

struct ctr {
	uint64_t id;
	int depth;			/* below /stress: 0 for /stress */
	int base;			/* never destroyed */
	int nstrack;
	int autoremove;			/* the module may remove it */
	char path[PATH_LEN];
};

struct counters {
	atomic_long stale, attach, attach_fail, batch, batch_moved, clone, create,
		create_fail, destroy, destroy_busy, kill, killed, unshare,
		unshare_moved, forks, exits, spawns, checks, reaped, stray;
};

/* The cases of the report: the operations, the members, the checks. */
enum {
	SC_STALE, SC_ATTACH, SC_BATCH, SC_CLONE, SC_CREATE, SC_DESTROY, SC_KILL,
	SC_SPAWN, SC_MEMBERS, SC_QUIESCENT, SC_END,
	NSC
};

static const char *const case_names[NSC] = {
	[SC_STALE] = "clone-over-a-stale-mirror",
	[SC_ATTACH] = "attach", [SC_BATCH] = "batch", [SC_CLONE] = "clone",
	[SC_CREATE] = "create", [SC_DESTROY] = "destroy", [SC_KILL] = "kill",
	[SC_SPAWN] = "spawn", [SC_MEMBERS] = "members",
	[SC_QUIESCENT] = "quiescent-checks", [SC_END] = "final-kill-and-teardown",
};

struct shared {
	atomic_int paused;
	atomic_int stop;
	atomic_int failures;		/* from members and their children */
	atomic_int case_failures[NSC];	/* the same, by case */
	pthread_mutex_t tlock;		/* robust: the table */
	/*
	 * Robust: held over a change of the tree's shape and its mirror's
	 * (DESTROY then rmdir, CREATE, CLONE or unshare(2) then mkdir), so
	 * that a name the kernel frees and reuses (node_<pid>) is not made
	 * again before its old mirror is gone. Taken after a slot lock,
	 * before tlock.
	 */
	pthread_mutex_t mlock;
	int nctrs;
	struct ctr ctrs[MAX_CTRS];
	struct slot slots[MAX_MEMBERS];
	struct counters n;
	atomic_long name_seq;
	/* Under tlock: pids of members that died inside member_unshare(). */
	int norphans;
	int orphans[64];
};

static struct shared *sh;
static int nmembers, nthreads, have_unshare;
static uint64_t seed;
static uint64_t track_failures0;	/* earlier tests may inject some */
static uint64_t base_id, plain_id, track_id;
static atomic_int thread_busy[MAX_THREADS];

/* The case a thread (or member process) is in: what a FAIL() counts to. */
static __thread int cur_case = SC_END;

#define FAIL(...) do {							\
	fprintf(stderr, "FAIL: " __VA_ARGS__);				\
	fputc('\n', stderr);						\
	atomic_fetch_add(&sh->failures, 1);				\
	atomic_fetch_add(&sh->case_failures[cur_case], 1);		\
} while (0)

static uint64_t rnd(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static unsigned int pick(uint64_t *s, unsigned int n)
{
	return n ? (unsigned int)(rnd(s) % n) : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void robust_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	REQUIRE(!pthread_mutex_init(m, &a), "mutex init");
	pthread_mutexattr_destroy(&a);
}

/* A holder killed with the lock held leaves it to the next one. */
static void robust_lock(pthread_mutex_t *m)
{
	int r = pthread_mutex_lock(m);

	if (r == EOWNERDEAD)
		pthread_mutex_consistent(m);
	else
		REQUIRE(!r, "lock: %s", strerror(r));
}

static void tlock(void)
{
	robust_lock(&sh->tlock);
}

static void tunlock(void)
{
	pthread_mutex_unlock(&sh->tlock);
}

static void shape_lock(void)
{
	robust_lock(&sh->mlock);
}

static void shape_unlock(void)
{
	pthread_mutex_unlock(&sh->mlock);
}

/* --- pause protocol (as in 31-attach-race) --- */

static void enter_busy(atomic_int *busy)
{
	for (;;) {
		atomic_store(busy, 1);
		if (!atomic_load(&sh->paused))
			return;
		atomic_store(busy, 0);
		while (atomic_load(&sh->paused) && !atomic_load(&sh->stop))
			usleep(500);
	}
}

static void leave_busy(atomic_int *busy)
{
	atomic_store(busy, 0);
}

static int expected(int ret, int a, int b, int c)
{
	return ret == 0 || ret == a || ret == b || ret == c;
}

/* --- cgroup v2 mirror --- */

static void cg_dir(const char *path, char *buf, size_t len)
{
	snprintf(buf, len, CG_ROOT "%s", path);
}

/* Write @pid into the mirror of @path: 0 or -errno. */
static int cg_move(const char *path, pid_t pid)
{
	char file[2 * PATH_LEN], num[16];
	int cfd, ret = 0, len;

	snprintf(file, sizeof(file), CG_ROOT "%s/cgroup.procs", path);
	cfd = open(file, O_WRONLY | O_CLOEXEC);
	if (cfd < 0)
		return -errno;
	len = snprintf(num, sizeof(num), "%d", pid);
	if (write(cfd, num, len) != len)
		ret = -errno;
	close(cfd);
	return ret;
}

static int cg_mkdir(const char *path)
{
	char dir[2 * PATH_LEN];

	cg_dir(path, dir, sizeof(dir));
	return mkdir(dir, 0755) ? -errno : 0;
}

/* rmdir, retried while exiting tasks still hold it. */
static int cg_rmdir(const char *path)
{
	char dir[2 * PATH_LEN];
	int ret;

	cg_dir(path, dir, sizeof(dir));
	WAIT_UNTIL((ret = rmdir(dir) ? -errno : 0) != -EBUSY, CTRTEST_DEADLINE_S);
	return ret;
}

/*
 * Once @path's container is gone: rmdir its mirror, and first, below it,
 * the mirrors of gone containers the workload never registered: the
 * automatic clones (node_<pid>) of members killed inside member_unshare()
 * between the mkdir and the registration. None may hold a process.
 */
static int cg_rmdir_tree(const char *path)
{
	char dir[2 * PATH_LEN], sub[PATH_LEN];
	struct dirent *e;
	DIR *d;
	int ret;

	cg_dir(path, dir, sizeof(dir));
	for (;;) {
		d = opendir(dir);
		if (!d)
			return -errno;
		while ((e = readdir(d)) && (e->d_type != DT_DIR ||
					    !strcmp(e->d_name, ".") ||
					    !strcmp(e->d_name, "..")))
			;
		if (e)
			snprintf(sub, sizeof(sub), "%s/%.64s", path, e->d_name);
		closedir(d);
		if (!e)
			break;
		if (strncmp(strrchr(sub, '/') + 1, "node_", 5))
			FAIL("mirror %s left below a removed container", sub);
		ret = cg_rmdir_tree(sub);
		if (ret) {
			FAIL("rmdir cgroup %s, left by a killed member: %s", sub,
			     strerror(-ret));
			return ret;
		}
		atomic_fetch_add(&sh->n.stray, 1);
	}
	return cg_rmdir(path);
}

/* The pids in the mirror of @path, sorted; the count or -errno. */
static int cg_procs(const char *path, uint32_t *pids, int max)
{
	char file[2 * PATH_LEN];
	FILE *f;
	int n = 0, p;

	snprintf(file, sizeof(file), CG_ROOT "%s/cgroup.procs", path);
	f = fopen(file, "re");
	if (!f)
		return -errno;
	while (fscanf(f, "%d", &p) == 1)
		if (n < max)
			pids[n++] = p;
	fclose(f);
	return n;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* --- the table of containers the workload knows of --- */

/* Under tlock. */
static struct ctr *find_ctr(uint64_t id)
{
	int i;

	for (i = 0; i < sh->nctrs; i++)
		if (sh->ctrs[i].id == id)
			return &sh->ctrs[i];
	return NULL;
}

/* Under tlock. */
static void add_ctr(uint64_t id, const char *path, int depth, int nstrack,
		    int autoremove, int base)
{
	struct ctr *c;

	if (find_ctr(id))
		return;
	REQUIRE(sh->nctrs < MAX_CTRS, "table full");
	c = &sh->ctrs[sh->nctrs];
	c->id = id;
	c->depth = depth;
	c->nstrack = nstrack;
	c->autoremove = autoremove;
	c->base = base;
	snprintf(c->path, sizeof(c->path), "%s", path);
	sh->nctrs++;
}

/* Under tlock. */
static void del_ctr(struct ctr *c)
{
	*c = sh->ctrs[--sh->nctrs];
}

/* A random known container, copied out. */
static int random_ctr(uint64_t *s, struct ctr *out)
{
	tlock();
	*out = sh->ctrs[pick(s, sh->nctrs)];
	tunlock();
	return 0;
}

/*
 * After the module moved @pid into @c, the same move in the mirror. In
 * between, a KILL can end @pid, and the module then remove @c (DESTROY, or
 * by itself) and the workload its mirror. So the write may fail with ESRCH
 * (@pid reaped), ENOENT (the mirror gone before the open) or ENODEV (gone
 * between the open and the write: the kernfs node is dead). A gone mirror
 * is taken only if the module has no @c either. Returns 0 (moved), -ESRCH
 * (@pid or @c gone meanwhile) or the unexpected error.
 */
static int mirror_move(const struct ctr *c, pid_t pid)
{
	struct containerctl_stat st;
	int ret;

	ret = cg_move(c->path, pid);
	if ((ret == -ENOENT || ret == -ENODEV) &&
	    ctrl_stat(fd, c->id, &st) == -ENOENT)
		return -ESRCH;
	return ret;
}

static int table_size(void)
{
	int n;

	tlock();
	n = sh->nctrs;
	tunlock();
	return n;
}

/*
 * Forget the containers the module removed by itself (autoremove, found
 * gone), and remove their mirrors, and @destroyed's (if not NULL: just
 * destroyed, out of the table), deepest first: these must hold no process
 * (the cgroup oracle agrees they were empty). Returns how many the module
 * removed. Under the shape lock (mlock).
 */
static int forget_reaped(const struct ctr *destroyed)
{
	struct containerctl_stat st;
	struct ctr gone;
	int i, found, n = 0, ret;

	for (;;) {
		found = -1;
		tlock();
		for (i = 0; i < sh->nctrs; i++)
			if (sh->ctrs[i].autoremove &&
			    (found < 0 || sh->ctrs[i].depth > sh->ctrs[found].depth) &&
			    ctrl_stat(fd, sh->ctrs[i].id, &st) == -ENOENT)
				found = i;
		if (destroyed &&
		    (found < 0 || destroyed->depth >= sh->ctrs[found].depth)) {
			tunlock();
			ret = cg_rmdir_tree(destroyed->path);
			if (ret)
				FAIL("rmdir cgroup %s after destroy: %s",
				     destroyed->path, strerror(-ret));
			destroyed = NULL;
			continue;
		}
		if (found >= 0) {
			gone = sh->ctrs[found];
			del_ctr(&sh->ctrs[found]);
		}
		tunlock();
		if (found < 0)
			return n;
		ret = cg_rmdir_tree(gone.path);
		if (ret)
			FAIL("%s removed by the module: rmdir of its mirror: %s",
			     gone.path, strerror(-ret));
		atomic_fetch_add(&sh->n.reaped, 1);
		n++;
	}
}

/*
 * @pid's mirror move into @path is still to come, and the container the
 * module moved it out of may be one the module then removed: the mirror
 * forget_reaped() is about to remove, which would hold @pid until that
 * move, after forget_reaped() gave up. @pid waits in the mirror of
 * @path's parent, which stays (it has @path below it).
 */
static void park(pid_t pid, const char *path)
{
	char parent[PATH_LEN];
	int ret;

	snprintf(parent, sizeof(parent), "%s", path);
	*strrchr(parent, '/') = 0;
	ret = cg_move(parent, pid);
	if (!expected(ret, -ESRCH, 0, 0))
		FAIL("cgroup move %d to %s: %s", pid, parent, strerror(-ret));
}

/*
 * Register a container the kernel made or the workload cloned: its path,
 * depth and flags from the module, then the mirror. @moving (if not 0) is
 * the task the module moved into it, whose mirror move comes after this.
 * Called with the slot lock of the task in it held, and the shape lock.
 */
static int register_ctr(uint64_t id, pid_t moving, struct ctr *out)
{
	struct containerctl_stat st;
	char path[PATH_LEN];
	int ret, depth;

	ret = ctrl_path(fd, id, path, sizeof(path));
	if (!ret)
		ret = ctrl_stat(fd, id, &st);
	if (ret)
		return ret;
	depth = st.depth - 1;	/* /stress is at depth 1 */
	ret = cg_mkdir(path);
	/*
	 * The mirror of a gone container of the same name (node_<pid> with
	 * the pid reused, or an explicit clone named so): the module removed
	 * it, or it was never registered (a member killed while making it).
	 * It goes first.
	 */
	if (ret == -EEXIST) {
		if (moving)
			park(moving, path);
		forget_reaped(NULL);
		ret = cg_mkdir(path);
		if (ret == -EEXIST) {
			ret = cg_rmdir_tree(path);
			if (!ret) {
				atomic_fetch_add(&sh->n.stray, 1);
				ret = cg_mkdir(path);
			}
		}
	}
	if (ret)
		return ret;
	tlock();
	add_ctr(id, path, depth, !!(st.cflags & CONTAINERCTL_F_NSTRACK),
		!!(st.cflags & CONTAINERCTL_F_AUTOREMOVE), 0);
	tunlock();
	if (out) {
		out->id = id;
		out->depth = depth;
		snprintf(out->path, sizeof(out->path), "%s", path);
	}
	return 0;
}

/* --- members --- */

static int ctr_of_self(struct ctr *c)
{
	uint64_t id;
	struct ctr *t;
	int ret = ctrl_which(fd, 0, &id);

	if (ret)
		return ret;
	tlock();
	t = find_ctr(id);
	if (t)
		*c = *t;
	tunlock();
	return t ? 0 : -ENOENT;
}

static void read_self_cgroup(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/cgroup", "re");

	buf[0] = 0;
	if (f) {
		if (!fgets(buf, len, f))
			buf[0] = 0;
		fclose(f);
	}
}

/* Fork 1-4 children that check where they are and exit. */
static void member_storm(struct slot *sl, uint64_t *s)
{
	char cg[PATH_LEN + 16], ccg[PATH_LEN + 16];
	int i, k = 1 + pick(s, 4), status;
	pid_t kids[4];
	uint64_t here;

	robust_lock(&sl->lock);
	if (ctrl_which(fd, 0, &here))
		FAIL("member %d: which self", getpid());
	read_self_cgroup(cg, sizeof(cg));
	for (i = 0; i < k; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			kids[i] = 0;
			continue;
		}
		if (!kids[i]) {
			uint64_t in = 0;

			ctrl_which(fd, 0, &in);
			read_self_cgroup(ccg, sizeof(ccg));
			if (in != here) {
				fprintf(stderr, "FAIL: child %d of %d in %llu, parent in %llu\n",
					getpid(), getppid(), (unsigned long long)in,
					(unsigned long long)here);
				_exit(3);
			}
			if (strcmp(ccg, cg)) {
				fprintf(stderr, "FAIL: child %d in cgroup %s, parent in %s\n",
					getpid(), ccg, cg);
				_exit(3);
			}
			if (pick(s, 2))
				usleep(pick(s, 2000));
			_exit(0);
		}
		atomic_fetch_add(&sh->n.forks, 1);
	}
	for (i = 0; i < k; i++) {
		if (!kids[i])
			continue;
		if (waitpid(kids[i], &status, 0) == kids[i] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 3)
			atomic_fetch_add(&sh->failures, 1);
	}
	pthread_mutex_unlock(&sl->lock);
}

/* unshare(CLONE_NEWUTS): in an nstrack container, a move to node_<pid>. */
static void member_unshare(struct slot *sl)
{
	struct ctr before, after;
	uint64_t id;
	int ret;

	robust_lock(&sl->lock);
	if (ctr_of_self(&before) || before.depth >= MAX_DEPTH ||
	    table_size() >= SOFT_CTRS) {
		pthread_mutex_unlock(&sl->lock);
		return;
	}
	atomic_store(&sl->pending_unshare, getpid());
	shape_lock();
	if (unshare(CLONE_NEWUTS)) {
		FAIL("member %d: unshare: %s", getpid(), strerror(errno));
		goto out;
	}
	atomic_fetch_add(&sh->n.unshare, 1);
	ret = ctrl_which(fd, 0, &id);
	if (ret) {
		FAIL("member %d: which after unshare: %s", getpid(), strerror(-ret));
		goto out;
	}
	if (id == before.id) {
		if (before.nstrack && have_unshare)
			FAIL("member %d: unshare in nstrack %s did not move it",
			     getpid(), before.path);
		goto out;
	}
	if (!before.nstrack || !have_unshare)
		FAIL("member %d: unshare in %s moved it", getpid(), before.path);
	ret = register_ctr(id, getpid(), &after);
	if (ret) {
		FAIL("member %d: register %llu: %s", getpid(),
		     (unsigned long long)id, strerror(-ret));
		goto out;
	}
	if (strncmp(after.path, before.path, strlen(before.path)) ||
	    strncmp(after.path + strlen(before.path), "/node_", 6))
		FAIL("member %d: unshare in %s moved it to %s", getpid(),
		     before.path, after.path);
	ret = cg_move(after.path, getpid());
	if (ret)
		FAIL("member %d: cgroup move to %s: %s", getpid(), after.path,
		     strerror(-ret));
	atomic_fetch_add(&sh->n.unshare_moved, 1);
out:
	shape_unlock();
	atomic_store(&sl->pending_unshare, 0);
	pthread_mutex_unlock(&sl->lock);
}

static void member(struct slot *sl, uint64_t s)
{
	unsigned int r;

	cur_case = SC_MEMBERS;
	while (!atomic_load(&sl->go))
		usleep(200);
	for (;;) {
		enter_busy(&sl->busy);
		if (atomic_load(&sh->stop)) {
			leave_busy(&sl->busy);
			pause();
		}
		r = pick(&s, 100);
		if (r < 60) {
			member_storm(sl, &s);
		} else if (r < 80) {
			member_unshare(sl);
		} else if (r < 83) {
			atomic_fetch_add(&sh->n.exits, 1);
			_exit(0);
		}
		leave_busy(&sl->busy);
		usleep(pick(&s, 3000));
	}
}

/*
 * Start a member in slot @i, placed in @c (both hierarchies) before it
 * runs its loop. Called by the controller, slot lock held.
 */
static int spawn_member(int i, const struct ctr *c, uint64_t s)
{
	struct slot *sl = &sh->slots[i];
	pid_t pid;
	int ret;

	atomic_store(&sl->go, 0);
	atomic_store(&sl->busy, 0);
	if (atomic_load(&sl->pending_unshare)) {
		/* Its predecessor died in member_unshare(). */
		tlock();
		sh->orphans[sh->norphans++ % 64] = atomic_load(&sl->pending_unshare);
		tunlock();
		atomic_store(&sl->pending_unshare, 0);
	}
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		member(sl, s);
		_exit(0);
	}
	atomic_store(&sl->pid, pid);
	atomic_store(&sl->state, SLOT_LIVE);
	ret = ctrl_attach(fd, c->id, pid, 0);
	if (ret == -ENOENT) {	/* destroyed meanwhile: the base */
		c = &sh->ctrs[0];
		ret = ctrl_attach(fd, c->id, pid, 0);
	}
	if (ret) {
		FAIL("spawn: attach %d to %s: %s", pid, c->path, strerror(-ret));
		kill(pid, SIGKILL);
		return ret;
	}
	ret = mirror_move(c, pid);
	if (ret == -ESRCH) {
		/*
		 * Once attached it can be killed: another controller thread's
		 * KILL of its container did so before the cgroup move (and the
		 * container may be gone too). The reaper marks the slot dead
		 * (its pid and state are set).
		 */
		atomic_fetch_add(&sh->n.spawns, 1);
		return 0;
	}
	if (ret) {
		FAIL("spawn: cgroup move %d to %s: %s", pid, c->path, strerror(-ret));
		return ret;
	}
	atomic_fetch_add(&sh->n.spawns, 1);
	atomic_store(&sl->go, 1);
	return 0;
}

/* --- controller operations --- */

static void op_attach(uint64_t *s)
{
	struct slot *sl = &sh->slots[pick(s, nmembers)];
	struct ctr c;
	int ret;
	pid_t pid;

	random_ctr(s, &c);
	robust_lock(&sl->lock);
	pid = atomic_load(&sl->pid);
	if (atomic_load(&sl->state) != SLOT_LIVE)
		goto out;
	ret = ctrl_attach(fd, c.id, pid, 0);
	atomic_fetch_add(&sh->n.attach, 1);
	if (!expected(ret, -ESRCH, -ENOENT, 0))
		FAIL("attach %d to %s: %s", pid, c.path, strerror(-ret));
	if (ret) {
		atomic_fetch_add(&sh->n.attach_fail, 1);
		goto out;
	}
	ret = mirror_move(&c, pid);
	if (!expected(ret, -ESRCH, 0, 0))
		FAIL("cgroup move %d to %s: %s", pid, c.path, strerror(-ret));
out:
	pthread_mutex_unlock(&sl->lock);
}

static void op_batch(uint64_t *s)
{
	int idx[MAX_MEMBERS], k = 0, i, j, ret;
	uint32_t moved = 0, err_idx = 0;
	pid_t pids[MAX_MEMBERS];
	struct ctr c;

	random_ctr(s, &c);
	/* Slots in ascending order: no lock order inversion. */
	for (i = 0; i < nmembers; i++)
		if (pick(s, 3) == 0)
			idx[k++] = i;
	for (i = 0; i < k; i++)
		robust_lock(&sh->slots[idx[i]].lock);
	for (i = j = 0; i < k; i++)
		if (atomic_load(&sh->slots[idx[i]].state) == SLOT_LIVE)
			pids[j++] = atomic_load(&sh->slots[idx[i]].pid);
	if (!j)
		goto out;
	ret = ctrl_attach_batch(fd, c.id, pids, j, 0, &moved, &err_idx);
	atomic_fetch_add(&sh->n.batch, 1);
	atomic_fetch_add(&sh->n.batch_moved, moved);
	if (!expected(ret, -ESRCH, -ENOENT, 0))
		FAIL("batch attach of %d to %s: %s", j, c.path, strerror(-ret));
	if (ret && moved != err_idx)
		FAIL("batch attach: moved %u but failed at %u", moved, err_idx);
	if (!ret && moved != (uint32_t)j)
		FAIL("batch attach: moved %u of %d", moved, j);
	for (i = 0; i < (int)moved && i < j; i++) {
		int r = mirror_move(&c, pids[i]);

		if (!expected(r, -ESRCH, 0, 0))
			FAIL("cgroup move %d to %s: %s", pids[i], c.path, strerror(-r));
	}
out:
	for (i = k - 1; i >= 0; i--)
		pthread_mutex_unlock(&sh->slots[idx[i]].lock);
}

/*
 * CLONE @pid as @cl says (@where names the parent), then register the new
 * container in @out and move @pid in the mirror. Returns the CLONE's error
 * (-ESRCH or -ENOENT expected), 0, or 1 if a step after it failed.
 */
static int clone_and_mirror(pid_t pid, struct containerctl_clone *cl,
			    const char *where, struct ctr *out)
{
	int ret;

	shape_lock();
	ret = ctrl_clone(fd, cl);
	if (!expected(ret, -ESRCH, -ENOENT, 0))
		FAIL("clone %d under %s: %s", pid, where, strerror(-ret));
	if (ret) {
		shape_unlock();
		return ret;
	}
	ret = register_ctr(cl->id, pid, out);
	shape_unlock();
	if (ret) {
		FAIL("clone of %d: register %llu: %s", pid,
		     (unsigned long long)cl->id, strerror(-ret));
		return 1;
	}
	ret = mirror_move(out, pid);
	if (!expected(ret, -ESRCH, 0, 0)) {
		FAIL("cgroup move %d to %s: %s", pid, out->path, strerror(-ret));
		return 1;
	}
	return 0;
}

static void op_clone(uint64_t *s)
{
	struct slot *sl = &sh->slots[pick(s, nmembers)];
	struct containerctl_clone cl;
	struct ctr c, made;
	pid_t pid;

	if (table_size() >= SOFT_CTRS)
		return;
	random_ctr(s, &c);
	if (c.depth >= MAX_DEPTH)
		return;
	robust_lock(&sl->lock);
	pid = atomic_load(&sl->pid);
	if (atomic_load(&sl->state) != SLOT_LIVE)
		goto out;
	memset(&cl, 0, sizeof(cl));
	cl.parent = c.id;
	if (!pick(s, 4)) {
		uint64_t in;
		struct ctr *t;

		/* 0: under where it is, if not too deep. */
		tlock();
		t = ctrl_which(fd, pid, &in) ? NULL : find_ctr(in);
		if (t && t->depth < MAX_DEPTH)
			cl.parent = 0;
		tunlock();
	}
	cl.pid = pid;
	cl.mode = 0755;
	if (pick(s, 2))
		cl.flags |= CONTAINERCTL_CLONE_NAME_PID;
	if (clone_and_mirror(pid, &cl, cl.parent ? c.path : "its own", &made) >= 0)
		atomic_fetch_add(&sh->n.clone, 1);
out:
	pthread_mutex_unlock(&sl->lock);
}

static void op_create(uint64_t *s)
{
	char name[32], path[PATH_LEN + 32];
	struct ctr c;
	uint64_t id;
	int ret;

	if (table_size() >= SOFT_CTRS)
		return;
	random_ctr(s, &c);
	if (c.depth >= MAX_DEPTH)
		return;
	snprintf(name, sizeof(name), "c%ld", atomic_fetch_add(&sh->name_seq, 1));
	shape_lock();
	ret = ctrl_create(fd, c.id, name, 0755, 0, &id);
	if (!expected(ret, -ENOENT, 0, 0))
		FAIL("create %s under %s: %s", name, c.path, strerror(-ret));
	if (ret) {
		shape_unlock();
		atomic_fetch_add(&sh->n.create_fail, 1);
		return;
	}
	atomic_fetch_add(&sh->n.create, 1);
	snprintf(path, sizeof(path), "%s/%s", c.path, name);
	ret = cg_mkdir(path);
	if (ret)
		FAIL("mkdir cgroup %s: %s", path, strerror(-ret));
	tlock();
	add_ctr(id, path, c.depth + 1, c.nstrack, 0, 0);
	tunlock();
	shape_unlock();
}

static void op_destroy(uint64_t *s)
{
	struct ctr c, *t;
	int ret, i;

	/* From before the pick: no forget_reaped() while the entry is out. */
	shape_lock();
	tlock();
	i = pick(s, sh->nctrs);
	t = &sh->ctrs[i];
	if (t->base) {
		tunlock();
		shape_unlock();
		return;
	}
	c = *t;
	del_ctr(t);
	tunlock();
	ret = ctrl_destroy(fd, c.id);
	if (ret == -EBUSY || (ret == -ENOENT && c.autoremove)) {
		tlock();
		add_ctr(c.id, c.path, c.depth, c.nstrack, c.autoremove, 0);
		tunlock();
		if (ret == -EBUSY)
			atomic_fetch_add(&sh->n.destroy_busy, 1);
		else	/* the module removed it first */
			forget_reaped(NULL);
		shape_unlock();
		return;
	}
	if (ret) {
		shape_unlock();
		FAIL("destroy %s: %s", c.path, strerror(-ret));
		return;
	}
	atomic_fetch_add(&sh->n.destroy, 1);
	/*
	 * Its mirror, after those of its children the module removed, before
	 * its parent's if the module removes that now.
	 */
	forget_reaped(&c);
	shape_unlock();
}

static void op_kill(uint64_t *s)
{
	uint64_t signalled = 0;
	uint64_t denied = 0;
	struct ctr c;
	int ret, sub;

	random_ctr(s, &c);
	sub = !pick(s, 4) && c.id != base_id;
	ret = ctrl_kill(fd, c.id, SIGKILL, sub ? CONTAINERCTL_KILL_SUBTREE : 0,
			&signalled, &denied);
	if (!expected(ret, -ENOENT, 0, 0))
		FAIL("kill %s: %s", c.path, strerror(-ret));
	if (!ret && denied)
		FAIL("kill %s: %llu denied", c.path,
		     (unsigned long long)denied);
	atomic_fetch_add(&sh->n.kill, 1);
	atomic_fetch_add(&sh->n.killed, signalled);
}

static void op_spawn(uint64_t *s)
{
	struct ctr c;
	int i;

	for (i = 0; i < nmembers; i++) {
		struct slot *sl = &sh->slots[i];

		if (atomic_load(&sl->state) != SLOT_DEAD)
			continue;
		robust_lock(&sl->lock);
		if (atomic_load(&sl->state) == SLOT_DEAD) {
			random_ctr(s, &c);
			spawn_member(i, &c, rnd(s));
		}
		pthread_mutex_unlock(&sl->lock);
	}
}

static void *op_thread(void *arg)
{
	int t = (int)(intptr_t)arg;
	uint64_t s = seed + 1000 + t;
	unsigned int r;

	rnd(&s);
	while (!atomic_load(&sh->stop)) {
		enter_busy(&thread_busy[t]);
		if (atomic_load(&sh->stop)) {
			leave_busy(&thread_busy[t]);
			break;
		}
		r = pick(&s, 100);
		if (r < 30) {
			cur_case = SC_ATTACH;
			op_attach(&s);
		} else if (r < 40) {
			cur_case = SC_BATCH;
			op_batch(&s);
		} else if (r < 52) {
			cur_case = SC_CLONE;
			op_clone(&s);
		} else if (r < 67) {
			cur_case = SC_CREATE;
			op_create(&s);
		} else if (r < 87) {
			cur_case = SC_DESTROY;
			op_destroy(&s);
		} else if (r < 91) {
			cur_case = SC_KILL;
			op_kill(&s);
		} else {
			cur_case = SC_SPAWN;
			op_spawn(&s);
		}
		leave_busy(&thread_busy[t]);
		usleep(pick(&s, 2000));
	}
	return NULL;
}

/* Reaps members (and orphaned storm children): their slots become dead. */
static void *reaper(void *arg)
{
	pid_t pid;
	int i;

	(void)arg;
	for (;;) {
		pid = waitpid(-1, NULL, 0);
		if (pid < 0) {
			if (errno == ECHILD && atomic_load(&sh->stop) == 2)
				return NULL;
			usleep(1000);
			continue;
		}
		for (i = 0; i < nmembers; i++)
			if (atomic_load(&sh->slots[i].pid) == pid &&
			    atomic_load(&sh->slots[i].state) == SLOT_LIVE) {
				atomic_store(&sh->slots[i].state, SLOT_DEAD);
				break;
			}
	}
}

/* --- quiescent checks --- */

struct walked {
	int n;
	uint64_t ids[MAX_CTRS * 2];
	struct containerctl_stat st[MAX_CTRS * 2];
	int overflow;
};

static int walk_cb(int cfd, uint64_t id, const struct containerctl_stat *st,
		   int depth, void *arg)
{
	struct walked *w = arg;

	(void)cfd;
	(void)depth;
	if (w->n >= MAX_CTRS * 2) {
		w->overflow = 1;
		return 1;
	}
	w->ids[w->n] = id;
	w->st[w->n] = *st;
	w->n++;
	return 0;
}

/*
 * Containers the workload does not know of: only the automatic clone of a
 * member killed inside member_unshare() before it registered it may be
 * seen, until the module removes it (its only task is gone). Reports the
 * first one in @msg.
 */
static void check_unknown(const struct walked *w, char *msg, size_t len)
{
	int i, j;

	for (i = 0; i < w->n; i++) {
		const struct containerctl_stat *st = &w->st[i];
		int ok = 0;

		tlock();
		if (find_ctr(w->ids[i])) {
			tunlock();
			continue;
		}
		tunlock();
		for (j = 0; j < nmembers + 64; j++) {
			int p = j < nmembers ? atomic_load(&sh->slots[j].pending_unshare) :
				sh->orphans[j - nmembers];
			char want[32];
			size_t l;

			if (!p || (j < nmembers &&
				   atomic_load(&sh->slots[j].state) == SLOT_LIVE))
				continue;
			l = snprintf(want, sizeof(want), "node_%d", p);
			if (!strncmp(st->name, want, l) &&
			    (st->name[l] == 0 || st->name[l] == '-'))
				ok = 1;
		}
		if (ok && (st->cflags & CONTAINERCTL_F_AUTOREMOVE))
			snprintf(msg, len, "automatic clone %s (id %llu) of a member killed in unshare(2): %llu threads, %u children, not removed",
				 path_of(w->ids[i]), (unsigned long long)w->ids[i],
				 (unsigned long long)st->nr_threads, st->nr_children);
		else
			snprintf(msg, len, "container %s (id %llu) unknown to the workload",
				 path_of(w->ids[i]), (unsigned long long)w->ids[i]);
		return;
	}
}

#define MAXP 4096

/*
 * One pass of the checks. Returns 0, or 1 with a message in @msg (the
 * caller retries: exiting tasks may still be on their way out).
 */
static int check_once(char *msg, size_t len)
{
	static uint32_t cg[MAXP], all[MAXP], live[MAX_MEMBERS];
	static struct walked w;
	int i, j, n, nall = 0, nlive = 0;
	uint32_t *pids = NULL, *tids = NULL, *sub = NULL;
	size_t np, nt, ns;
	int ret, bad = 0;

	msg[0] = 0;
	/* Everybody is paused: only the module changes the tree. */
	shape_lock();
	forget_reaped(NULL);
	shape_unlock();
	memset(&w, 0, sizeof(w));
	ret = ctrl_walk(fd, base_id, walk_cb, &w);
	if (ret || w.overflow) {
		snprintf(msg, len, "walk: %s", ret ? strerror(-ret) : "overflow");
		return 1;
	}
	check_unknown(&w, msg, len);
	if (msg[0])
		return 1;
	/* The module removes an automatic clone once it is empty. */
	for (i = 0; i < w.n; i++)
		if ((w.st[i].cflags & CONTAINERCTL_F_AUTOREMOVE) &&
		    !w.st[i].nr_threads && !w.st[i].nr_children) {
			snprintf(msg, len, "%s (id %llu): autoremove, without tasks and children, not removed",
				 path_of(w.ids[i]), (unsigned long long)w.ids[i]);
			return 1;
		}
	tlock();
	n = sh->nctrs;
	for (i = 0; i < n && !bad; i++) {
		for (j = 0; j < w.n; j++)
			if (w.ids[j] == sh->ctrs[i].id)
				break;
		if (j == w.n) {
			snprintf(msg, len, "container %s (id %llu) the workload knows is gone",
				 sh->ctrs[i].path, (unsigned long long)sh->ctrs[i].id);
			bad = 1;
		}
	}
	if (!bad && n != w.n) {
		snprintf(msg, len, "%d containers known, %d under /stress", n, w.n);
		bad = 1;
	}
	tunlock();
	if (bad)
		return 1;

	for (i = 0; i < w.n && !bad; i++) {
		uint64_t id = w.ids[i], signalled = 0;
		struct containerctl_stat now_st;
		uint32_t nch = 0, total = 0;
		uint64_t denied;
		uint64_t kids[8];
		char path[PATH_LEN];
		int ncg;

		if (ctrl_path(fd, id, path, sizeof(path)))
			return snprintf(msg, len, "path of %llu", (unsigned long long)id), 1;
		if (ctrl_pids_all(fd, id, 0, &pids, &np, NULL) ||
		    ctrl_pids_all(fd, id, CONTAINERCTL_PIDS_THREADS, &tids, &nt, NULL)) {
			snprintf(msg, len, "pids of %s", path);
			bad = 1;
			break;
		}
		if (ctrl_stat(fd, id, &now_st)) {
			snprintf(msg, len, "stat of %s", path);
			bad = 1;
			break;
		}
		if (np != now_st.nr_procs || nt != now_st.nr_threads) {
			snprintf(msg, len, "%s: %zu pids, %zu tids, stat says %llu procs, %llu threads",
				 path, np, nt, (unsigned long long)now_st.nr_procs,
				 (unsigned long long)now_st.nr_threads);
			bad = 1;
		}
		nch = 8;
		if (!bad && !ctrl_children(fd, id, 0, kids, &nch, &total) &&
		    total != now_st.nr_children) {
			snprintf(msg, len, "%s: %u children listed, stat says %u",
				 path, total, now_st.nr_children);
			bad = 1;
		}
		if (!bad && (ctrl_kill(fd, id, 0, 0, &signalled, &denied) ||
			     signalled != np)) {
			snprintf(msg, len, "%s: kill 0 counted %llu, %zu pids", path,
				 (unsigned long long)signalled, np);
			bad = 1;
		}
		ncg = cg_procs(path, cg, MAXP);
		if (!bad && ncg < 0) {
			snprintf(msg, len, "%s: cgroup.procs: %s", path, strerror(-ncg));
			bad = 1;
		}
		if (!bad) {
			qsort(cg, ncg, sizeof(cg[0]), cmp_u32);
			if ((size_t)ncg != np || memcmp(cg, pids, np * sizeof(*pids))) {
				int o = snprintf(msg, len, "%s: containerctl has %zu pids:", path, np);

				for (j = 0; j < (int)np && j < 16 && o < (int)len; j++)
					o += snprintf(msg + o, len - o, " %u", pids[j]);
				if (o < (int)len)
					o += snprintf(msg + o, len - o, "; cgroup v2 has %d:", ncg);
				for (j = 0; j < ncg && j < 16 && o < (int)len; j++)
					o += snprintf(msg + o, len - o, " %u", cg[j]);
				bad = 1;
			}
		}
		for (j = 0; !bad && j < (int)np; j++) {
			uint64_t in = 0;

			if (nall >= MAXP)
				break;
			all[nall++] = pids[j];
			if (ctrl_which(fd, pids[j], &in) || in != id) {
				snprintf(msg, len, "%d listed in %s, which says %s",
					 pids[j], path, path_of(in));
				bad = 1;
			}
		}
		free(pids);
		free(tids);
		pids = tids = NULL;
	}
	free(pids);
	free(tids);
	if (bad)
		return 1;

	/* Every live member in exactly one listing; nothing else listed. */
	for (i = 0; i < nmembers; i++)
		if (atomic_load(&sh->slots[i].state) == SLOT_LIVE)
			live[nlive++] = atomic_load(&sh->slots[i].pid);
	qsort(live, nlive, sizeof(live[0]), cmp_u32);
	qsort(all, nall, sizeof(all[0]), cmp_u32);
	if (nall != nlive || memcmp(all, live, nall * sizeof(all[0]))) {
		snprintf(msg, len, "%d live members, %d pids listed under /stress",
			 nlive, nall);
		return 1;
	}
	if (ctrl_pids_all(fd, base_id, CONTAINERCTL_PIDS_SUBTREE, &sub, &ns, NULL) ||
	    ns != (size_t)nall || memcmp(sub, all, ns * sizeof(*sub))) {
		snprintf(msg, len, "PIDS of the subtree: %zu pids, the listings %d",
			 ns, nall);
		free(sub);
		return 1;
	}
	free(sub);
	return 0;
}

static void pause_all(void)
{
	double t0 = now();
	int i, waiting;

	atomic_store(&sh->paused, 1);
	do {
		waiting = 0;
		for (i = 0; i < nthreads; i++)
			waiting += atomic_load(&thread_busy[i]);
		for (i = 0; i < nmembers; i++)
			if (atomic_load(&sh->slots[i].state) == SLOT_LIVE &&
			    atomic_load(&sh->slots[i].busy))
				waiting++;
		if (waiting)
			usleep(1000);
		REQUIRE(now() - t0 < 120, "seed %llu: %d still busy after 120 s",
			(unsigned long long)seed, waiting);
	} while (waiting);
}

/*
 * The workload is paused, but what it killed may still be on its way out
 * (exiting, not yet reaped, storm children orphaned): until the checks
 * pass, or the deadline, the last failed check saying what is wrong.
 */
static void quiescent_check(const char *when)
{
	int was = cur_case;
	char msg[1024];

	cur_case = SC_QUIESCENT;
	if (!WAIT_UNTIL(!check_once(msg, sizeof(msg)), CTRTEST_DEADLINE_S))
		FAIL("seed %llu, %s, after %d s: %s", (unsigned long long)seed,
		     when, CTRTEST_DEADLINE_S, msg);
	cur_case = was;
	atomic_fetch_add(&sh->n.checks, 1);
}

static int live_members(void)
{
	int i, live = 0;

	for (i = 0; i < nmembers; i++)
		live += atomic_load(&sh->slots[i].state) == SLOT_LIVE;
	return live;
}

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

/*
 * A race op_clone() lost once on a loaded host ("removed by the module:
 * rmdir of its mirror: Device or resource busy"), made to happen, before
 * the members start, in /stress/plain. CLONE moves a task out of an
 * autoremove container X into a new container N named as Y, an earlier
 * container the module removed and whose mirror the workload has not
 * removed yet. Registering N finds Y's mirror in the way and removes the
 * mirrors of the containers the module removed, X's among them, where the
 * task is until its mirror move (see park()).
 */
static void stale_mirror_clone(void)
{
	struct containerctl_clone cl = { .parent = 0 };
	struct containerctl_stat st;
	struct ctr y, x, n, *t;
	uint32_t procs[4];
	int ret, status, i;
	pid_t q;

	cur_case = SC_STALE;
	q = fork();
	REQUIRE(q >= 0, "fork: %s", strerror(errno));
	if (!q) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	REQUIRE(!ctrl_attach(fd, plain_id, q, 0) && !cg_move("/stress/plain", q),
		"place %d in /stress/plain", q);
	/* Y: /stress/plain/s1, then X: /stress/plain/s2, q leaving Y. */
	cl.parent = plain_id;
	cl.pid = q;
	cl.mode = 0755;
	cl.cflags = CONTAINERCTL_F_AUTOREMOVE;
	snprintf(cl.name, sizeof(cl.name), "s1");
	if (clone_and_mirror(q, &cl, "/stress/plain", &y))
		goto out;
	snprintf(cl.name, sizeof(cl.name), "s2");
	if (clone_and_mirror(q, &cl, "/stress/plain", &x))
		goto out;
	if (!WAIT_UNTIL(ctrl_stat(fd, y.id, &st) == -ENOENT, CTRTEST_DEADLINE_S)) {
		FAIL("%s: not removed %d s after its last task left",
		     y.path, CTRTEST_DEADLINE_S);
		goto out;
	}
	/* N: "s1" again, q leaving X; X gone before N is registered. */
	cl.cflags = 0;
	snprintf(cl.name, sizeof(cl.name), "s1");
	shape_lock();
	ret = ctrl_clone(fd, &cl);
	if (ret) {
		shape_unlock();
		FAIL("clone %d as /stress/plain/s1 again: %s", q, strerror(-ret));
		goto out;
	}
	if (!WAIT_UNTIL(ctrl_stat(fd, x.id, &st) == -ENOENT, CTRTEST_DEADLINE_S)) {
		shape_unlock();
		FAIL("%s: not removed %d s after its last task left",
		     x.path, CTRTEST_DEADLINE_S);
		goto out;
	}
	ret = register_ctr(cl.id, q, &n);
	shape_unlock();
	if (ret) {
		FAIL("register /stress/plain/s1 again: %s", strerror(-ret));
		goto out;
	}
	ret = mirror_move(&n, q);
	if (ret)
		FAIL("cgroup move %d to %s: %s", q, n.path, strerror(-ret));
	ret = cg_procs(n.path, procs, 4);
	if (ret != 1 || procs[0] != (uint32_t)q)
		FAIL("%s: %d processes in its mirror, not %d alone", n.path, ret, q);
	atomic_fetch_add(&sh->n.stale, 1);
out:
	kill(q, SIGKILL);
	waitpid(q, &status, 0);
	/* Whatever was made goes, module and mirror, as op_destroy does it. */
	for (;;) {
		shape_lock();
		tlock();
		t = NULL;
		for (i = 0; i < sh->nctrs && !t; i++)
			if (!sh->ctrs[i].base)
				t = &sh->ctrs[i];
		if (t) {
			n = *t;
			del_ctr(t);
		}
		tunlock();
		if (!t) {
			shape_unlock();
			break;
		}
		ret = ctrl_destroy(fd, n.id);
		if (ret && !(ret == -ENOENT && n.autoremove))
			FAIL("destroy %s: %s", n.path, strerror(-ret));
		forget_reaped(&n);
		shape_unlock();
	}
}

/*
 * Remove the subtree below /stress, children first (reverse pre-order). An
 * automatic clone left with nothing once its last child is destroyed may
 * be removed by the module first.
 */
static void teardown_tree(void)
{
	static struct walked w;
	char path[PATH_LEN];
	struct ctr *t;
	int i, ret, autoremove;

	memset(&w, 0, sizeof(w));
	ret = ctrl_walk(fd, base_id, walk_cb, &w);
	CHECK(!ret && !w.overflow, "final walk");
	for (i = w.n - 1; i >= 0; i--) {
		/* The last check made the table match the tree. */
		tlock();
		t = find_ctr(w.ids[i]);
		if (t)
			snprintf(path, sizeof(path), "%s", t->path);
		tunlock();
		if (!t) {
			CHECK(0, "%s (id %llu) unknown to the workload",
			      path_of(w.ids[i]), (unsigned long long)w.ids[i]);
			continue;
		}
		autoremove = w.st[i].cflags & CONTAINERCTL_F_AUTOREMOVE;
		ret = ctrl_destroy(fd, w.ids[i]);
		CHECK(!ret || (ret == -ENOENT && autoremove), "destroy %s: %s",
		      path, strerror(-ret));
		ret = cg_rmdir_tree(path);
		CHECK(!ret, "rmdir cgroup %s: %s", path, strerror(-ret));
	}
}

/*
 * One TAP line per case (tests/vm/runner.sh shows them as subtests), with
 * how often it ran; the main thread's own CHECK()s count to the last.
 */
static void report_cases(void)
{
	const long runs[NSC] = {
		[SC_STALE] = sh->n.stale, [SC_ATTACH] = sh->n.attach,
		[SC_BATCH] = sh->n.batch, [SC_CLONE] = sh->n.clone,
		[SC_CREATE] = sh->n.create,
		[SC_DESTROY] = sh->n.destroy, [SC_KILL] = sh->n.kill,
		[SC_SPAWN] = sh->n.spawns, [SC_MEMBERS] = sh->n.forks,
		[SC_QUIESCENT] = sh->n.checks, [SC_END] = 1,
	};
	int c, failed;

	printf("1..%d\n", NSC);
	for (c = 0; c < NSC; c++) {
		failed = atomic_load(&sh->case_failures[c]);
		if (c == SC_END)
			failed += ctrtest_failures;
		if (failed)
			printf("not ok %d - %s # %d failed checks\n", c + 1,
			       case_names[c], failed);
		else
			printf("ok %d - %s # %ld done\n", c + 1, case_names[c],
			       runs[c]);
	}
	fflush(stdout);
}

int main(void)
{
	const char *kernel = getenv("CTRVM_KERNEL");
	int debug = kernel && !strncmp(kernel, "debug", 5);
	uint64_t seconds, s, signalled;
	uint64_t denied;
	pthread_t th[MAX_THREADS], rp;
	uint32_t ctr0;
	double t0, next;
	int i, rounds = 0;
	struct ctr c;

	seconds = env_u64("CTR_STRESS_SECONDS", debug ? 20 : 15);
	seed = env_u64("CTR_STRESS_SEED", (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32));
	if (!seed)
		seed = 1;
	nmembers = debug ? 8 : 12;
	nthreads = 3;
	printf("60-stress: seed %llu, %llu s, %d members, %d threads (CTR_STRESS_SEED=%llu replays the choices)\n",
	       (unsigned long long)seed, (unsigned long long)seconds, nmembers,
	       nthreads, (unsigned long long)seed);
	fflush(stdout);

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	if (access(CG_ROOT "/cgroup.procs", F_OK)) {
		printf("no cgroup v2 at " CG_ROOT "\n");
		return 77;
	}
	ctr0 = nr_containers();
	{
		struct containerctl_info info;

		REQUIRE(!ctrl_info(fd, &info), "info");
		track_failures0 = info.track_failures;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(sh != MAP_FAILED, "mmap");
	robust_init(&sh->tlock);
	robust_init(&sh->mlock);
	for (i = 0; i < MAX_MEMBERS; i++)
		robust_init(&sh->slots[i].lock);
	REQUIRE(!prctl(PR_SET_CHILD_SUBREAPER, 1), "subreaper");

	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "stress", 0755, 0, &base_id),
		"create /stress");
	REQUIRE(!ctrl_create(fd, base_id, "plain", 0755, 0, &plain_id), "create");
	REQUIRE(!ctrl_create(fd, base_id, "track", 0755, CONTAINERCTL_F_NSTRACK,
			     &track_id), "create");
	REQUIRE(!cg_mkdir("/stress") && !cg_mkdir("/stress/plain") &&
		!cg_mkdir("/stress/track"), "mkdir cgroups: %s", strerror(errno));
	add_ctr(base_id, "/stress", 0, 0, 0, 1);
	add_ctr(plain_id, "/stress/plain", 1, 0, 0, 1);
	add_ctr(track_id, "/stress/track", 1, 1, 0, 1);
	have_unshare = ctrl_has_feature(fd, CONTAINERCTL_FEAT_NSTRACK_UNSHARE) == 1;
	if (!have_unshare)
		printf("no unshare tracking in this module: unshare moves nothing\n");

	stale_mirror_clone();
	cur_case = SC_END;

	s = seed;
	rnd(&s);
	for (i = 0; i < nmembers; i++) {
		c = sh->ctrs[i % 3];
		REQUIRE(!spawn_member(i, &c, rnd(&s)), "spawn");
	}
	REQUIRE(!pthread_create(&rp, NULL, reaper, NULL), "reaper");
	for (i = 0; i < nthreads; i++)
		REQUIRE(!pthread_create(&th[i], NULL, op_thread, (void *)(intptr_t)i),
			"thread");

	t0 = now();
	next = t0;
	while (now() - t0 < seconds && atomic_load(&sh->failures) < 5) {
		next += debug ? 2.0 : 1.0;
		while (now() < next)
			usleep(10000);
		pause_all();
		quiescent_check("quiescent point");
		rounds++;
		atomic_store(&sh->paused, 0);
	}

	/* Stop: pause, check, then stop the threads and kill everybody. */
	pause_all();
	quiescent_check("end");
	atomic_store(&sh->stop, 1);
	atomic_store(&sh->paused, 0);
	for (i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	REQUIRE(!ctrl_kill(fd, base_id, SIGKILL, CONTAINERCTL_KILL_SUBTREE,
			   &signalled, &denied), "final kill");
	CHECK(WAIT_UNTIL(!live_members(), CTRTEST_DEADLINE_S),
	      "%d members still alive %d s after the final kill",
	      live_members(), CTRTEST_DEADLINE_S);
	{
		struct containerctl_stat st = stat_of(base_id);
		uint32_t *sub = NULL;
		size_t ns = 0;

		CHECK(!ctrl_pids_all(fd, base_id, CONTAINERCTL_PIDS_SUBTREE, &sub, &ns, NULL) &&
		      ns == 0, "%zu pids left under /stress after the final kill", ns);
		free(sub);
		CHECK(st.nr_threads == 0, "/stress has %llu threads",
		      (unsigned long long)st.nr_threads);
	}
	quiescent_check("after the final kill");
	teardown_tree();
	CHECK(nr_containers() == ctr0, "%u containers, %u before",
	      nr_containers(), ctr0);
	CHECK(access(CG_ROOT "/stress", F_OK), "cgroup mirror left behind");
	atomic_store(&sh->stop, 2);

	printf("%d quiescent checks; attach %ld (%ld refused), batch %ld (%ld moved), "
	       "clone %ld, create %ld (%ld refused), destroy %ld (%ld busy), "
	       "kill %ld (%ld processes), unshare %ld (%ld moved, %ld removed by the module, "
	       "%ld unregistered mirrors), "
	       "forks %ld, exits %ld, spawns %ld\n",
	       rounds, sh->n.attach, sh->n.attach_fail, sh->n.batch,
	       sh->n.batch_moved, sh->n.clone, sh->n.create, sh->n.create_fail,
	       sh->n.destroy, sh->n.destroy_busy, sh->n.kill, sh->n.killed,
	       sh->n.unshare, sh->n.unshare_moved, sh->n.reaped, sh->n.stray, sh->n.forks,
	       sh->n.exits, sh->n.spawns);
	{
		struct containerctl_info info;

		REQUIRE(!ctrl_info(fd, &info), "info");
		CHECK(info.track_failures == track_failures0,
		      "%llu tasks could not be tracked",
		      (unsigned long long)(info.track_failures - track_failures0));
	}
	report_cases();
	if (atomic_load(&sh->failures)) {
		fprintf(stderr, "%d failures (seed %llu)\n",
			atomic_load(&sh->failures), (unsigned long long)seed);
		ctrtest_failures += atomic_load(&sh->failures);
	}
	return ctrtest_done();
}
