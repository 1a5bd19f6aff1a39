using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace SgPay.Testing
{
    /// <summary>
    /// Finds the sandbox binary: in the package, then beside SgPay.dll and the native library,
    /// then through <c>SGPAY_SANDBOX</c>, then on <c>PATH</c>. <see cref="Candidates"/> is a
    /// pure function of its inputs so that the order is unit-tested.
    /// </summary>
    internal static class SandboxBinary
    {
        /// <summary>The environment variable naming the binary.</summary>
        internal const string EnvironmentVariable = "SGPAY_SANDBOX";

        /// <summary>
        /// Every file looked at, in order: in <c>tools/&lt;rid&gt;/</c> and
        /// <c>runtimes/&lt;rid&gt;/native/</c> beside SgPay.dll (the output of a test project)
        /// and two folders up (the package folder, SgPay.dll being in
        /// <c>lib/netstandard2.0/</c>); beside SgPay.dll (and in <c>x64</c>/<c>x86</c> on Windows)
        /// and in the application folder; <paramref name="environmentValue"/>; each folder of
        /// <paramref name="pathValue"/>. In each folder <c>sgpay-sandbox</c> comes before
        /// <c>sgpay</c> (<c>.exe</c> on Windows).
        /// </summary>
        internal static List<string> Candidates(string assemblyFolder, string appFolder, string rid, bool windows,
            string environmentValue, string pathValue)
        {
            var candidates = new List<string>();
            string architecture = rid.Substring(rid.LastIndexOf('-') + 1);
            var folders = new List<string>();
            if (!string.IsNullOrEmpty(assemblyFolder))
            {
                string package = Parent(Parent(assemblyFolder));
                folders.Add(Path.Combine(Path.Combine(assemblyFolder, "tools"), rid));
                folders.Add(Path.Combine(Path.Combine(Path.Combine(assemblyFolder, "runtimes"), rid), "native"));
                if (package != null)
                {
                    folders.Add(Path.Combine(Path.Combine(package, "tools"), rid));
                    folders.Add(Path.Combine(Path.Combine(Path.Combine(package, "runtimes"), rid), "native"));
                }
                folders.Add(assemblyFolder);
                if (windows)
                {
                    folders.Add(Path.Combine(assemblyFolder, architecture));
                }
            }
            if (!string.IsNullOrEmpty(appFolder) && !SameFolder(appFolder, assemblyFolder))
            {
                folders.Add(appFolder);
                folders.Add(Path.Combine(Path.Combine(appFolder, "tools"), rid));
            }
            foreach (string folder in folders)
            {
                AddNames(candidates, folder, windows);
            }
            if (!string.IsNullOrEmpty(environmentValue))
            {
                candidates.Add(environmentValue);
            }
            if (!string.IsNullOrEmpty(pathValue))
            {
                foreach (string folder in pathValue.Split(Path.PathSeparator))
                {
                    if (folder.Length > 0)
                    {
                        AddNames(candidates, folder, windows);
                    }
                }
            }
            return candidates;
        }

        /// <summary>The first candidate that exists; else throws <see cref="SandboxNotFoundException"/>
        /// listing every place looked at.</summary>
        internal static string Find(List<string> candidates, string environmentValue, string pathValue)
        {
            foreach (string candidate in candidates)
            {
                if (File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
            var searched = new List<string>(candidates);
            if (string.IsNullOrEmpty(environmentValue))
            {
                searched.Add(EnvironmentVariable + " (not set)");
            }
            if (string.IsNullOrEmpty(pathValue))
            {
                searched.Add("PATH (not set)");
            }
            throw new SandboxNotFoundException(searched);
        }

        /// <summary>Searches this process's folders and environment.</summary>
        internal static string Find()
        {
            string environmentValue = Environment.GetEnvironmentVariable(EnvironmentVariable);
            string pathValue = Environment.GetEnvironmentVariable("PATH");
            bool windows = NativeLibraryLoader.CurrentPlatform() == NativePlatform.Windows;
            List<string> candidates = Candidates(NativeLibraryLoader.AssemblyFolder(), AppDomain.CurrentDomain.BaseDirectory,
                CurrentRid(), windows, environmentValue, pathValue);
            return Find(candidates, environmentValue, pathValue);
        }

        /// <summary>Whether <paramref name="binary"/> is the <c>sgpay</c> command, run as <c>sgpay sandbox</c>.</summary>
        internal static bool IsCommandLineTool(string binary)
        {
            string name = Path.GetFileNameWithoutExtension(binary);
            return string.Equals(name, "sgpay", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The runtime identifier of the package folders: <c>linux-x64</c>, <c>win-x86</c>, ...</summary>
        internal static string CurrentRid()
        {
            string architecture = Environment.Is64BitProcess ? "x64" : "x86";
            switch (NativeLibraryLoader.CurrentPlatform())
            {
                case NativePlatform.Windows: return "win-" + architecture;
                case NativePlatform.Linux: return "linux-" + architecture;
                default: return "osx-" + architecture;
            }
        }

        private static void AddNames(List<string> candidates, string folder, bool windows)
        {
            string suffix = windows ? ".exe" : string.Empty;
            candidates.Add(Path.Combine(folder, "sgpay-sandbox" + suffix));
            candidates.Add(Path.Combine(folder, "sgpay" + suffix));
        }

        private static string Parent(string folder)
        {
            if (folder == null)
            {
                return null;
            }
            DirectoryInfo parent = new DirectoryInfo(folder).Parent;
            return parent == null ? null : parent.FullName;
        }

        private static bool SameFolder(string a, string b)
        {
            if (a == null || b == null)
            {
                return false;
            }
            char[] separators = { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };
            return string.Equals(Path.GetFullPath(a).TrimEnd(separators), Path.GetFullPath(b).TrimEnd(separators),
                StringComparison.OrdinalIgnoreCase);
        }
    }
}
