using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace SgPay.Testing
{
    /// <summary>
    /// A local sandbox of the Smart Glocal API for tests: runs the sandbox binary that ships
    /// with the SgPay package on 127.0.0.1 (a port the system picks), gives clients configured
    /// for it, injects faults, reads its counters, moves its clock and collects the webhooks it
    /// sends. <see cref="Dispose"/> stops the process and the webhook receiver.
    /// </summary>
    /// <remarks>
    /// Works with any test framework: start one per test, or one per fixture or assembly
    /// (NUnit <c>[OneTimeSetUp]</c>, xunit <c>IClassFixture</c>) and call <see cref="Reset"/>
    /// between tests. Requests are HMAC-signed with a secret made at start unless
    /// <see cref="SandboxOptions.PartnerPublicKeyPath"/> asks for RSA. Test cards:
    /// <c>4242424242424242</c> succeeds, <c>4000000000000002</c> is declined (docs/sandbox.md).
    /// The binary is looked for as <see cref="FindBinary"/> says.
    /// </remarks>
    /// <example>
    /// <code>
    /// using (var sandbox = new Sandbox())
    /// using (var client = sandbox.Client())
    /// {
    ///     PayResult paid = client.Pay(requestJson);
    ///     Assert.AreEqual(Outcome.Succeeded, paid.Outcome);
    ///     Assert.AreEqual(1, sandbox.Stats().PaymentsCreated);
    /// }
    /// </code>
    /// </example>
    public sealed class Sandbox : IDisposable
    {
        private const string ReadyPrefix = "sgpay-sandbox listening on ";
        private static readonly string[] SignerKeys = { "private_key_pem", "private_key_path", "hmac_secret" };
        private static readonly string[] WebhookKeys = { "webhook_public_key_pem", "webhook_public_key_path", "webhook_hmac_secret" };

        private readonly SandboxOptions options;
        private readonly string hmacSecret;
        private readonly WebhookReceiver receiver;
        private readonly List<string> errorLines = new List<string>();
        private readonly EventHandler exitHandler;
        private Process process;
        private string temporaryCopy;
        private int disposed;

        /// <summary>Starts a sandbox with the default <see cref="SandboxOptions"/>.</summary>
        /// <exception cref="SandboxNotFoundException">No sandbox binary was found; the message lists where it was looked for.</exception>
        /// <exception cref="InvalidOperationException">The sandbox did not start.</exception>
        public Sandbox()
            : this(null)
        {
        }

        /// <summary>Starts a sandbox.</summary>
        /// <param name="options">How to start it, or null for the defaults.</param>
        /// <exception cref="SandboxNotFoundException">No sandbox binary was found; the message lists where it was looked for.</exception>
        /// <exception cref="ArgumentException">Only one of the two partner key paths was given.</exception>
        /// <exception cref="InvalidOperationException">The sandbox did not start.</exception>
        public Sandbox(SandboxOptions options)
        {
            this.options = options ?? new SandboxOptions();
            if ((this.options.PartnerPublicKeyPath == null) != (this.options.PartnerPrivateKeyPath == null))
            {
                throw new ArgumentException("Give both PartnerPublicKeyPath and PartnerPrivateKeyPath, or neither.", "options");
            }
            BinaryPath = this.options.BinaryPath ?? FindBinary();
            if (this.options.PartnerPublicKeyPath == null)
            {
                hmacSecret = RandomSecret();
            }
            try
            {
                if (this.options.ReceiveWebhooks)
                {
                    receiver = new WebhookReceiver();
                }
                Url = Start();
                exitHandler = (sender, e) => Kill();
                AppDomain.CurrentDomain.ProcessExit += exitHandler;
                WebhookPublicKeyPem = Get("/_sandbox/webhook_public_key");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>The sandbox's root URL, e.g. <c>http://127.0.0.1:40123</c>: a client's <c>base_url</c>.</summary>
        public string Url { get; private set; }

        /// <summary>The project the sandbox accepts.</summary>
        public string Project
        {
            get { return options.Project; }
        }

        /// <summary>The binary this sandbox runs.</summary>
        public string BinaryPath { get; private set; }

        /// <summary>The public key (PEM) that verifies the sandbox's webhooks; the clients of
        /// <see cref="Client(string)"/> have it as <c>webhook_public_key_pem</c>.</summary>
        public string WebhookPublicKeyPem { get; private set; }

        /// <summary>Where the sandbox posts its webhooks (the kit's receiver), or null when
        /// <see cref="SandboxOptions.ReceiveWebhooks"/> is false.</summary>
        public string WebhookUrl
        {
            get { return receiver == null ? null : receiver.Url; }
        }

        /// <summary>The webhooks received so far, oldest first (a snapshot). Delivery is
        /// asynchronous: <see cref="WaitForWebhook"/> waits for one.</summary>
        public IReadOnlyList<SandboxWebhook> Webhooks
        {
            get
            {
                return new ReadOnlyCollection<SandboxWebhook>(receiver == null ? new List<SandboxWebhook>() : receiver.Received());
            }
        }

        /// <summary>
        /// Finds the sandbox binary (<c>sgpay-sandbox</c>, else the <c>sgpay</c> command run as
        /// <c>sgpay sandbox</c>; <c>.exe</c> on Windows): in the package first
        /// (<c>tools/&lt;rid&gt;/</c> or <c>runtimes/&lt;rid&gt;/native/</c> beside SgPay.dll, as
        /// a test project's output has it, or in the package folder two levels above it), then
        /// beside SgPay.dll and the native library and in the application folder, then the
        /// <c>SGPAY_SANDBOX</c> environment variable (the binary's path), then <c>PATH</c>.
        /// </summary>
        /// <returns>The full path of the binary.</returns>
        /// <exception cref="SandboxNotFoundException">None was found; the message lists every place looked at.</exception>
        public static string FindBinary()
        {
            return SandboxBinary.Find();
        }

        /// <summary>
        /// The configuration of a client of this sandbox: <c>base_url</c>, <c>project</c>, the
        /// signing key and <c>webhook_public_key_pem</c>, with the members of
        /// <paramref name="extraConfigJson"/> merged in. An extra member replaces the one of
        /// the same name; an extra signing key (<c>private_key_pem</c>, <c>private_key_path</c>,
        /// <c>hmac_secret</c>) or webhook key replaces the kit's; a member set to <c>null</c> is
        /// removed.
        /// </summary>
        /// <param name="extraConfigJson">A JSON object, e.g. <c>{"journal_path":"sales.db","max_attempts":1}</c>, or null.</param>
        /// <returns>The configuration JSON.</returns>
        /// <exception cref="ArgumentException"><paramref name="extraConfigJson"/> is not a JSON object.</exception>
        public string ConfigJson(string extraConfigJson = null)
        {
            var config = new Dictionary<string, object>(StringComparer.Ordinal);
            config["base_url"] = Url;
            config["project"] = options.Project;
            if (hmacSecret != null)
            {
                config["hmac_secret"] = hmacSecret;
            }
            else
            {
                config["private_key_path"] = options.PartnerPrivateKeyPath;
            }
            if (WebhookPublicKeyPem != null)
            {
                config["webhook_public_key_pem"] = WebhookPublicKeyPem;
            }
            if (!string.IsNullOrEmpty(extraConfigJson))
            {
                Dictionary<string, object> extra;
                try
                {
                    extra = JsonReader.Parse(extraConfigJson) as Dictionary<string, object>;
                }
                catch (FormatException e)
                {
                    throw new ArgumentException("extraConfigJson is not valid JSON: " + e.Message, "extraConfigJson");
                }
                if (extra == null)
                {
                    throw new ArgumentException("extraConfigJson must be a JSON object.", "extraConfigJson");
                }
                foreach (KeyValuePair<string, object> member in extra)
                {
                    RemoveGroupOf(config, member.Key, SignerKeys);
                    RemoveGroupOf(config, member.Key, WebhookKeys);
                    if (member.Value == null)
                    {
                        config.Remove(member.Key);
                    }
                    else
                    {
                        config[member.Key] = member.Value;
                    }
                }
            }
            return JsonWriter.Write(config);
        }

        /// <summary>A client configured for this sandbox (see <see cref="ConfigJson"/>); dispose it.</summary>
        /// <param name="extraConfigJson">Configuration members to merge in, e.g. <c>{"journal_path":"sales.db"}</c>, or null.</param>
        /// <returns>The client.</returns>
        /// <exception cref="ArgumentException"><paramref name="extraConfigJson"/> is not a JSON object.</exception>
        /// <exception cref="SgPayConfigException">The merged configuration is invalid.</exception>
        public SgPayClient Client(string extraConfigJson = null)
        {
            return new SgPayClient(ConfigJson(extraConfigJson));
        }

        /// <summary>Queues a fault for the next request(s) of an operation.</summary>
        /// <param name="operation">The method path (<c>session/confirm</c>), or <c>*</c> for any.</param>
        /// <param name="kind">What goes wrong.</param>
        /// <param name="count">How many requests it applies to (1–10000).</param>
        /// <param name="delayMs">For <see cref="SandboxFaultKind.Delay"/>: how long, in milliseconds.</param>
        /// <param name="httpStatus">For <see cref="SandboxFaultKind.Status"/>: the HTTP status answered.</param>
        /// <exception cref="InvalidOperationException">The sandbox refused the fault.</exception>
        public void Fault(string operation, SandboxFaultKind kind, int count = 1, int? delayMs = null, int? httpStatus = null)
        {
            if (operation == null)
            {
                throw new ArgumentNullException("operation");
            }
            string json = new JsonWriter()
                .Add("operation", operation)
                .Add("kind", KindName(kind))
                .Add("count", count)
                .Add("delay_ms", delayMs)
                .Add("http_status", httpStatus)
                .ToJsonOrNull();
            Fault(json);
        }

        /// <summary>Queues a fault written as the sandbox's JSON (docs/sandbox.md, "Faults"), e.g.
        /// <c>{"operation":"session/status","kind":"status","http_status":503,"retry_after":1}</c>.</summary>
        /// <param name="faultJson">The fault document.</param>
        /// <exception cref="InvalidOperationException">The sandbox refused the fault.</exception>
        public void Fault(string faultJson)
        {
            if (faultJson == null)
            {
                throw new ArgumentNullException("faultJson");
            }
            Send("POST", "/_sandbox/faults", faultJson);
        }

        /// <summary>Drops every fault still queued.</summary>
        public void ClearFaults()
        {
            Send("DELETE", "/_sandbox/faults", null);
        }

        /// <summary>The sandbox's counters now.</summary>
        /// <returns>The counters.</returns>
        public SandboxStats Stats()
        {
            return new SandboxStats(Get("/_sandbox/stats"));
        }

        /// <summary>Moves the sandbox's clock forward and ends what has run out (expired
        /// sessions, holds past their limit, ...).</summary>
        /// <param name="by">How far (positive; at most ten years).</param>
        /// <returns>The clock afterwards, with <see cref="SandboxClock.Expired"/>.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
        public SandboxClock AdvanceClock(TimeSpan by)
        {
            if (by < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException("by", by, "the clock only moves forward");
            }
            return new SandboxClock(Send("POST", "/_sandbox/clock", new JsonWriter().Add("advance_ms", (long)by.TotalMilliseconds).ToJsonOrNull()));
        }

        /// <summary>The sandbox's clock now.</summary>
        /// <returns>The clock.</returns>
        public SandboxClock Clock()
        {
            return new SandboxClock(Get("/_sandbox/clock"));
        }

        /// <summary>Forgets sessions, tokens, faults, idempotency records, pending webhooks and
        /// counters, puts the clock back to real time, and clears <see cref="Webhooks"/>.</summary>
        public void Reset()
        {
            Send("POST", "/_sandbox/reset", "{}");
            if (receiver != null)
            {
                receiver.Clear();
            }
        }

        /// <summary>Waits for a webhook (delivery is asynchronous).</summary>
        /// <param name="match">Which webhook, e.g. <c>w =&gt; w.Type == "payment_finished" &amp;&amp; w.SessionId == id</c>; null for any.</param>
        /// <param name="timeout">How long to wait; null for 10 seconds.</param>
        /// <returns>The first received webhook that matches.</returns>
        /// <exception cref="TimeoutException">None came in time.</exception>
        /// <exception cref="InvalidOperationException">The sandbox does not receive webhooks (<see cref="SandboxOptions.ReceiveWebhooks"/>).</exception>
        public SandboxWebhook WaitForWebhook(Func<SandboxWebhook, bool> match = null, TimeSpan? timeout = null)
        {
            if (receiver == null)
            {
                throw new InvalidOperationException("This sandbox was started with ReceiveWebhooks = false.");
            }
            TimeSpan wait = timeout ?? TimeSpan.FromSeconds(10);
            SandboxWebhook found = receiver.WaitFor(match ?? (_ => true), wait);
            if (found == null)
            {
                throw new TimeoutException("No matching webhook within " + wait.TotalSeconds.ToString(CultureInfo.InvariantCulture)
                    + " s; received: " + string.Join(", ", receiver.Received()));
            }
            return found;
        }

        /// <summary>Stops the sandbox process and the webhook receiver. Safe to call more than once.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }
            if (exitHandler != null)
            {
                AppDomain.CurrentDomain.ProcessExit -= exitHandler;
            }
            Kill();
            if (receiver != null)
            {
                receiver.Dispose();
            }
            if (temporaryCopy != null)
            {
                try
                {
                    Directory.Delete(Path.GetDirectoryName(temporaryCopy), true);
                }
                catch (IOException)
                {
                    // Still in use on Windows for a moment; the temp folder is cleaned later.
                }
                catch (UnauthorizedAccessException)
                {
                    // As above.
                }
            }
        }

        /// <summary>The sandbox's URL and binary (never the signing secret).</summary>
        /// <returns>E.g. <c>Sandbox(http://127.0.0.1:40123)</c>.</returns>
        public override string ToString()
        {
            return "Sandbox(" + (Url ?? "not started") + ")";
        }

        private string Start()
        {
            try
            {
                return Launch(BinaryPath);
            }
            catch (Win32Exception) when (NativeLibraryLoader.CurrentPlatform() != NativePlatform.Windows)
            {
                // NuGet extracts packages without the executable bit: run a copy that has it.
                temporaryCopy = ExecutableCopy(BinaryPath);
                return Launch(temporaryCopy);
            }
        }

        private string Launch(string binary)
        {
            var arguments = new StringBuilder();
            if (SandboxBinary.IsCommandLineTool(binary))
            {
                arguments.Append("sandbox ");
            }
            arguments.Append("--listen 127.0.0.1:0 --project ").Append(Quote(options.Project));
            arguments.Append(" --processing-delay-ms ").Append(options.ProcessingDelayMs.ToString(CultureInfo.InvariantCulture));
            if (hmacSecret != null)
            {
                arguments.Append(" --hmac-secret ").Append(hmacSecret);
            }
            else
            {
                arguments.Append(" --partner-public-key ").Append(Quote(Path.GetFullPath(options.PartnerPublicKeyPath)));
            }
            if (receiver != null)
            {
                arguments.Append(" --webhook-url ").Append(receiver.Url);
            }
            var start = new ProcessStartInfo(binary, arguments.ToString())
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            process = Process.Start(start);
            process.ErrorDataReceived += (sender, e) =>
            {
                if (e.Data != null)
                {
                    lock (errorLines)
                    {
                        errorLines.Add(e.Data);
                        if (errorLines.Count > 20)
                        {
                            errorLines.RemoveAt(0);
                        }
                    }
                }
            };
            process.BeginErrorReadLine();
            string line = FirstLine(process, options.StartTimeout);
            if (line == null || !line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                Kill();
                string errors;
                lock (errorLines)
                {
                    errors = string.Join(" | ", errorLines);
                }
                if (hmacSecret != null)
                {
                    errors = errors.Replace(hmacSecret, "***");
                }
                throw new InvalidOperationException("The sandbox (" + binary + ") did not start within "
                    + options.StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s; first line: "
                    + (line ?? "none") + (errors.Length == 0 ? string.Empty : "; errors: " + errors));
            }
            Process started = process;
            var drain = new Thread(() =>
            {
                try
                {
                    started.StandardOutput.ReadToEnd();
                }
                catch (InvalidOperationException)
                {
                    // Disposed meanwhile.
                }
                catch (IOException)
                {
                    // As above.
                }
            }) { IsBackground = true, Name = "sgpay sandbox output" };
            drain.Start();
            return line.Substring(ReadyPrefix.Length).Trim().TrimEnd('/');
        }

        private static string FirstLine(Process started, TimeSpan timeout)
        {
            string line = null;
            var reader = new Thread(() =>
            {
                try
                {
                    line = started.StandardOutput.ReadLine();
                }
                catch (IOException)
                {
                    // The process is gone: no line.
                }
            }) { IsBackground = true };
            reader.Start();
            if (!reader.Join(timeout))
            {
                return null;
            }
            return line;
        }

        private void Kill()
        {
            Process running = process;
            if (running == null)
            {
                return;
            }
            try
            {
                if (!running.HasExited)
                {
                    running.Kill();
                }
                running.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
                // It had already exited.
            }
            catch (Win32Exception)
            {
                // It is exiting.
            }
        }

        private static string ExecutableCopy(string binary)
        {
            string folder = Path.Combine(Path.GetTempPath(), "sgpay-sandbox-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            string copy = Path.Combine(folder, Path.GetFileName(binary));
            File.Copy(binary, copy);
            using (var chmod = Process.Start(new ProcessStartInfo("chmod", "700 " + Quote(copy)) { UseShellExecute = false }))
            {
                chmod.WaitForExit();
            }
            return copy;
        }

        private static void RemoveGroupOf(Dictionary<string, object> config, string key, string[] group)
        {
            if (Array.IndexOf(group, key) >= 0)
            {
                foreach (string member in group)
                {
                    config.Remove(member);
                }
            }
        }

        private static string KindName(SandboxFaultKind kind)
        {
            switch (kind)
            {
                case SandboxFaultKind.Delay: return "delay";
                case SandboxFaultKind.Status: return "status";
                case SandboxFaultKind.MalformedJson: return "malformed_json";
                case SandboxFaultKind.DropBefore: return "drop_before";
                case SandboxFaultKind.DropAfter: return "drop_after";
                default: throw new ArgumentOutOfRangeException("kind", kind, "not a fault kind");
            }
        }

        private static string Quote(string argument)
        {
            return argument.IndexOfAny(new[] { ' ', '\t', '"' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
        }

        private static string RandomSecret()
        {
            var bytes = new byte[24];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }
            return BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
        }

        private string Get(string path)
        {
            return Send("GET", path, null);
        }

        private string Send(string method, string path, string json)
        {
            var request = (HttpWebRequest)WebRequest.Create(Url + path);
            request.Method = method;
            request.Proxy = null;
            request.Timeout = 30000;
            if (json != null)
            {
                byte[] body = Encoding.UTF8.GetBytes(json);
                request.ContentType = "application/json";
                request.ContentLength = body.Length;
                using (Stream stream = request.GetRequestStream())
                {
                    stream.Write(body, 0, body.Length);
                }
            }
            try
            {
                using (var response = (HttpWebResponse)request.GetResponse())
                using (var reader = new StreamReader(response.GetResponseStream(), Encoding.UTF8))
                {
                    return reader.ReadToEnd();
                }
            }
            catch (WebException e) when (e.Response != null)
            {
                string answer;
                using (var reader = new StreamReader(e.Response.GetResponseStream(), Encoding.UTF8))
                {
                    answer = reader.ReadToEnd();
                }
                throw new InvalidOperationException("The sandbox refused " + method + " " + path + ": "
                    + (int)((HttpWebResponse)e.Response).StatusCode + " " + answer, e);
            }
        }
    }
}
