#ifndef C_RESIDENT_PAGES_H
#define C_RESIDENT_PAGES_H

#include <stddef.h>

/// Unmaps, from this process only, the resident pages of every loaded object's read-only
/// file-backed segments (code, constants, unwind tables); the page cache keeps them and the
/// next touch maps a page back with a minor fault. Returns how many bytes of mappings it
/// released, or -1 with errno set if a madvise call failed.
long resident_release_readonly_segments(void);

/// Returns freed heap memory to the kernel (glibc's malloc_trim). Returns 1 if any was.
int resident_trim_heap(void);

#endif
