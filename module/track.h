/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_TRACK_H
#define _CTR_TRACK_H

int ctr_track_init(void);
void ctr_track_uninit(void);

#endif /* _CTR_TRACK_H */
