// SPDX-License-Identifier: GPL-2.0
/*
 * Prints the layout of every structure of <linux/containerctl.h>: size,
 * then offset and size of each field. tests/host/uapi-header.sh runs it on
 * x86_64 and requires an i386 build to have the same layout: 32-bit callers
 * use the very same structures. Keep it in step with the header (the test
 * also checks that every structure and field is listed).
 */
#include <stddef.h>
#include <stdio.h>

#include <linux/containerctl.h>

#define S(s) printf("%s %zu\n", #s, sizeof(struct s))
#define F(s, f) printf("  %s.%s %zu %zu\n", #s, #f, offsetof(struct s, f), \
			  sizeof(((struct s *)0)->f))

int main(void)
{
	S(containerctl_info);
	F(containerctl_info, size);
	F(containerctl_info, flags);
	F(containerctl_info, abi_version);
	F(containerctl_info, name_max);
	F(containerctl_info, features);
	F(containerctl_info, max_depth);
	F(containerctl_info, max_containers);
	F(containerctl_info, nr_containers);
	F(containerctl_info, reserved);
	F(containerctl_info, nr_tracked);
	F(containerctl_info, track_failures);
	F(containerctl_info, ns_clones);
	F(containerctl_info, ns_refused);
	F(containerctl_info, ns_missed);
	F(containerctl_info, nr_events);
	F(containerctl_info, events_dropped);
	S(containerctl_create);
	F(containerctl_create, size);
	F(containerctl_create, flags);
	F(containerctl_create, parent);
	F(containerctl_create, mode);
	F(containerctl_create, cflags);
	F(containerctl_create, clear_flags);
	F(containerctl_create, reserved);
	F(containerctl_create, id);
	F(containerctl_create, name);
	S(containerctl_destroy);
	F(containerctl_destroy, size);
	F(containerctl_destroy, flags);
	F(containerctl_destroy, id);
	S(containerctl_lookup);
	F(containerctl_lookup, size);
	F(containerctl_lookup, flags);
	F(containerctl_lookup, path);
	F(containerctl_lookup, id);
	S(containerctl_path);
	F(containerctl_path, size);
	F(containerctl_path, flags);
	F(containerctl_path, id);
	F(containerctl_path, buf);
	F(containerctl_path, buf_len);
	F(containerctl_path, path_len);
	S(containerctl_stat);
	F(containerctl_stat, size);
	F(containerctl_stat, flags);
	F(containerctl_stat, id);
	F(containerctl_stat, parent);
	F(containerctl_stat, uid);
	F(containerctl_stat, gid);
	F(containerctl_stat, mode);
	F(containerctl_stat, cflags);
	F(containerctl_stat, nr_procs);
	F(containerctl_stat, nr_threads);
	F(containerctl_stat, nr_children);
	F(containerctl_stat, depth);
	F(containerctl_stat, nr_descendants);
	F(containerctl_stat, max_descendants);
	F(containerctl_stat, generation);
	F(containerctl_stat, ctime_ns);
	F(containerctl_stat, name);
	F(containerctl_stat, ns_clones);
	F(containerctl_stat, ns_refused);
	F(containerctl_stat, cpu_user_ns);
	F(containerctl_stat, cpu_system_ns);
	F(containerctl_stat, subtree_cpu_user_ns);
	F(containerctl_stat, subtree_cpu_system_ns);
	F(containerctl_stat, nr_forks);
	F(containerctl_stat, nr_exits);
	F(containerctl_stat, rss_bytes);
	S(containerctl_children);
	F(containerctl_children, size);
	F(containerctl_children, flags);
	F(containerctl_children, id);
	F(containerctl_children, cursor);
	F(containerctl_children, ids);
	F(containerctl_children, count);
	F(containerctl_children, total);
	S(containerctl_attach);
	F(containerctl_attach, size);
	F(containerctl_attach, flags);
	F(containerctl_attach, id);
	F(containerctl_attach, pid);
	F(containerctl_attach, reserved);
	S(containerctl_attach_batch);
	F(containerctl_attach_batch, size);
	F(containerctl_attach_batch, flags);
	F(containerctl_attach_batch, id);
	F(containerctl_attach_batch, pids);
	F(containerctl_attach_batch, count);
	F(containerctl_attach_batch, moved);
	F(containerctl_attach_batch, first_error);
	F(containerctl_attach_batch, error_index);
	S(containerctl_pids);
	F(containerctl_pids, size);
	F(containerctl_pids, flags);
	F(containerctl_pids, id);
	F(containerctl_pids, buf);
	F(containerctl_pids, count);
	F(containerctl_pids, cursor);
	F(containerctl_pids, total);
	F(containerctl_pids, reserved);
	F(containerctl_pids, generation);
	S(containerctl_which);
	F(containerctl_which, size);
	F(containerctl_which, flags);
	F(containerctl_which, pid);
	F(containerctl_which, reserved);
	F(containerctl_which, id);
	S(containerctl_set);
	F(containerctl_set, size);
	F(containerctl_set, flags);
	F(containerctl_set, id);
	F(containerctl_set, uid);
	F(containerctl_set, gid);
	F(containerctl_set, mode);
	F(containerctl_set, cflags);
	F(containerctl_set, max_descendants);
	S(containerctl_kill);
	F(containerctl_kill, size);
	F(containerctl_kill, flags);
	F(containerctl_kill, id);
	F(containerctl_kill, signal);
	F(containerctl_kill, reserved);
	F(containerctl_kill, denied);
	F(containerctl_kill, signalled);
	S(containerctl_clone);
	F(containerctl_clone, size);
	F(containerctl_clone, flags);
	F(containerctl_clone, parent);
	F(containerctl_clone, pid);
	F(containerctl_clone, mode);
	F(containerctl_clone, cflags);
	F(containerctl_clone, clear_flags);
	F(containerctl_clone, id);
	F(containerctl_clone, name);
	return 0;
}
