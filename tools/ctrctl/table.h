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
__printf(3, 4) int tbl_set(struct libscols_line *ln, size_t col,
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

/*
 * Records: objects of named fields (stat, info), set once with rec_add()
 * and friends, each ended by rec_end(). rec_print() writes them, with -j
 * as the rows of a libsmartcols table @name (a column per field that has
 * a key), as text as a table of labels and values per record (the fields
 * that have a label), a blank line between records. Every record has the
 * same fields in the same order.
 */
struct rec;

struct rec *rec_new(const char *name);
/* A field; @key NULL: text only, @label NULL: JSON only. */
__printf(5, 6) int rec_add(struct rec *r, const char *key, const char *label,
			   int json_type, const char *fmt, ...);
/* A number. */
int rec_u64(struct rec *r, const char *key, const char *label, uint64_t v);
/* A field that is null in JSON and @text in text. */
int rec_add_null(struct rec *r, const char *key, const char *label,
		 const char *text);
/* A bit mask by name, "a,b"; none is null in JSON and "-" in text. */
int rec_add_bits(struct rec *r, const char *key, const char *label,
		 const struct bit_name *names, size_t nr_names, uint64_t v);
void rec_end(struct rec *r);
/* Prints the records and frees @r; 0 or -errno. */
int rec_print(struct rec *r);

/* Flags as "nstrack,nsrules", "" for none. */
void cflags_str(unsigned int cflags, char *buf, size_t len);

/*
 * All the pids (or with CONTAINERCTL_PIDS_THREADS tids) of container @id,
 * one snapshot, ascending; *@pids is malloc'ed. 0 or -errno (-EAGAIN when
 * the container keeps outgrowing the buffer).
 */
int ctr_pids(int fd, uint64_t id, unsigned int flags, uint32_t **pids,
	     uint32_t *n);

/*
 * The children of @id that still exist, stat'ed, ascending by id; *@kids
 * is malloc'ed (NULL when none). 0 or -errno; a container removed
 * meanwhile is left out, and @id itself gone gives no children.
 */
int ctr_kids(int fd, uint64_t id, struct containerctl_stat **kids, size_t *nr);

/* /proc/PID/cmdline with spaces for NULs, or "[comm]" when empty. */
void proc_cmdline(pid_t pid, char *buf, size_t len);

#endif /* _CTRCTL_TABLE_H */
