using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using SgPay.Testing;

namespace SgPay.Tests
{
    /// <summary>The test kit, each test with a sandbox of its own (HMAC-signed, the defaults).</summary>
    [TestFixture]
    public class SandboxKitTests
    {
        private Sandbox sandbox;

        /// <summary>A fresh sandbox for each test.</summary>
        [SetUp]
        public void StartSandbox()
        {
            sandbox = new Sandbox();
        }

        /// <summary>Stops it.</summary>
        [TearDown]
        public void StopSandbox()
        {
            sandbox.Dispose();
        }

        /// <summary>A client of the kit pays; the stats count it; the signed webhooks arrive and verify.</summary>
        [Test]
        public void ClientPaysStatsCountAndWebhooksArrive()
        {
            using (SgPayClient client = sandbox.Client())
            {
                PayResult paid = client.Pay(Requests.InitPayment());

                Assert.AreEqual(Outcome.Succeeded, paid.Outcome);
                SandboxStats stats = sandbox.Stats();
                Assert.AreEqual(1, stats.PaymentsCreated);
                Assert.AreEqual(1, stats.Requests("session/confirm"));
                Assert.GreaterOrEqual(stats.TotalRequests, 4);
                SandboxWebhook finished = sandbox.WaitForWebhook(w => w.Type == "payment_finished" && w.SessionId == paid.SessionId);
                Assert.AreEqual("/webhooks", finished.Path);
                string verified = client.VerifyWebhook(finished.Body, finished.Signature);
                Assert.AreEqual(finished.Json, verified);
                Assert.That(sandbox.Webhooks.Any(w => w.Type == "ready_to_confirm"));
                Assert.Throws<SgPaySignatureException>(() => client.VerifyWebhook(finished.Body, "AAAA"));
            }
        }

        /// <summary>A status fault makes the next call fail as an API error; the stats count the fault.</summary>
        [Test]
        public void FaultMakesTheCallFail()
        {
            using (SgPayClient client = sandbox.Client("{\"max_attempts\":1}"))
            {
                string sessionId = Sessions.Create(client);
                sandbox.Fault("session/status", SandboxFaultKind.Status, httpStatus: 400);

                var error = Assert.Throws<SgPayApiException>(() => client.Status(sessionId));

                Assert.AreEqual("sandbox_fault", error.Code);
                Assert.AreEqual(400, error.HttpStatus);
                Assert.AreEqual(1, sandbox.Stats().FaultsApplied);
                Assert.AreEqual("created", Json.Str(client.Status(sessionId), "session", "status"));
            }
        }

        /// <summary>A dropped connection leaves the outcome unknown (the client cannot tell it was
        /// dropped before processing), with nothing created; cleared faults no longer apply.</summary>
        [Test]
        public void DropBeforeAndClearFaults()
        {
            using (SgPayClient client = sandbox.Client("{\"max_attempts\":1}"))
            {
                sandbox.Fault("session/create", SandboxFaultKind.DropBefore);
                var error = Assert.Throws<SgPayOutcomeUnknownException>(() => client.CreateSession());
                Assert.IsNotNull(error.IdempotencyKey);
                Assert.AreEqual(1, sandbox.Stats().FaultsApplied);
                sandbox.Fault("{\"operation\":\"*\",\"kind\":\"drop_before\",\"count\":5}");
                sandbox.ClearFaults();

                Assert.AreEqual("created", Json.Str(client.CreateSession(), "session", "status"));
                Assert.Throws<InvalidOperationException>(() => sandbox.Fault("{\"operation\":\"*\",\"kind\":\"nonsense\"}"));
            }
        }

