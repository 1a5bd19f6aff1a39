/* Prints the SID of the user running it and the DACL of a file, both in SDDL, one per line:
 *   user S-1-5-21-...
 *   dacl D:P(A;;FA;;;S-1-5-21-...)
 * tools/windows/test-cli runs it under Wine on the key that `sgpay.exe keygen` wrote.
 * Usage: file_dacl.exe FILE   (exit 0, or 1 with the failing call on stderr) */
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>

static int failed(const char *call, DWORD error) {
    fprintf(stderr, "file_dacl: %s failed (error %lu)\n", call, (unsigned long)error);
    return 1;
}

/* The SID of this process's user as a string (LocalFree it), or NULL. */
static char *user_sid(void) {
    HANDLE token;
    DWORD size = 0;
    TOKEN_USER *user;
    char *sid = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    GetTokenInformation(token, TokenUser, NULL, 0, &size);
    user = malloc(size);
    if (user && GetTokenInformation(token, TokenUser, user, size, &size))
        ConvertSidToStringSidA(user->User.Sid, &sid);
    free(user);
    CloseHandle(token);
    return sid;
}

int main(int argc, char **argv) {
    PSECURITY_DESCRIPTOR descriptor = NULL;
    PACL dacl = NULL;
    char *sid, *sddl = NULL;
    DWORD status;
    if (argc != 2) {
        fprintf(stderr, "usage: file_dacl FILE\n");
        return 2;
    }
    sid = user_sid();
    if (!sid)
        return failed("reading the user's SID", GetLastError());
    status = GetNamedSecurityInfoA(argv[1], SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL,
                                   NULL, &dacl, NULL, &descriptor);
    if (status != ERROR_SUCCESS)
        return failed("GetNamedSecurityInfo", status);
    if (!ConvertSecurityDescriptorToStringSecurityDescriptorA(
            descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &sddl, NULL))
        return failed("ConvertSecurityDescriptorToStringSecurityDescriptor", GetLastError());
    printf("user %s\ndacl %s\n", sid, sddl);
    LocalFree(sddl);
    LocalFree(descriptor);
    LocalFree(sid);
    return 0;
}
