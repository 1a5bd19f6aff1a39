using System;
using System.IO;

namespace SgPay.Tests
{
    /// <summary>Locates the repository (for the key fixtures and the sandbox binary).</summary>
    internal static class Paths
    {
        private static readonly Lazy<string> Root = new Lazy<string>(FindRepoRoot);

        /// <summary>The repository root: the nearest parent of the test assembly holding tests/fixtures.</summary>
        internal static string RepoRoot
        {
            get { return Root.Value; }
        }

        /// <summary>A file of tests/fixtures.</summary>
        internal static string Fixture(string name)
        {
            return Path.Combine(Path.Combine(Path.Combine(RepoRoot, "tests"), "fixtures"), name);
        }

        private static string FindRepoRoot()
        {
            string overridden = Environment.GetEnvironmentVariable("SGPAY_REPO_ROOT");
            if (!string.IsNullOrEmpty(overridden))
            {
                return Path.GetFullPath(overridden);
            }
            string start = Path.GetDirectoryName(typeof(Paths).Assembly.Location);
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Path.Combine("tests", Path.Combine("fixtures", "partner_pub.pem")))))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("No tests/fixtures above " + start + "; set SGPAY_REPO_ROOT.");
        }
    }
}
