// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's tables and trees on libsmartcols (see table.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "table.h"


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
