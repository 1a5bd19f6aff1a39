using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SgPay
{
    /// <summary>
    /// Makes sure the native library is loaded and speaks <see cref="Native.AbiVersion"/>
    /// before the first real call.
    /// </summary>
    /// <remarks>
    /// On Windows, the first of <see cref="CandidatePaths"/> that exists (<c>x64\sgpay.dll</c>
    /// or <c>x86\sgpay.dll</c>, then <c>sgpay.dll</c>, then the NuGet layout's
    /// <c>runtimes\win-x64\native\sgpay.dll</c> or <c>runtimes\win-x86\native\sgpay.dll</c>)
    /// is loaded from the folder of this assembly first, because an ERP plugin lives outside the
    /// application folder that the normal DLL search covers; once loaded, <c>DllImport("sgpay")</c>
    /// binds to it. Elsewhere the runtime's own search applies: Mono and .NET look for
    /// <c>libsgpay.so</c> (<c>libsgpay.dylib</c> on macOS) beside the assembly and on the
    /// dynamic loader path (<c>LD_LIBRARY_PATH</c>); .NET also in the NuGet layout's
    /// <c>runtimes/linux-x64/native/</c>, which <see cref="LinuxNativePreload"/> loads first
    /// on Linux so that Mono finds it too.
    /// </remarks>
    internal static class NativeLibraryLoader
    {
        private const uint LoadWithAlteredSearchPath = 0x00000008;

        private static readonly object Gate = new object();
        private static volatile bool loaded;
        private static bool preloaded;

        /// <summary>Loads and checks the library once; throws <see cref="SgPayNativeLibraryException"/>.</summary>
        internal static void EnsureLoaded()
        {
            if (loaded)
            {
                return;
            }
            lock (Gate)
            {
                if (loaded)
                {
                    return;
                }
                Preload();
                CheckAbiVersion();
                loaded = true;
            }
        }

        /// <summary>
        /// Loads the library from the folders a package or a plugin puts it in, once; never
        /// throws (a library still missing is reported by <see cref="EnsureLoaded"/>). Mono binds
        /// a P/Invoke when it compiles the method that calls it, so no method both loads and calls
        /// the library: <see cref="SgPayClient"/> runs this from its static constructor, and static
        /// entry points call the library from separate, non-inlined methods.
        /// </summary>
        internal static void Preload()
        {
            lock (Gate)
            {
                if (preloaded)
                {
                    return;
                }
                preloaded = true;
                NativePlatform platform = CurrentPlatform();
                if (platform == NativePlatform.Windows)
                {
                    PreloadBesideAssembly();
                }
                else if (platform == NativePlatform.Linux)
                {
                    LinuxNativePreload.FromFolders(AssemblyFolder(), AppDomain.CurrentDomain.BaseDirectory);
                }
            }
        }

        private static void CheckAbiVersion()
        {
            uint version;
            try
            {
                version = Native.sgpay_abi_version();
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                throw new SgPayNativeLibraryException(
                    "The native library '" + Native.LibraryName + "' could not be loaded (" + e.Message + "). "
                    + "Put sgpay.dll in an x64 or x86 folder beside SgPay.dll on Windows, "
                    + "or libsgpay.so beside SgPay.dll or on LD_LIBRARY_PATH on Linux. Looked for: "
                    + string.Join(", ", CandidatePaths(Environment.Is64BitProcess, AssemblyFolder() ?? ".", CurrentPlatform()))
                    + ".", e);
            }
            if (version != Native.AbiVersion)
            {
                throw new SgPayNativeLibraryException(
                    "The native library '" + Native.LibraryName + "' has ABI version " + version
                    + " but this SgPay.dll needs version " + Native.AbiVersion
                    + ". Ship the native library that was built with this binding.", null);
            }
        }

        /// <summary>
        /// Where the native library of a process is looked for, in order: a pure function of the
        /// process bitness, the folder of SgPay.dll and the operating system, with that system's
        /// path separator. Windows: <c>x64\</c> or <c>x86\</c> beside SgPay.dll, beside it, then
        /// <c>runtimes\win-x64\native\</c> or <c>runtimes\win-x86\native\</c>. Linux: beside
        /// it, then (64-bit) <c>runtimes/linux-x64/native/</c>. Elsewhere: none.
        /// </summary>
        internal static string[] CandidatePaths(bool is64BitProcess, string baseDirectory, NativePlatform platform)
        {
            string architecture = is64BitProcess ? "x64" : "x86";
            if (platform == NativePlatform.Windows)
            {
                return new[]
                {
                    JoinPath('\\', baseDirectory, architecture, "sgpay.dll"),
                    JoinPath('\\', baseDirectory, "sgpay.dll"),
                    JoinPath('\\', baseDirectory, "runtimes", "win-" + architecture, "native", "sgpay.dll"),
                };
            }
            if (platform == NativePlatform.Linux && is64BitProcess)
            {
                return new[]
                {
                    JoinPath('/', baseDirectory, "libsgpay.so"),
                    JoinPath('/', baseDirectory, "runtimes", "linux-x64", "native", "libsgpay.so"),
                };
            }
            return platform == NativePlatform.Linux
                ? new[] { JoinPath('/', baseDirectory, "libsgpay.so") }
                : new string[0];
        }

        /// <summary>The operating system this process runs on, as far as the loader cares.</summary>
        internal static NativePlatform CurrentPlatform()
        {
            if (Environment.OSVersion.Platform == PlatformID.Win32NT)
            {
                return NativePlatform.Windows;
            }
            bool linux = Environment.OSVersion.Platform == PlatformID.Unix && Directory.Exists("/proc/self");
            return linux ? NativePlatform.Linux : NativePlatform.Other;
        }

        private static string JoinPath(char separator, string first, params string[] rest)
        {
            string path = first.TrimEnd('/', separator);
            foreach (string part in rest)
            {
                path += separator + part;
            }
            return path;
        }

        private static void PreloadBesideAssembly()
        {
            string folder = AssemblyFolder();
            if (folder == null)
            {
                return;
            }
            foreach (string candidate in CandidatePaths(Environment.Is64BitProcess, folder, NativePlatform.Windows))
            {
                if (File.Exists(candidate) && LoadLibraryExW(candidate, IntPtr.Zero, LoadWithAlteredSearchPath) != IntPtr.Zero)
                {
                    return;
                }
            }
        }

        /// <summary>
        /// The folder SgPay.dll was loaded from. <see cref="Assembly.CodeBase"/> is preferred
        /// because hosts that shadow-copy plugins report the copy's folder in
        /// <see cref="Assembly.Location"/>, where the native files were not copied.
        /// </summary>
        internal static string AssemblyFolder()
        {
            Assembly assembly = typeof(NativeLibraryLoader).Assembly;
            try
            {
                Uri codeBase;
                if (Uri.TryCreate(assembly.CodeBase, UriKind.Absolute, out codeBase) && codeBase.IsFile)
                {
                    return Path.GetDirectoryName(codeBase.LocalPath);
                }
            }
            catch (NotSupportedException)
            {
                // Single-file and in-memory hosts have no code base; Location is the fallback.
            }
            string location = assembly.Location;
            return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
        }

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryExW(string path, IntPtr reserved, uint flags);
    }

    /// <summary>The operating systems <see cref="NativeLibraryLoader.CandidatePaths"/> knows.</summary>
    internal enum NativePlatform
    {
        /// <summary>Windows: sgpay.dll, backslash paths.</summary>
        Windows,

        /// <summary>Linux: libsgpay.so, slash paths.</summary>
        Linux,

        /// <summary>Anything else: the runtime's own search only.</summary>
        Other,
    }
}
