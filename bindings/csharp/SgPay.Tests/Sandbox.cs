using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;

namespace SgPay.Tests
{
    /// <summary>
    /// The sgpay-sandbox process shared by the whole suite, and its control endpoints.
    /// Started once by <see cref="SandboxSetup"/>; listens on 127.0.0.1 on a port it picks.
    /// </summary>
    internal static class Sandbox
    {
        private static Process process;
        private static Thread drain;

        /// <summary>The root URL, e.g. http://127.0.0.1:40123.</summary>
        internal static string BaseUrl { get; private set; }

        internal static void Start()
        {
            var start = new ProcessStartInfo(SandboxBinary())
            {
                Arguments = "--listen 127.0.0.1:0 --partner-public-key \"" + Paths.Fixture("partner_pub.pem")
                    + "\" --processing-delay-ms 20",
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
            };
            process = Process.Start(start);
            string firstLine = ReadFirstLine(process, TimeSpan.FromSeconds(30));
            const string Prefix = "sgpay-sandbox listening on ";
            if (firstLine == null || !firstLine.StartsWith(Prefix, StringComparison.Ordinal))
            {
                Stop();
                throw new InvalidOperationException("The sandbox did not start; first line: " + firstLine);
            }
            BaseUrl = firstLine.Substring(Prefix.Length).Trim();
            drain = new Thread(() => process.StandardOutput.ReadToEnd()) { IsBackground = true };
            drain.Start();
        }

        internal static void Stop()
        {
            if (process == null)
            {
                return;
            }
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
                process.WaitForExit();
            }
            finally
            {
                process.Dispose();
                process = null;
            }
        }

        /// <summary>Queues a fault (<c>POST /_sandbox/faults</c>).</summary>
        internal static void AddFault(string faultJson)
        {
            Post("/_sandbox/faults", faultJson);
        }

        /// <summary>The counters of <c>GET /_sandbox/stats</c>.</summary>
        internal static string Stats()
        {
            using (var web = new WebClient())
            {
                web.Encoding = Encoding.UTF8;
                return web.DownloadString(BaseUrl + "/_sandbox/stats");
            }
        }

        /// <summary>One counter of the stats document, e.g. <c>Counter("replays")</c>.</summary>
        internal static long Counter(string name)
        {
            object value = Json.Member(Stats(), name);
            return value == null ? 0 : (long)value;
        }

        /// <summary>How many requests of one operation the sandbox has seen.</summary>
        internal static long Requests(string operation)
        {
            object value = Json.Member(Stats(), "requests", operation);
            return value == null ? 0 : (long)value;
        }

        private static void Post(string path, string json)
        {
            using (var web = new WebClient())
            {
                web.Encoding = Encoding.UTF8;
                web.Headers[HttpRequestHeader.ContentType] = "application/json";
                web.UploadString(BaseUrl + path, json);
            }
        }

        private static string ReadFirstLine(Process started, TimeSpan timeout)
        {
            string line = null;
            var reader = new Thread(() => line = started.StandardOutput.ReadLine()) { IsBackground = true };
            reader.Start();
            if (!reader.Join(timeout))
            {
                started.Kill();
                reader.Join();
            }
            return line;
        }

        private static string SandboxBinary()
        {
            string overridden = Environment.GetEnvironmentVariable("SGPAY_SANDBOX");
            if (!string.IsNullOrEmpty(overridden))
            {
                return overridden;
            }
            string path = Path.Combine(Paths.RepoRoot, Path.Combine("target", Path.Combine("release", "sgpay-sandbox")));
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("Build the sandbox first: cargo build --release -p sgpay-sandbox", path);
            }
            return path;
        }
    }
}
