// Start-up code (argument parsing, YAML, building the knowledge index, Foundation's and the
// Swift runtime's one-time set-up) runs once, yet its pages stay mapped: the kernel maps
// 64 KiB around every page fault in a file-backed mapping, so a few thousand functions spread
// over a 26 MB executable leave 13 MB of it resident. Only segments that are not writable are
// released: their pages are byte-for-byte the file's, so dropping a mapping loses nothing.
// Writable segments (data, relocated RELRO) hold private changes and are never touched, nor
// are objects whose code the loader relocated.

#define _GNU_SOURCE
#include "CResidentPages.h"
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct {
    long released;
    int error;
} ReleaseTotals;

static int is_virtual_object(const char *name) {
    // The vDSO is the kernel's own mapping, not a file.
    return name != NULL && strncmp(name, "linux-vdso", 10) == 0;
}

// An object with text relocations had its code patched in private copies by the loader;
// dropping those would bring back the unrelocated bytes.
static int has_text_relocations(const struct dl_phdr_info *info) {
    for (ElfW(Half) index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        if (header->p_type != PT_DYNAMIC) continue;
        const ElfW(Dyn) *entry = (const ElfW(Dyn) *)(info->dlpi_addr + header->p_vaddr);
        for (; entry->d_tag != DT_NULL; entry++) {
            if (entry->d_tag == DT_TEXTREL) return 1;
            if (entry->d_tag == DT_FLAGS && (entry->d_un.d_val & DF_TEXTREL) != 0) return 1;
        }
    }
    return 0;
}

static int release_object(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    ReleaseTotals *totals = context;
    if (is_virtual_object(info->dlpi_name) || has_text_relocations(info)) return 0;
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (ElfW(Half) index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        if (header->p_type != PT_LOAD || (header->p_flags & PF_W) != 0) continue;
        // Whole pages inside the segment only: an edge page may be shared with a writable one.
        uintptr_t start = info->dlpi_addr + header->p_vaddr;
        uintptr_t end = start + header->p_filesz;
        start = (start + page - 1) & ~(page - 1);
        end &= ~(page - 1);
        if (end <= start) continue;
        if (madvise((void *)start, end - start, MADV_DONTNEED) != 0) {
            totals->error = errno;
            return 1;
        }
        totals->released += (long)(end - start);
    }
    return 0;
}

long resident_release_readonly_segments(void) {
    ReleaseTotals totals = {0, 0};
    dl_iterate_phdr(release_object, &totals);
    if (totals.error != 0) {
        errno = totals.error;
        return -1;
    }
    return totals.released;
}

int resident_trim_heap(void) {
    return malloc_trim(0);
}
