/* Test infrastructure for tools/windows-check; never shipped, not part of the crate.
 *
 * Rust's std (and getrandom) take random bytes from ProcessPrng in bcryptprimitives.dll, which
 * every Windows 10/11 has but Wine 8.0 does not: under Wine every Rust program stops at start
 * with exit code 53 (DLL not found). This stand-in, put in the test Wine prefix's system32,
 * answers from advapi32's RtlGenRandom (SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        /* RtlGenRandom takes a 32-bit length: a larger request is served in pieces. */
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
