/* TEST ONLY, never shipped: Debian 12's Wine 8 has no bcryptprimitives.dll, whose
 * ProcessPrng Rust's standard library calls at start on Windows. This DLL, placed beside
 * a test .exe, supplies it by forwarding to advapi32's SystemFunction036 (RtlGenRandom),
 * which Wine has. Windows 10/11 have the real one. Built by scripts/test-windows.sh. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
