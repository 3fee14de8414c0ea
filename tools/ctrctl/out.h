/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctrctl's output layer. Every subcommand prints only through these calls,
 * which write either text or JSON (-j), iproute2's print_* style: each field
 * is given once, with its JSON key and its text format, so that both come
 * from one code path.
 *
 * - A field's @key names it inside a JSON object; it is NULL inside an
 *   array. Its @fmt is a printf format with exactly one conversion for the
 *   value (PRIu64 for out_field_u64(), PRId64 for out_field_s64(), %s for
 *   out_field_str() and out_field_bool()); a NULL
 *   @fmt makes the field JSON-only.
 * - out_field_bits() prints a bit mask by name: a JSON array of strings,
 *   in text the names joined by ',' ("-" for none) through @fmt's %s.
 * - out_text() writes text only (labels, separators, tree branches).
 * - Objects and arrays structure the JSON and write nothing in text.
 */
#ifndef _CTRCTL_OUT_H
#define _CTRCTL_OUT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#include "ctrctl.h"

void out_set_json(bool json);
void out_set_pretty(bool pretty);
bool out_is_json(void);

void out_begin_object(const char *key);
void out_end_object(void);
void out_begin_array(const char *key);
void out_end_array(void);

void out_field_u64(const char *key, const char *fmt, uint64_t v);
void out_field_s64(const char *key, const char *fmt, int64_t v);
/* JSON true or false; in text, @fmt with "yes" or "no". */
void out_field_bool(const char *key, const char *fmt, bool v);
void out_field_str(const char *key, const char *fmt, const char *s);
void out_field_null(const char *key, const char *text);

void out_field_bits(const char *key, const char *fmt,
		    const struct bit_name *names, size_t nr_names, uint64_t v);
__printf(1, 2) void out_text(const char *fmt, ...);

int out_finish(int ret);

#endif /* _CTRCTL_OUT_H */