        /// <summary>Moving the clock past the confirm limit cancels a payment waiting for confirmation.</summary>
        [Test]
        public void AdvanceClockExpiresAPaymentWaitingForConfirm()
        {
            using (SgPayClient client = sandbox.Client())
            {
                SandboxClock before = sandbox.Clock();
                PayResult paid = client.Pay(Requests.InitPayment(), new PayOptions { Confirm = ConfirmMode.Manual });
                Assert.AreEqual(Outcome.AwaitingConfirmation, paid.Outcome);

                SandboxClock after = sandbox.AdvanceClock(TimeSpan.FromMinutes(241));

                Assert.GreaterOrEqual(after.Expired, 1);
                Assert.GreaterOrEqual(after.Offset, TimeSpan.FromMinutes(241));
                Assert.GreaterOrEqual(after.Now - before.Now, TimeSpan.FromMinutes(241));
                Assert.AreEqual("cancelled", Json.Str(client.Status(paid.SessionId), "session", "status"));
                sandbox.WaitForWebhook(w => w.Type == "payment_finished" && w.SessionId == paid.SessionId);
                Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.AdvanceClock(TimeSpan.FromMinutes(-1)));
            }
        }

        /// <summary>Reset forgets counters and collected webhooks.</summary>
        [Test]
        public void ResetForgetsEverything()
        {
            using (SgPayClient client = sandbox.Client())
            {
                PayResult paid = client.Pay(Requests.InitPayment());
                sandbox.WaitForWebhook(w => w.Type == "payment_finished");

                sandbox.Reset();

                Assert.AreEqual(0, sandbox.Stats().PaymentsCreated);
                Assert.AreEqual(0, sandbox.Webhooks.Count);
                Assert.Throws<SgPayApiException>(() => client.Status(paid.SessionId));
                Assert.Throws<TimeoutException>(() => sandbox.WaitForWebhook(null, TimeSpan.FromMilliseconds(50)));
            }
        }

        /// <summary>Extra configuration is merged in; a signing or webhook key replaces the kit's; null removes.</summary>
        [Test]
        public void ConfigMergesExtraMembers()
        {
            string config = sandbox.ConfigJson("{\"max_attempts\":1,\"webhook_public_key_path\":\"hooks.pem\"}");
            Assert.AreEqual(sandbox.Url, Json.Str(config, "base_url"));
            Assert.AreEqual("test-project", Json.Str(config, "project"));
            Assert.AreEqual(1L, Json.Member(config, "max_attempts"));
            Assert.AreEqual("hooks.pem", Json.Str(config, "webhook_public_key_path"));
            Assert.IsNull(Json.Member(config, "webhook_public_key_pem"));
            Assert.IsNotNull(Json.Str(config, "hmac_secret"));

            string rsa = sandbox.ConfigJson("{\"private_key_path\":\"key.pem\",\"project\":null}");
            Assert.IsNull(Json.Member(rsa, "hmac_secret"));
            Assert.IsNull(Json.Member(rsa, "project"));
            StringAssert.Contains("BEGIN PUBLIC KEY", Json.Str(sandbox.ConfigJson(), "webhook_public_key_pem"));

            Assert.Throws<ArgumentException>(() => sandbox.ConfigJson("[1]"));
            Assert.Throws<ArgumentException>(() => sandbox.ConfigJson("{oops"));
            Assert.Throws<SgPayConfigException>(() => sandbox.Client("{\"colour\":\"blue\"}"));
            StringAssert.DoesNotContain(Json.Str(config, "hmac_secret"), sandbox.ToString());
        }

