using System;
using System.IO;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary><see cref="SgPayClient.Pay"/>, the journal and recovery against the sandbox.</summary>
    [TestFixture]
    public class PayTests
    {
        private string directory;

        /// <summary>A fresh directory for this test's journal.</summary>
        [SetUp]
        public void MakeDirectory()
        {
            directory = Path.Combine(Path.GetTempPath(), "sgpay-cs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
        }

        /// <summary>Removes the journal directory.</summary>
        [TearDown]
        public void RemoveDirectory()
        {
            Directory.Delete(directory, true);
        }

        /// <summary>Pay runs the whole payment, journals it, and the journal holds no card number.</summary>
        [Test]
        public void PaySucceedsAndIsJournaled()
        {
            using (var client = Journaled())
            {
                long before = Sandbox.Counter("payments_created");

                string paid = client.Pay(Requests.InitPayment(), Reference("cs-receipt-1"));

                Assert.AreEqual("ok", Json.Str(paid, "status"));
                Assert.AreEqual("succeeded", Json.Str(paid, "outcome"));
                Assert.AreEqual("accepted", Json.Str(paid, "session", "status"));
                Assert.AreEqual(before + 1, Sandbox.Counter("payments_created"));
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

        /// <summary>Acknowledged entries leave the default listing; a recover with nothing left behind resolves nothing.</summary>
        [Test]
        public void AcknowledgeAndRecover()
        {
            using (var client = Journaled())
            {
                client.Pay(Requests.InitPayment(), Reference("cs-receipt-ack"));
                string entries = client.JournalEntries();
                string id = Json.Str(entries, "entries", 0, "id");
                Assert.IsNotNullOrEmpty(id);

                client.Acknowledge(id);

                StringAssert.DoesNotContain(id, client.JournalEntries());
                Assert.AreEqual(0, ((System.Collections.IList)Json.Member(client.Recover(), "entries")).Count);
            }
        }

        /// <summary>An unwritable journal path is a journal error, and nothing is sent.</summary>
        [Test]
        public void UnwritableJournalIsAJournalError()
        {
            string blocker = Path.Combine(directory, "a-file");
            File.WriteAllText(blocker, "in the way");
            long before = Sandbox.Requests("session/create");

            var error = Assert.Throws<SgPayJournalException>(() =>
            {
                using (var client = new SgPayClient(Clients.Config(JournalPath(Path.Combine(blocker, "journal.db")))))
                {
                    client.Pay(Requests.InitPayment(), Reference("cs-receipt-unwritable"));
                }
            });

            Assert.AreEqual(SgPayStatus.Journal, error.Status);
            Assert.AreEqual("journal", error.Kind);
            Assert.AreEqual(before, Sandbox.Requests("session/create"));
        }

        private SgPayClient Journaled()
        {
            return new SgPayClient(Clients.Config(JournalPath(Path.Combine(directory, "journal.db"))));
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
