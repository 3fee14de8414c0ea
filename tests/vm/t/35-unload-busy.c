// SPDX-License-Identifier: GPL-2.0
/*
 * While any container other than the root exists, the module cannot be
 * unloaded (it is in use), and everything keeps working; once the last one
 * is gone, it can. Leaves the module loaded.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

static int unload(void)
{
	return syscall(SYS_delete_module, "containerctl", O_NONBLOCK) ? -errno : 0;
}

int main(void)
{
	uint64_t a, b, id;
	int fd, ret, status;
	pid_t p;

	fd = ctrl_open();
	REQUIRE(fd >= 0, "open: %s", strerror(-fd));
	REQUIRE(!ctrl_create(fd, CONTAINERCTL_ROOT_ID, "busy", 0755, 0, &a), "create");
	REQUIRE(!ctrl_create(fd, a, "child", 0755, 0, &b), "create");
	close(fd);	/* no open device either: only the containers pin it */

	ret = unload();
	CHECK(ret == -EWOULDBLOCK || ret == -EBUSY, "unload with containers: %d", ret);

	fd = ctrl_open();
	REQUIRE(fd >= 0, "module gone after a refused unload: %s", strerror(-fd));
	CHECK_RET(ctrl_lookup(fd, "/busy/child", &id), 0);
	CHECK(id == b, "lookup after refused unload");

	/* Tasks are still tracked. */
	p = fork();
	if (!p)
		_exit(ctrl_attach(fd, b, 0, 0) ? 1 : 0);
	waitpid(p, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "attach after refused unload");

	CHECK_RET(ctrl_destroy(fd, b), 0);
	ret = unload();
	CHECK(ret == -EWOULDBLOCK || ret == -EBUSY, "unload with one container: %d", ret);
	CHECK_RET(ctrl_destroy(fd, a), 0);
	close(fd);

	CHECK_RET(unload(), 0);
	CHECK(access("/dev/containerctl", F_OK) != 0, "device left after unload");
	/* Leave it loaded for the next tests. */
	ret = system("insmod ${CTR_KO:-/ctr/containerctl.ko}");
	CHECK(ret == 0, "reload: %d", ret);
	return ctrtest_done();
}
