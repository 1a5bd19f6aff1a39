using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SgPay
{
    /// <summary>
    /// On Linux, loads <c>runtimes/linux-x64/native/libsgpay.so</c> from the folder of
    /// SgPay.dll or of the application, the layout of a published .NET application and of the
    /// NuGet package, which Mono's own search does not cover.
    /// </summary>
    /// <remarks>
    /// The library is opened by full path with <c>RTLD_GLOBAL</c>; its SONAME is
    /// <c>libsgpay.so</c>, so the runtime's later <c>dlopen("libsgpay.so")</c> for
    /// <c>DllImport("sgpay")</c> gets the library already loaded. When no such file exists,
    /// nothing is loaded and the runtime's search (beside SgPay.dll, <c>LD_LIBRARY_PATH</c>) applies.
    /// </remarks>
    internal static class UnixNativePreload
    {
        private const int RtldNow = 0x002;
        private const int RtldGlobal = 0x100;

        /// <summary>Loads the first <c>runtimes/&lt;rid&gt;/native/libsgpay.so</c> found under <paramref name="folders"/>.</summary>
        internal static void FromRuntimesFolder(params string[] folders)
        {
            string rid = RuntimeIdentifier();
            if (rid == null)
            {
                return;
            }
            foreach (string folder in folders)
            {
                if (string.IsNullOrEmpty(folder))
                {
                    continue;
                }
                string candidate = Path.Combine(folder, "runtimes", rid, "native", "libsgpay.so");
                if (File.Exists(candidate) && Open(candidate))
                {
                    return;
                }
            }
        }

        /// <summary>The package's runtime identifier for this process, or null when none is shipped.</summary>
        private static string RuntimeIdentifier()
        {
            bool linux = Environment.OSVersion.Platform == PlatformID.Unix && Directory.Exists("/proc");
            return linux && IntPtr.Size == 8 ? "linux-x64" : null;
        }

        private static bool Open(string path)
        {
            try
            {
                return dlopen(path, RtldNow | RtldGlobal) != IntPtr.Zero;
            }
            catch (DllNotFoundException)
            {
                return false;
            }
        }

        [DllImport("libdl.so.2")]
        private static extern IntPtr dlopen(string path, int flags);
    }
}
