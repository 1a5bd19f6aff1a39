// Run by tools/dist/test in a published-app layout: the first use of SgPay is the static
// SgPayClient.NativeVersion, so the native library must be found before any client exists.
// Usage: mono NativeVersionFirst.exe EXPECTED_VERSION; exit code 0 when the versions agree.
using System;

internal static class NativeVersionFirst
{
    private static int Main(string[] args)
    {
        string version = SgPay.SgPayClient.NativeVersion;
        Console.WriteLine("SgPayClient.NativeVersion: " + version);
        return version == args[0] ? 0 : 1;
    }
}