        /// <summary>Dispose stops the sandbox process and the webhook receiver; twice is fine.</summary>
        [Test]
        public void DisposeStopsTheProcessAndTheReceiver()
        {
            var url = new Uri(sandbox.Url);
            var webhooks = new Uri(sandbox.WebhookUrl);
            Assert.AreEqual(1, ProcessesWith(sandbox.WebhookUrl), "the sandbox runs, told of its receiver");

            sandbox.Dispose();
            sandbox.Dispose();

            Assert.AreEqual(0, ProcessesWith(webhooks.ToString()), "the sandbox process is gone");
            Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, url.Port));
            Assert.Throws<SocketException>(() => new TcpClient().Connect(IPAddress.Loopback, webhooks.Port));
        }

        /// <summary>How many processes have <paramref name="text"/> in their command line (Linux /proc).</summary>
        private static int ProcessesWith(string text)
        {
            int count = 0;
            foreach (string folder in Directory.GetDirectories("/proc"))
            {
                try
                {
                    string command = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                    if (command.Contains("sandbox") && command.Contains(text))
                    {
                        count++;
                    }
                }
                catch (IOException)
                {
                    // Not a process, or exited meanwhile.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours.
                }
            }
            return count;
        }
    }

    /// <summary>Finding the binary: the order of places, the error that lists them, a package
    /// layout without the executable bit, and options.</summary>
    [TestFixture]
    public class SandboxBinaryTests : TemporaryFolderFixture
    {
        /// <summary>The fixture; each test lays out its packages in a folder of its own.</summary>
        public SandboxBinaryTests()
            : base("sgpay-cs-kit-")
        {
        }

        /// <summary>The package first, then beside SgPay.dll, then SGPAY_SANDBOX, then PATH.</summary>
        [Test]
        public void CandidatesInOrder()
        {
            string lib = Path.Combine(Folder, "pkg", "lib", "netstandard2.0");
            List<string> candidates = SandboxBinary.Candidates(lib, lib, "linux-x64", false, "/opt/sandbox", "/usr/bin:/bin");

            CollectionAssert.AreEqual(new[]
            {
                lib + "/tools/linux-x64/sgpay-sandbox", lib + "/tools/linux-x64/sgpay",
                lib + "/runtimes/linux-x64/native/sgpay-sandbox", lib + "/runtimes/linux-x64/native/sgpay",
                Folder + "/pkg/tools/linux-x64/sgpay-sandbox", Folder + "/pkg/tools/linux-x64/sgpay",
                Folder + "/pkg/runtimes/linux-x64/native/sgpay-sandbox", Folder + "/pkg/runtimes/linux-x64/native/sgpay",
                lib + "/sgpay-sandbox", lib + "/sgpay",
                "/opt/sandbox",
                "/usr/bin/sgpay-sandbox", "/usr/bin/sgpay", "/bin/sgpay-sandbox", "/bin/sgpay",
            }, candidates);
            List<string> windows = SandboxBinary.Candidates(@"C:\plugin", @"C:\app", "win-x86", true, null, null);
            CollectionAssert.Contains(windows, Path.Combine(Path.Combine(@"C:\plugin", "x86"), "sgpay-sandbox.exe"));
            CollectionAssert.Contains(windows, Path.Combine(@"C:\app", "sgpay.exe"));
        }

        /// <summary>When nothing is found, the exception lists every place looked at.</summary>
        [Test]
        public void NotFoundListsThePlaces()
        {
            string lib = Path.Combine(Folder, "lib");
            List<string> candidates = SandboxBinary.Candidates(lib, null, "linux-x64", false, null, Folder + "/bin");

            var error = Assert.Throws<SandboxNotFoundException>(() => SandboxBinary.Find(candidates, null, Folder + "/bin"));

            StringAssert.Contains(lib + "/tools/linux-x64/sgpay-sandbox", error.Message);
            StringAssert.Contains(lib + "/sgpay", error.Message);
            StringAssert.Contains(Folder + "/bin/sgpay-sandbox", error.Message);
            StringAssert.Contains("SGPAY_SANDBOX (not set)", error.Message);
            Assert.AreEqual(candidates.Count + 1, error.Searched.Count);
            Assert.Throws<SandboxNotFoundException>(() => SandboxBinary.Find(new List<string>(), null, null));
        }

        /// <summary>
        /// A binary in the package's tools/&lt;rid&gt;/ is found before SGPAY_SANDBOX, and runs
        /// even without the executable bit (NuGet extracts packages without it).
        /// </summary>
        [Test]
        public void PackageLayoutIsFoundAndRunsWithoutTheExecutableBit()
        {
            string lib = Path.Combine(Folder, "pkg", "lib", "netstandard2.0");
            string tools = Path.Combine(Folder, "pkg", "tools", "linux-x64");
            Directory.CreateDirectory(lib);
            Directory.CreateDirectory(tools);
            string packaged = Path.Combine(tools, "sgpay-sandbox");
            File.WriteAllBytes(packaged, File.ReadAllBytes(Environment.GetEnvironmentVariable("SGPAY_SANDBOX")));
            string env = Environment.GetEnvironmentVariable("SGPAY_SANDBOX");

            string found = SandboxBinary.Find(SandboxBinary.Candidates(lib, null, "linux-x64", false, env, null), env, null);

            Assert.AreEqual(packaged, found);
            using (var sandbox = new Sandbox(new SandboxOptions { BinaryPath = found, ReceiveWebhooks = false }))
            using (SgPayClient client = sandbox.Client())
            {
                Assert.AreEqual(Outcome.Succeeded, client.Pay(Requests.InitPayment()).Outcome);
                Assert.IsNull(sandbox.WebhookUrl);
                Assert.Throws<InvalidOperationException>(() => sandbox.WaitForWebhook());
            }
        }

        /// <summary>The sgpay command is run as <c>sgpay sandbox</c>, found beside SgPay.dll.</summary>
        [Test]
        public void CommandLineToolRunsAsSgpaySandbox()
        {
            string cli = Path.Combine(Path.Combine(Path.Combine(Paths.RepoRoot, "target"), "release"), "sgpay");
            Assert.IsTrue(File.Exists(cli), "build the sgpay command first: cargo build --release -p sgpay-cli");
            string lib = Path.Combine(Folder, "app");
            Directory.CreateDirectory(lib);
            File.Copy(cli, Path.Combine(lib, "sgpay"));
            Process.Start("chmod", "755 " + Path.Combine(lib, "sgpay")).WaitForExit();

            string found = SandboxBinary.Find(SandboxBinary.Candidates(lib, null, "linux-x64", false, null, null), null, null);

            Assert.AreEqual(Path.Combine(lib, "sgpay"), found);
            using (var sandbox = new Sandbox(new SandboxOptions { BinaryPath = found }))
            using (SgPayClient client = sandbox.Client())
            {
                PayResult paid = client.Pay(Requests.InitPayment());
                Assert.AreEqual(Outcome.Succeeded, paid.Outcome);
                sandbox.WaitForWebhook(w => w.Type == "payment_finished" && w.SessionId == paid.SessionId);
            }
        }

        /// <summary>The process's own search finds the binary through SGPAY_SANDBOX here.</summary>
        [Test]
        public void FindBinaryUsesTheEnvironment()
        {
            Assert.AreEqual(Path.GetFullPath(Environment.GetEnvironmentVariable("SGPAY_SANDBOX")), Sandbox.FindBinary());
        }

        /// <summary>A binary that does not start is reported, and only one partner key is refused.</summary>
        [Test]
        public void BadOptionsAreReported()
        {
            string notASandbox = Path.Combine(Folder, "sgpay-sandbox");
            File.WriteAllText(notASandbox, "#!/bin/sh\necho something else\n");
            Process.Start("chmod", "755 " + notASandbox).WaitForExit();

            var error = Assert.Throws<InvalidOperationException>(() =>
                new Sandbox(new SandboxOptions { BinaryPath = notASandbox, StartTimeout = TimeSpan.FromSeconds(5) }).Dispose());
            StringAssert.Contains("did not start", error.Message);
            StringAssert.Contains("something else", error.Message);
            Assert.Throws<ArgumentException>(() => new Sandbox(new SandboxOptions { PartnerPublicKeyPath = "pub.pem" }).Dispose());
        }
    }
}
