/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTRCTL_RECORD_H
#define _CTRCTL_RECORD_H

#include <stdint.h>

#include "ctrctl.h"

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
CTRCTL_PRINTF(5, 6) int rec_add(struct rec *r, const char *key, const char *label,
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

#endif /* _CTRCTL_RECORD_H */
