/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctrctl's stream output, for `ctrctl watch`: an event a line, as text or
 * (-j) as JSON lines, one compact object a line, written as events come.
 * libsmartcols (table.h), which every other command prints through, writes
 * whole tables, not streams. Each field is given once, with its JSON key
 * and its text format, iproute2's print_* style, so that both outputs come
 * from one code path.
 *
 * - A field's @key names it inside a JSON object. Its @fmt is a printf
 *   format with exactly one conversion for the value (PRIu64 for
 *   out_field_u64(), PRId64 for out_field_s64(), %s for out_field_str()
 *   and out_field_bool()); a NULL @fmt makes the field JSON-only.
 * - out_text() writes text only (labels, separators).
 * - Objects structure the JSON and write nothing in text; a value at the
 *   top level ends its line.
 */
#ifndef _CTRCTL_OUT_H
#define _CTRCTL_OUT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#include "ctrctl.h"

void out_set_json(bool json);
bool out_is_json(void);

void out_begin_object(const char *key);
void out_end_object(void);

void out_field_u64(const char *key, const char *fmt, uint64_t v);
void out_field_s64(const char *key, const char *fmt, int64_t v);
/* JSON true or false; in text, @fmt with "yes" or "no". */
void out_field_bool(const char *key, const char *fmt, bool v);
void out_field_str(const char *key, const char *fmt, const char *s);

CTRCTL_PRINTF(1, 2) void out_text(const char *fmt, ...);

char *utf8_escape(const char *s);

int out_finish(int ret);

#endif /* _CTRCTL_OUT_H */
