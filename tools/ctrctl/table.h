/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctrctl's tables and trees, on libsmartcols (util-linux's library, as in
 * lsblk and lsns). One table gives both outputs: aligned columns (with tree
 * branches in a SCOLS_FL_TREE column) as text, or with -j a JSON object
 * {"NAME": [rows...]} whose keys are the lowercased column names, a tree's
 * children nested in "children". Columns flagged TBL_JSON_ONLY are hidden in
 * text, those flagged TBL_TEXT_ONLY in JSON.
 */
#ifndef _CTRCTL_TABLE_H
#define _CTRCTL_TABLE_H

#include <inttypes.h>
#include <libsmartcols.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctrctl.h"

#define TBL_JSON_ONLY	(1 << 30)	/* a column only in JSON */
#define TBL_TEXT_ONLY	(1 << 29)	/* a column only in text */

#define J_NUM		SCOLS_JSON_NUMBER
#define J_STR		SCOLS_JSON_STRING

struct tbl_col {
	const char *name;
	int flags;		/* SCOLS_FL_*, TBL_JSON_ONLY */
	int json_type;		/* SCOLS_JSON_* */
};

/* A table of @n columns, text or JSON as -j says; NULL on ENOMEM. */
struct libscols_table *tbl_new(const char *name, const struct tbl_col *cols,
			       size_t n);
/* Cell @col of @ln from a printf format; an unset cell is null in JSON. */
CTRCTL_PRINTF(3, 4) int tbl_set(struct libscols_line *ln, size_t col,
			   const char *fmt, ...);
/* Prints @tb and frees it; 0 or -errno. */
int tbl_print(struct libscols_table *tb);

/* A table as tbl_new(), without the line of headings in text. */
struct libscols_table *tbl_new_bare(const char *name,
				    const struct tbl_col *cols, size_t n);

/*
 * A table @name of one row of @n values (NULL leaves a cell unset), with
 * its headings in text if @headings, printed and freed; 0 or -errno.
 */
int tbl_print_row(const char *name, const struct tbl_col *cols, size_t n,
		  const char *const vals[], bool headings);

#endif /* _CTRCTL_TABLE_H */
