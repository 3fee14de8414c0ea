// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl: running a program in a container, with no moment in which it
 * runs outside (libcgroup's cgexec). The new process moves ITSELF into the
 * container (ATTACH of pid 0) before it calls execve(2): if the move fails
 * it never executes the program. The child reports a failed move or exec
 * to the parent through a close-on-exec pipe: end of file means the exec
 * succeeded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <containerctl/ctrl.h>

extern char **environ;

/*
 * Between fork and exec in the child: only async-signal-safe calls (the
 * parent may have threads). PATH search as execvp(3) when path has no '/'.
 */
static int attach_exec(int fd, uint64_t id, const char *path,
		       char *const argv[], char *const envp[])
{
	int ret = ctrl_attach(fd, id, 0, 0);

	if (ret)
		return ret;
	execvpe(path, argv, envp ? envp : environ);
	return -errno;
}

int ctrl_exec(int fd, uint64_t id, const char *path, char *const argv[],
	      char *const envp[])
{
	int saved = errno, ret;

	ret = attach_exec(fd, id, path, argv, envp);
	errno = saved;
	return ret;
}

/* A pidfd of our child, which cannot be reaped before we wait for it. */
static int child_pidfd(pid_t pid)
{
	long ret = syscall(SYS_pidfd_open, pid, 0);

	return ret < 0 ? -errno : (int)ret;
}

static int spawn(int fd, uint64_t id, const char *path, char *const argv[],
		 char *const envp[], pid_t *pidp, int *pidfdp)
{
	int saved = errno, p[2], err = 0, ret;
	ssize_t n;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC)) {
		ret = -errno;
		errno = saved;
		return ret;
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		close(p[0]);
		close(p[1]);
		errno = saved;
		return ret;
	}
	if (pid == 0) {
		close(p[0]);
		err = attach_exec(fd, id, path, argv, envp);
		while (write(p[1], &err, sizeof(err)) < 0 && errno == EINTR)
			;
		_exit(127);
	}
	close(p[1]);
	do
		n = read(p[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n == sizeof(err)) {
		/* The child failed and exits: reap it. */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		errno = saved;
		return err;
	}
	errno = saved;
	if (n != 0) {
		/* No word from the child: it cannot have exec'd: reap it. */
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -EIO;
	}
	if (pidfdp) {
		ret = child_pidfd(pid);
		if (ret < 0) {
			/* Without its pidfd, the caller gets no process. */
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			errno = saved;
			return ret;
		}
		*pidfdp = ret;
	}
	if (pidp)
		*pidp = pid;
	return 0;
}

int ctrl_spawn(int fd, uint64_t id, const char *path, char *const argv[],
	       char *const envp[], pid_t *pid)
{
	return spawn(fd, id, path, argv, envp, pid, NULL);
}

int ctrl_spawn_pidfd(int fd, uint64_t id, const char *path,
		     char *const argv[], char *const envp[], pid_t *pid,
		     int *pidfd)
{
	return spawn(fd, id, path, argv, envp, pid, pidfd);
}
