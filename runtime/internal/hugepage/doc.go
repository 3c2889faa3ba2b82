// Package hugepage asks Linux to back the runtime's large float32 buffers
// (tensor storage, GEMM packing scratch) with 2 MiB transparent huge pages.
//
// Why: a GEMM at n = 2048 streams three 16 MiB operands, 12,288 pages of 4
// KiB, far more than the second-level TLB holds, so page walks stall the
// packing and the write-back of C; on 2 MiB pages the same operands take 24
// entries. numpy asks for huge pages for its arrays of 4 MiB or more; Go's
// heap does not (THP is often in "madvise" mode, where only memory given
// MADV_HUGEPAGE gets huge pages).
//
// How: Float32s makes the slice with make and, when it is at least
// MinBytes, gives the 2 MiB-aligned part of it MADV_HUGEPAGE. The advice
// takes effect at first touch, and Go does not touch a large allocation
// that comes fresh from the OS (it is known to be zero), so a fresh tensor
// faults in huge pages. The advice stays on the address range: when the
// collector frees the buffer and the heap hands the range out again
// (zeroing it, or after returning it to the OS), the new owner gets huge
// pages too (checked through /proc/self/smaps: a 16 MiB tensor, freed,
// collected and allocated again, had 14-16 MiB of AnonHugePages, with or
// without debug.FreeOSMemory between). Memory that small objects used
// before with 4 KiB pages keeps them until the kernel's khugepaged
// collapses it. Only whole 2 MiB pages inside the slice are advised, never
// memory of neighbouring objects.
//
// The advice is only advice: errors from madvise are ignored, and on other
// systems Float32s is plain make. YAK_HUGEPAGES=off (or 0, false, no)
// turns it off at start-up.
package hugepage
