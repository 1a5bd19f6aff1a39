using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>
    /// Where the loader looks for the native library: a pure function of process bitness, the
    /// folder of SgPay.dll and the operating system, so the Windows rules are checked here under
    /// Mono on Linux (they have not run on .NET Framework on Windows in this build).
    /// </summary>
    [TestFixture]
    public class NativeLibraryLoaderTests
    {
        /// <summary>A 64-bit Windows process: x64\ first, then beside, then the NuGet layout.</summary>
        [Test]
        public void Windows64BitLooksInX64ThenBesideThenNuGetLayout()
        {
            string[] paths = NativeLibraryLoader.CandidatePaths(true, @"C:\Program Files\Till\plugins", NativePlatform.Windows);

            Assert.AreEqual(
                new[]
                {
                    @"C:\Program Files\Till\plugins\x64\sgpay.dll",
                    @"C:\Program Files\Till\plugins\sgpay.dll",
                    @"C:\Program Files\Till\plugins\runtimes\win-x64\native\sgpay.dll",
                },
                paths);
        }

        /// <summary>A 32-bit process (also a 32-bit one on 64-bit Windows) never picks the x64 DLL.</summary>
        [Test]
        public void Windows32BitLooksInX86ThenBesideThenNuGetLayout()
        {
            string[] paths = NativeLibraryLoader.CandidatePaths(false, @"D:\erp\bin\", NativePlatform.Windows);

            Assert.AreEqual(
                new[]
                {
                    @"D:\erp\bin\x86\sgpay.dll",
                    @"D:\erp\bin\sgpay.dll",
                    @"D:\erp\bin\runtimes\win-x86\native\sgpay.dll",
                },
                paths);
        }

        /// <summary>A UNC share (plugins loaded from a server) keeps its leading backslashes.</summary>
        [Test]
        public void WindowsUncFolderIsKept()
        {
            string[] paths = NativeLibraryLoader.CandidatePaths(false, @"\\server\share\plugins", NativePlatform.Windows);

            Assert.AreEqual(@"\\server\share\plugins\x86\sgpay.dll", paths[0]);
        }

        /// <summary>Linux x64: beside SgPay.dll, then the NuGet layout's runtimes/linux-x64/native/.</summary>
        [Test]
        public void Linux64BitLooksBesideThenNuGetLayout()
        {
            string[] paths = NativeLibraryLoader.CandidatePaths(true, "/opt/erp/lib/", NativePlatform.Linux);

            Assert.AreEqual(
                new[] { "/opt/erp/lib/libsgpay.so", "/opt/erp/lib/runtimes/linux-x64/native/libsgpay.so" },
                paths);
        }

        /// <summary>No linux-x86 package exists: a 32-bit Linux process looks only beside.</summary>
        [Test]
        public void Linux32BitLooksOnlyBeside()
        {
            string[] paths = NativeLibraryLoader.CandidatePaths(false, "/opt/erp/lib", NativePlatform.Linux);

            Assert.AreEqual(new[] { "/opt/erp/lib/libsgpay.so" }, paths);
        }

        /// <summary>Other systems rely on the runtime's own search.</summary>
        [Test]
        public void OtherSystemsHaveNoCandidates()
        {
            Assert.IsEmpty(NativeLibraryLoader.CandidatePaths(true, "/Applications/Erp", NativePlatform.Other));
        }

        /// <summary>The platform detected here, where the tests run under Mono on Linux.</summary>
        [Test]
        public void ThisMachineIsLinux()
        {
            Assert.AreEqual(NativePlatform.Linux, NativeLibraryLoader.CurrentPlatform());
        }
    }
}
