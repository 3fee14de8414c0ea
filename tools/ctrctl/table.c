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

		fl &= ~TBL_TEXT_ONLY;
		if ((cols[i].flags & TBL_JSON_ONLY) && !out_is_json())
			fl |= SCOLS_FL_HIDDEN;
		if ((cols[i].flags & TBL_TEXT_ONLY) && out_is_json())
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

struct libscols_table *tbl_new_bare(const char *name,
				    const struct tbl_col *cols, size_t n)
{
	struct libscols_table *tb = tbl_new(name, cols, n);

	if (tb)
		scols_table_enable_noheadings(tb, 1);
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
	/* libsmartcols copies bytes into JSON as they are: keep it UTF-8. */
	if (out_is_json()) {
		char *t = utf8_escape(s);

		free(s);
		if (!t)
			return -ENOMEM;
		s = t;
	}
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

int tbl_print_row(const char *name, const struct tbl_col *cols, size_t n,
		  const char *const vals[], bool headings)
{
	struct libscols_table *tb = headings ? tbl_new(name, cols, n) :
					       tbl_new_bare(name, cols, n);
	struct libscols_line *ln;
	size_t i;

	ln = tb ? scols_table_new_line(tb, NULL) : NULL;
	if (!ln)
		goto nomem;
	for (i = 0; i < n; i++)
		if (vals[i] && tbl_set(ln, i, "%s", vals[i]))
			goto nomem;
	return tbl_print(tb);
nomem:
	scols_unref_table(tb);
	return -ENOMEM;
}

struct rec_field {
	const char *key;
	const char *label;
	int json_type;
	char *text;
	bool null;		/* null in JSON */
};

struct rec {
	const char *name;
	struct rec_field *f;
	size_t nr, cap;
	size_t per;		/* fields per record, once one has ended */
	int err;		/* the first failure to add a field */
};

struct rec *rec_new(const char *name)
{
	struct rec *r = calloc(1, sizeof(*r));

	if (r)
		r->name = name;
	return r;
}

static struct rec_field *rec_field(struct rec *r, const char *key,
				   const char *label, int json_type)
{
	struct rec_field *f;

	if (r->err)
		return NULL;
	if (r->nr == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;

		f = realloc(r->f, cap * sizeof(*f));
		if (!f) {
			r->err = -ENOMEM;
			return NULL;
		}
		r->f = f;
		r->cap = cap;
	}
	f = &r->f[r->nr++];
	*f = (struct rec_field){ key, label, json_type, NULL, false };
	return f;
}

int rec_add(struct rec *r, const char *key, const char *label, int json_type,
	    const char *fmt, ...)
{
	struct rec_field *f = rec_field(r, key, label, json_type);
	va_list ap;
	int ret;

	if (!f)
		return r->err;
	va_start(ap, fmt);
	ret = vasprintf(&f->text, fmt, ap);
	va_end(ap);
	if (ret < 0) {
		f->text = NULL;
		r->err = -ENOMEM;
	}
	return r->err;
}

int rec_u64(struct rec *r, const char *key, const char *label, uint64_t v)
{
	return rec_add(r, key, label, J_NUM, "%" PRIu64, v);
}

int rec_add_null(struct rec *r, const char *key, const char *label,
		 const char *text)
{
	int ret = rec_add(r, key, label, SCOLS_JSON_STRING, "%s", text);

	if (!ret)
		r->f[r->nr - 1].null = true;
	return ret;
}

int rec_add_bits(struct rec *r, const char *key, const char *label,
		 const struct bit_name *names, size_t nr_names, uint64_t v)
{
	char buf[256] = "";
	size_t i, at = 0;
	int ret;

	for (i = 0; i < nr_names; i++) {
		if (!(v & names[i].bit))
			continue;
		at += snprintf(buf + at, at < sizeof(buf) ? sizeof(buf) - at : 0,
			       "%s%s", at ? "," : "", names[i].name);
	}
	if (at)
		return rec_add(r, key, label, J_STR, "%s", buf);
	ret = rec_add_null(r, key, label, "-");
	return ret;
}

void rec_end(struct rec *r)
{
	if (!r->per)
		r->per = r->nr;
}

static void rec_free(struct rec *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->f[i].text);
	}
	free(r->f);
	free(r);
}

/* -j: one table, a row per record, a column per keyed field. */
static int rec_print_json(struct rec *r)
{
	struct libscols_table *tb;
	struct libscols_line *ln;
	struct libscols_column *cl;
	size_t i, at, col;
	int ret = -ENOMEM;

	tb = tbl_new(r->name, NULL, 0);
	if (!tb)
		return -ENOMEM;
	for (i = 0; i < r->per; i++) {
		if (!r->f[i].key)
			continue;
		cl = scols_table_new_column(tb, r->f[i].key, 0, 0);
		if (!cl || scols_column_set_json_type(cl, r->f[i].json_type))
			goto out;
	}
	for (at = 0; at + r->per <= r->nr; at += r->per) {
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			goto out;
		for (i = 0, col = 0; i < r->per; i++) {
			const struct rec_field *f = &r->f[at + i];

			if (!f->key)
				continue;
			if (!f->null && tbl_set(ln, col, "%s", f->text))
				goto out;
			col++;
		}
	}
	return tbl_print(tb);
out:
	scols_unref_table(tb);
	return ret;
}

/* Text: a two-column table of labels and values per record. */
static int rec_print_text(struct rec *r)
{
	static const struct tbl_col cols[] = {
		{ "FIELD", 0, SCOLS_JSON_STRING },
		{ "VALUE", 0, SCOLS_JSON_STRING },
	};
	struct libscols_table *tb;
	struct libscols_line *ln;
	size_t i, at;
	int ret;

	for (at = 0; at + r->per <= r->nr; at += r->per) {
		tb = tbl_new_bare(r->name, cols, ARRAY_SIZE(cols));
		if (!tb)
			return -ENOMEM;
		for (i = 0; i < r->per; i++) {
			const struct rec_field *f = &r->f[at + i];

			if (!f->label)
				continue;
			ln = scols_table_new_line(tb, NULL);
			if (!ln || tbl_set(ln, 0, "%s:", f->label) ||
			    tbl_set(ln, 1, "%s", f->text)) {
				scols_unref_table(tb);
				return -ENOMEM;
			}
		}
		if (at)
			putchar('\n');
		ret = tbl_print(tb);
		if (ret)
			return ret;
	}
	return 0;
}

int rec_print(struct rec *r)
{
	int ret = r->err;

	rec_end(r);
	if (!ret && r->per)
		ret = out_is_json() ? rec_print_json(r) : rec_print_text(r);
	rec_free(r);
	return ret;
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
