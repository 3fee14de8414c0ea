// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's tables and trees on libsmartcols (see table.h), and the helpers
 * of the listings: complete pid snapshots and command lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "table.h"

#define PIDS_FIRST	256	/* the first buffer, in pids */
#define PIDS_TRIES	8	/* calls before giving up on a growing one */

struct libscols_table *tbl_new(const char *name, const struct tbl_col *cols,
			       size_t n)
{
	struct libscols_table *tb = scols_new_table();
	struct libscols_column *cl;
	size_t i;

	if (!tb)
		return NULL;
	scols_table_set_name(tb, name);
	scols_table_enable_json(tb, out_is_json());
	for (i = 0; i < n; i++) {
		int fl = cols[i].flags & ~TBL_JSON_ONLY;

		if ((cols[i].flags & TBL_JSON_ONLY) && !out_is_json())
			fl |= SCOLS_FL_HIDDEN;
		cl = scols_table_new_column(tb, cols[i].name, 0, fl);
		if (!cl) {
			scols_unref_table(tb);
			return NULL;
		}
		scols_column_set_json_type(cl, cols[i].json_type);
	}
	return tb;
}

int tbl_set(struct libscols_line *ln, size_t col, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return -ENOMEM;
	ret = scols_line_refer_data(ln, col, s);
	if (ret)
		free(s);
	return ret;
}

int tbl_print(struct libscols_table *tb)
{
	int ret = scols_print_table(tb);

	scols_unref_table(tb);
	return ret < 0 ? ret : 0;
}

void cflags_str(unsigned int cflags, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < nr_cflag_names; i++) {
		if (!(cflags & cflag_names[i].bit))
			continue;
		at += snprintf(buf + at, at < len ? len - at : 0, "%s%s",
			       at ? "," : "", cflag_names[i].name);
	}
}

int ctr_pids(int fd, uint64_t id, unsigned int flags, uint32_t **pids,
	     uint32_t *n)
{
	uint32_t *buf = NULL, *nb, cap = PIDS_FIRST, count, total;
	int i, ret = -EAGAIN;

	for (i = 0; i < PIDS_TRIES; i++) {
		nb = realloc(buf, (size_t)cap * sizeof(*buf));
		if (!nb) {
			ret = -ENOMEM;
			break;
		}
		buf = nb;
		count = cap;
		ret = ctrl_pids(fd, id, flags, 0, buf, &count, &total, NULL);
		if (ret == -EAGAIN)
			continue;
		if (ret)
			break;
		if (total <= cap) {
			*pids = buf;
			*n = count;
			return 0;
		}
		ret = -EAGAIN;
		cap = total + total / 8 + 64;
	}
	free(buf);
	return ret;
}

/* The children of @id that still exist, stat'ed, ascending by id. */
int ctr_kids(int fd, uint64_t id, struct containerctl_stat **kids, size_t *nr)
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

void proc_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n = 0, i;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, len - 1);
		close(fd);
	}
	if (n > 0) {
		/* Trailing NULs dropped, the others are spaces. */
		while (n > 0 && buf[n - 1] == '\0')
			n--;
		for (i = 0; i < n; i++)
			if (buf[i] == '\0' || buf[i] == '\n')
				buf[i] = ' ';
		buf[n] = '\0';
		if (n)
			return;
	}
	/* A kernel thread, a zombie or a process gone: its name, if any. */
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = 0;
	if (fd >= 0) {
		n = read(fd, path, sizeof(path) - 1);
		close(fd);
	}
	while (n > 0 && path[n - 1] == '\n')
		n--;
	path[n > 0 ? n : 0] = '\0';
	snprintf(buf, len, "[%s]", n > 0 ? path : "?");
}
