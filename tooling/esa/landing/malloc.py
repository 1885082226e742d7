"""The C allocator's settings for a generation: freed whole-period arrays go back to the system.

glibc serves a block of 128 KiB or more with its own mmap and unmaps it when freed, but raises that threshold
to the size of each such block freed (up to 32 MiB): after the first large arrays die, the generator's arrays
of a few MiB come from the heap, whose free space glibc keeps (the process's resident memory stays at its
high-water mark and grows with fragmentation). Fixing the threshold keeps every large array mapped on its
own, so its pages leave when it dies. The values computed are the same; only where they live changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
THRESHOLD = 4 * 1024 * 1024  # blocks this large are mapped on their own: whole-period arrays, not the writers' buffers


def return_freed_memory() -> bool:
    """Fix glibc's mmap and trim thresholds at :data:`THRESHOLD`; False where the C library is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, THRESHOLD))
