// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl tree [CONTAINER]: the containers below CONTAINER (default /), with
 * their ids, counts of processes and threads, and flags. Children are
 * listed with CONTAINERCTL_IOC_CHILDREN, paging by cursor; a container
 * removed during the walk is left out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

/* Tree branches: 6 bytes a level in UTF-8, max_depth is at most 48. */
#define TREE_PREFIX_MAX	512

static const char tree_usage[] =
	"Usage: ctrctl tree [CONTAINER]\n"
	"\n"
	"Show the tree of containers below CONTAINER (an absolute path or an\n"
	"id; default /), with each container's id and its numbers of processes\n"
	"and threads, and its flags in brackets if it has any.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON: nested objects with id, nr_procs, nr_threads,\n"
	"              path, name, flags (an array of names) and children\n"
	"  -h, --help  show this help\n";

static const struct option tree_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd tree_cmd = {
	.name = "tree",
	.usage = tree_usage,
	.shortopts = ":jh",
	.longopts = tree_opts,
};

struct tree_walk {
	int fd;
	char path[CONTAINERCTL_PATH_MAX];	/* of the current container */
	char prefix[TREE_PREFIX_MAX];		/* branches of its ancestors */
};

/* The children of @id that still exist, stat'ed, ascending by id. */
static int tree_children(int fd, uint64_t id, struct containerctl_stat **kids,
			 size_t *nr)
{
	struct containerctl_stat *v;
	uint64_t *ids;
	size_t n, i;
	int ret;

	*kids = NULL;
	*nr = 0;
	ret = ctr_children(fd, id, &ids, &n);
	if (ret == -ENOENT)
		return 0;
	if (ret || !n)
		return ret;
	v = calloc(n, sizeof(*v));
	if (!v) {
		free(ids);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		ret = ctrl_stat(fd, ids[i], &v[*nr]);
		if (ret == -ENOENT)
			continue;
		if (ret)
			break;
		(*nr)++;
	}
	free(ids);
	if (ret && ret != -ENOENT) {
		free(v);
		*nr = 0;
		return ret;
	}
	*kids = v;
	return 0;
}

/* One container, at @level below the top, and its subtree. */
static int tree_node(struct tree_walk *w, const struct containerctl_stat *st,
		     unsigned int level, bool last)
{
	size_t plen = strlen(w->path), xlen = strlen(w->prefix), n, i;
	struct containerctl_stat *kids;
	int ret;

	out_begin_object(NULL);
	out_field_u64("id", "%7" PRIu64, st->id);
	out_field_u64("nr_procs", " %7" PRIu64, st->nr_procs);
	out_field_u64("nr_threads", " %7" PRIu64, st->nr_threads);
	out_text("  %s%s", w->prefix, !level ? "" : last ? "└── " : "├── ");
	out_field_str("path", level ? NULL : "%s", w->path);
	out_field_str("name", level ? "%s" : NULL, st->name);
	out_field_bits("flags", st->cflags ? "  [%s]" : NULL, cflag_names,
		       nr_cflag_names, st->cflags);
	out_text("\n");

	ret = tree_children(w->fd, st->id, &kids, &n);
	if (ret)
		return fail(-ret, "tree %s", w->path);
	if (level)
		snprintf(w->prefix + xlen, sizeof(w->prefix) - xlen, "%s",
			 last ? "    " : "│   ");

	out_begin_array("children");
	for (i = 0; i < n && !ret; i++) {
		snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s",
			 plen > 1 ? "/" : "", kids[i].name);
		ret = tree_node(w, &kids[i], level + 1, i == n - 1);
		w->path[plen] = '\0';
	}
	free(kids);
	w->prefix[xlen] = '\0';
	if (ret)
		return ret;
	out_end_array();
	out_end_object();
	return 0;
}

int tree_main(int argc, char *argv[])
{
	const struct cmd *cmd = &tree_cmd;
	struct containerctl_stat st;
	struct tree_walk w = {};
	struct ctr c;
	int ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	ctr_parse(cmd, optind < argc ? argv[optind++] : "/", &c);
	cmd_end(cmd, argc, argv);

	w.fd = dev_open();
	if (w.fd < 0)
		return EXIT_FAIL;
	ret = ctr_resolve(cmd, w.fd, &c);
	if (!ret) {
		ret = ctrl_stat(w.fd, c.id, &st);
		if (ret)
			ret = fail(-ret, "tree %s", c.arg);
	}
	if (!ret) {
		memcpy(w.path, c.path, sizeof(w.path));
		out_text("%7s %7s %7s  %s\n", "ID", "PROCS", "THREADS",
			 "CONTAINER");
		ret = tree_node(&w, &st, 0, true);
	}
	close(w.fd);
	return ret;
}
