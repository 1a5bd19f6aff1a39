using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary><see cref="SgPayClient.Pay"/>, the journal and recovery against the sandbox, on
    /// each journal backend: an SQLite file, and a PostgreSQL schema of the cluster that
    /// <c>tools/with-postgres</c> starts for the suite (<c>SGPAY_TEST_JOURNAL_URL</c>).</summary>
    [TestFixture("sqlite")]
    [TestFixture("postgresql")]
    public class PayTests : TemporaryFolderFixture
    {
        private readonly string backend;

        /// <summary>The fixture for one journal backend.</summary>
        /// <param name="backend"><c>sqlite</c> or <c>postgresql</c>.</param>
        public PayTests(string backend)
            : base("sgpay-cs-")
        {
            this.backend = backend;
        }

        /// <summary>Pay runs the whole payment, journals it, and the journal holds no card number.</summary>
        [Test]
        public void PaySucceedsAndIsJournaled()
        {
            using (var client = Journaled())
            {
                long before = Suite.Sandbox.Stats().Counter("payments_created");

                string paid = client.Pay(Requests.InitPayment(), Reference("cs-receipt-1"));

                Assert.AreEqual("ok", Json.Str(paid, "status"));
                Assert.AreEqual("succeeded", Json.Str(paid, "outcome"));
                Assert.AreEqual("accepted", Json.Str(paid, "session", "status"));
                Assert.AreEqual(before + 1, Suite.Sandbox.Stats().Counter("payments_created"));
                string entries = client.JournalEntries(Reference("cs-receipt-1"));
                Assert.AreEqual("done", Json.Str(entries, "entries", 0, "state"));
                StringAssert.DoesNotContain(Requests.GoodCard, entries);
            }
        }

        /// <summary>A decline is an outcome, not an exception.</summary>
        [Test]
        public void DeclineIsAnOutcome()
        {
            using (var client = Journaled())
            {
                string paid = client.Pay(Requests.InitPayment(Requests.DeclinedCard), Reference("cs-receipt-declined"));

                Assert.AreEqual("declined", Json.Str(paid, "outcome"));
            }
        }

        /// <summary>The JSON-text overloads still work: acknowledged entries leave the default
        /// listing; a recover with nothing left behind resolves nothing.</summary>
        [Test]
        public void AcknowledgeAndRecoverAsJson()
        {
            using (var client = Journaled())
            {
                client.Pay(Requests.InitPayment(), Reference("cs-receipt-ack"));
                string entries = client.JournalEntries((string)null);
                string id = Json.Str(entries, "entries", 0, "id");
                Assert.IsNotNullOrEmpty(id);

                string acknowledged = client.Acknowledge(id);

                Assert.AreEqual(id, Json.Str(acknowledged, "entry", "id"));
                StringAssert.DoesNotContain(id, client.JournalEntries("{}"));
                Assert.AreEqual(0, ((System.Collections.IList)Json.Member(client.Recover((string)null), "entries")).Count);
            }
        }

        /// <summary>A journal path that cannot be written is refused when the client opens.</summary>
        [Test]
        public void UnwritableJournalPathIsAJournalError()
        {
            string blocker = Path.Combine(Folder, "a-file");
            File.WriteAllText(blocker, "in the way");

            var error = Assert.Throws<SgPayJournalException>(() =>
                new SgPayClient(Clients.Config(JournalPath(Path.Combine(blocker, "journal.db")))).Dispose());

            Assert.AreEqual(SgPayStatus.Journal, error.Status);
            Assert.AreEqual("journal", error.Kind);
        }

        /// <summary>
        /// A journal that cannot be written during Pay (another process holds its write lock)
        /// is a journal error, and nothing reaches the server.
        /// </summary>
        [Test]
        public void JournalLockedDuringPayIsAJournalErrorAndNothingIsSent()
        {
            string journal = Path.Combine(Folder, "journal.db");
            using (var client = new SgPayClient(Clients.Config(JournalPath(journal) + ",\"deadline_ms\":300")))
            {
                long payments = Suite.Sandbox.Stats().Counter("payments_created");
                SgPayJournalException error;
                using (new JournalWriteLock(journal))
                {
                    long sent = RequestsSeen();

                    error = Assert.Throws<SgPayJournalException>(() =>
                        client.Pay(Requests.InitPayment(), Reference("cs-receipt-locked")));

                    Assert.AreEqual(sent, RequestsSeen(), "nothing reached the sandbox: " + Suite.Sandbox.Stats().Json);
                }
                Assert.AreEqual(SgPayStatus.Journal, error.Status);
                Assert.AreEqual("journal", error.Kind);

                // Once the journal can be written again, the same client pays.
                string paid = client.Pay(Requests.InitPayment(), Reference("cs-receipt-unlocked"));
                Assert.AreEqual("succeeded", Json.Str(paid, "outcome"));
                Assert.AreEqual(payments + 1, Suite.Sandbox.Stats().Counter("payments_created"));
            }
        }

        /// <summary>Every request the sandbox has seen, of any operation.</summary>
        private static long RequestsSeen()
        {
            var requests = (Dictionary<string, object>)Json.Member(Suite.Sandbox.Stats().Json, "requests");
            long total = 0;
            foreach (object count in requests.Values)
            {
                total += (long)count;
            }
            return total;
        }

        /// <summary>
        /// Another process holding the journal's write lock (BEGIN IMMEDIATE) until disposed.
        /// A process of its own: the library carries its own SQLite, which a lock taken from
        /// this process would not keep out.
        /// </summary>
        private sealed class JournalWriteLock : IDisposable
        {
            private const string Holder =
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                + "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); sys.stdin.read()";

            private readonly Process holder;

            internal JournalWriteLock(string journal)
            {
                var start = new ProcessStartInfo("python3", "-c \"" + Holder + "\" \"" + journal + "\"")
                {
                    UseShellExecute = false,
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                };
                holder = Process.Start(start);
                string line = holder.StandardOutput.ReadLine();
                if (line != "locked")
                {
                    Dispose();
                    Assert.Fail("the process holding the journal's lock did not start (python3 with sqlite3): " + line);
                }
            }

            public void Dispose()
            {
                holder.StandardInput.Close();
                if (!holder.WaitForExit(10000))
                {
                    holder.Kill();
                }
                holder.Dispose();
            }
        }

        private SgPayClient Journaled()
        {
            if (backend == "sqlite")
            {
                return new SgPayClient(Clients.Config(JournalPath(Path.Combine(Folder, "journal.db"))));
            }
            string url = Environment.GetEnvironmentVariable("SGPAY_TEST_JOURNAL_URL");
            if (string.IsNullOrEmpty(url))
            {
                Assert.Ignore("no PostgreSQL: run under tools/with-postgres (make test does)");
            }
            string schema = "cs_" + Guid.NewGuid().ToString("N");
            return new SgPayClient(Clients.Config(
                "\"journal_url\":" + SgPayJson.Quote(url) + ",\"journal_schema\":" + SgPayJson.Quote(schema)));
        }

        private static string JournalPath(string path)
        {
            return "\"journal_path\":" + SgPayJson.Quote(path);
        }

        private static string Reference(string reference)
        {
            return "{\"reference\":" + SgPayJson.Quote(reference) + "}";
        }
    }
}
