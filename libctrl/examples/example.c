// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl in one program: open the device (the module's ABI checked),
 * create a container by path, start a command inside it, list its
 * processes, walk its subtree, signal it and remove it.
 *
 *   cc -o example example.c $(pkg-config --cflags --libs libctrl)
 *   ./example [/PATH]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

static int show(int fd, uint64_t id, const struct containerctl_stat *st,
		int depth, void *arg)
{
	(void)fd;
	(void)arg;
	printf("%*s%s: id %llu, %llu process(es)\n", 2 * depth, "",
	       st->name, (unsigned long long)id,
	       (unsigned long long)st->nr_procs);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *path = argc > 1 ? argv[1] : "/example";
	char *const cmd[] = { "sleep", "1000", NULL };
	struct containerctl_info info;
	uint64_t id, signalled;
	uint32_t *pids;
	size_t n, i;
	pid_t pid;
	int fd, ret;

	fd = ctrl_open_info(&info);
	if (fd < 0) {
		fprintf(stderr, "example: /dev/containerctl: %s\n",
			strerror(-fd));
		return 1;
	}
	printf("containerctl ABI %u, %s\n", info.abi_version,
	       ctrl_has_feature(fd, CONTAINERCTL_FEAT_CLONE) == 1 ?
	       "with clone" : "without clone");

	ret = ctrl_create_path(fd, path, 0755, 0, &id);
	if (ret) {
		fprintf(stderr, "example: create %s: %s\n", path, strerror(-ret));
		return 1;
	}

	/* sleep runs in the container from its first instruction. */
	ret = ctrl_spawn(fd, id, cmd[0], cmd, NULL, &pid);
	if (ret) {
		fprintf(stderr, "example: spawn %s: %s\n", cmd[0], strerror(-ret));
		ctrl_destroy(fd, id);
		return 1;
	}
	printf("spawned %d\n", (int)pid);

	ret = ctrl_pids_all(fd, id, 0, &pids, &n, NULL);
	if (!ret) {
		printf("%s:", path);
		for (i = 0; i < n; i++)
			printf(" %u", pids[i]);
		printf("\n");
		free(pids);
	}

	ctrl_walk(fd, id, show, NULL);

	ret = ctrl_kill(fd, id, SIGTERM, 0, &signalled, NULL);
	if (!ret)
		printf("signalled %llu\n", (unsigned long long)signalled);
	waitpid(pid, NULL, 0);
	ret = ctrl_destroy(fd, id);
	if (ret) {
		fprintf(stderr, "example: remove %s: %s\n", path, strerror(-ret));
		return 1;
	}
	close(fd);
	return 0;
}
