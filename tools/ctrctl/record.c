// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's records: objects of named fields, printed as text or JSON (see
 * record.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "record.h"
#include "table.h"

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
