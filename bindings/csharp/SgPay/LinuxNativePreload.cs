using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SgPay
{
    /// <summary>
    /// On Linux, loads the first existing Linux candidate of
    /// <see cref="NativeLibraryLoader.CandidatePaths"/> (beside SgPay.dll, then
    /// <c>runtimes/linux-x64/native/libsgpay.so</c>) under the folder of SgPay.dll or of the
    /// application: the layout of the NuGet package and of a published .NET application, which
    /// Mono's own search does not cover.
    /// </summary>
    /// <remarks>
    /// The library is opened by full path with <c>RTLD_GLOBAL</c>; its SONAME is
    /// <c>libsgpay.so</c>, so the runtime's later <c>dlopen("libsgpay.so")</c> for
    /// <c>DllImport("sgpay")</c> gets the library already loaded. When no candidate exists,
    /// nothing is loaded and the runtime's search (<c>LD_LIBRARY_PATH</c>, ...) applies.
    /// </remarks>
    internal static class LinuxNativePreload
    {
        private const int RtldNow = 0x002;
        private const int RtldGlobal = 0x100;

        /// <summary>Loads the first candidate found under <paramref name="folders"/>, if any.</summary>
        internal static void FromFolders(params string[] folders)
        {
            foreach (string folder in folders)
            {
                if (string.IsNullOrEmpty(folder))
                {
                    continue;
                }
                foreach (string candidate in NativeLibraryLoader.CandidatePaths(Environment.Is64BitProcess, folder, NativePlatform.Linux))
                {
                    if (File.Exists(candidate) && Open(candidate))
                    {
                        return;
                    }
                }
            }
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
