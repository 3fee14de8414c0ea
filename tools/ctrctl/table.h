/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctrctl's tables and trees, on libsmartcols (util-linux's library, as in
 * lsblk and lsns). One table gives both outputs: aligned columns (with tree
 * branches in a SCOLS_FL_TREE column) as text, or with -j a JSON object
 * {"NAME": [rows...]} whose keys are the lowercased column names, a tree's
 * children nested in "children". Columns flagged TBL_JSON_ONLY are hidden in
 * text.
 */
#ifndef _CTRCTL_TABLE_H
#define _CTRCTL_TABLE_H

#include <libsmartcols.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctrctl.h"

#define TBL_JSON_ONLY	(1 << 30)	/* a column only in JSON */

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
