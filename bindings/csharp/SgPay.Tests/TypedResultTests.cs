using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>The typed Pay, journal and options API against the suite's sandbox.</summary>
    [TestFixture]
    public class TypedResultTests : TemporaryFolderFixture
    {
        /// <summary>The fixture; each test's journal goes in a folder of its own.</summary>
        public TypedResultTests()
            : base("sgpay-cs-typed-")
        {
        }

        /// <summary>A good card: Succeeded, the session and its id, and the reference stored in the journal.</summary>
        [Test]
        public void GoodCardSucceedsAndTheReferenceIsStored()
        {
            using (var client = Journaled())
            {
                PayResult paid = client.Pay(Requests.InitPayment(), new PayOptions { Reference = "cs-typed-1" });

                Assert.AreEqual(Outcome.Succeeded, paid.Outcome);
                Assert.AreEqual("succeeded", paid.OutcomeName);
                StringAssert.StartsWith("ps_", paid.SessionId);
                Assert.AreEqual(paid.SessionId, Json.Str(paid.SessionJson, "id"));
                Assert.AreEqual("accepted", Json.Str(paid.SessionJson, "status"));
                Assert.AreEqual("ok", Json.Str(paid.Json, "status"));
                Assert.AreEqual("cs-typed-1", paid.Reference);
                StringAssert.StartsWith("je_", paid.JournalEntryId);
                Assert.AreEqual("PayResult(succeeded, " + paid.SessionId + ")", paid.ToString());

                IReadOnlyList<JournalEntry> entries = client.JournalEntries(new JournalFilter { Reference = "cs-typed-1" });

                Assert.AreEqual(1, entries.Count);
                JournalEntry entry = entries[0];
                Assert.AreEqual(paid.JournalEntryId, entry.Id);
                Assert.AreEqual("cs-typed-1", entry.Reference);
                Assert.AreEqual(JournalState.Done, entry.State);
                Assert.AreEqual(Outcome.Succeeded, entry.Outcome);
                Assert.AreEqual(paid.SessionId, entry.SessionId);
                Assert.AreEqual(10000L, entry.Amount);
                Assert.AreEqual("rub", entry.Currency);
                Assert.AreEqual("pay", entry.Kind);
                Assert.AreEqual(ConfirmMode.Auto, entry.Confirm);
                Assert.IsNull(entry.AcknowledgedAt);
                Assert.Less((DateTimeOffset.UtcNow - entry.CreatedAt).Duration(), TimeSpan.FromMinutes(5));
                Assert.GreaterOrEqual(entry.UpdatedAt, entry.CreatedAt);
                CollectionAssert.Contains(entry.Operations.Select(o => o.Operation).ToList(), "session/confirm");
                Assert.IsTrue(entry.Operations.All(o => o.IdempotencyKey != null));
                StringAssert.DoesNotContain(Requests.GoodCard, entry.Card ?? string.Empty);
                StringAssert.DoesNotContain(Requests.GoodCard, entry.Json);
                StringAssert.DoesNotContain(Requests.GoodCard, entry.ToString());
            }
        }

        /// <summary>A declined card is an outcome, not an exception.</summary>
        [Test]
        public void DeclinedCardIsAnOutcome()
        {
            using (var client = Suite.Sandbox.Client())
            {
                PayResult paid = client.Pay(Requests.InitPayment(Requests.DeclinedCard));

                Assert.AreEqual(Outcome.Declined, paid.Outcome);
                Assert.AreEqual("cancelled", Json.Str(paid.SessionJson, "status"));
                Assert.IsNull(paid.JournalEntryId);
            }
        }

        /// <summary>Confirm = Manual stops before confirming.</summary>
        [Test]
        public void ManualConfirmStopsAtAwaitingConfirmation()
        {
            using (var client = Suite.Sandbox.Client())
            {
                PayResult paid = client.Pay(Requests.InitPayment(), new PayOptions { Confirm = ConfirmMode.Manual });

                Assert.AreEqual(Outcome.AwaitingConfirmation, paid.Outcome);
            }
        }

        /// <summary>Repeating Pay with the same IdempotencyKey replays: one payment, the same session.</summary>
        [Test]
        public void IdempotencyKeyReplaysInsteadOfChargingAgain()
        {
            using (var client = Suite.Sandbox.Client())
            {
                var options = new PayOptions { IdempotencyKey = Clients.NewIdempotencyKey(), PollIntervalMs = 10, DeadlineMs = 20000 };
                long payments = Suite.Sandbox.Stats().PaymentsCreated;

                PayResult first = client.Pay(Requests.InitPayment(), options);
                PayResult again = client.Pay(Requests.InitPayment(), options);

                Assert.AreEqual(Outcome.Succeeded, again.Outcome);
                Assert.AreEqual(first.SessionId, again.SessionId);
                Assert.AreEqual(options.IdempotencyKey, first.IdempotencyKey);
                Assert.AreEqual(payments + 1, Suite.Sandbox.Stats().PaymentsCreated);
            }
        }

        /// <summary>CallOptions carry the idempotency key: the second call is a replay.</summary>
        [Test]
        public void CallOptionsCarryTheIdempotencyKey()
        {
            using (var client = Suite.Sandbox.Client())
            {
                var options = new CallOptions { IdempotencyKey = Clients.NewIdempotencyKey() };
                long replays = Suite.Sandbox.Stats().Replays;

                string first = client.CreateSession("{}", options);
                string again = client.CreateSession("{}", options);

                Assert.AreEqual(Json.Str(first, "session", "id"), Json.Str(again, "session", "id"));
                Assert.AreEqual(replays + 1, Suite.Sandbox.Stats().Replays);
                Assert.AreEqual("created", Json.Str(client.Status(Json.Str(first, "session", "id"), new CallOptions()), "session", "status"));
            }
        }

        /// <summary>Acknowledge by entry and by id; acknowledged entries leave the default listing.</summary>
        [Test]
        public void AcknowledgeByEntryAndById()
        {
            using (var client = Journaled())
            {
                client.Pay(Requests.InitPayment(), new PayOptions { Reference = "cs-ack-1" });
                client.Pay(Requests.InitPayment(Requests.DeclinedCard), new PayOptions { Reference = "cs-ack-2" });
                IReadOnlyList<JournalEntry> open = client.JournalEntries();
                Assert.AreEqual(2, open.Count);
                JournalEntry first = open.Single(e => e.Reference == "cs-ack-1");
                JournalEntry second = open.Single(e => e.Reference == "cs-ack-2");
                Assert.AreEqual(Outcome.Declined, second.Outcome);

                JournalEntry acknowledged = client.Acknowledge(first);
                client.Acknowledge(second.Id);

                Assert.AreEqual(first.Id, acknowledged.Id);
                Assert.IsNotNull(acknowledged.AcknowledgedAt);
                Assert.AreEqual(0, client.JournalEntries().Count);
                Assert.AreEqual(2, client.JournalEntries(new JournalFilter { IncludeAcknowledged = true }).Count);
                Assert.AreEqual(1, client.JournalEntries(new JournalFilter { State = JournalState.Done, IncludeAcknowledged = true })
                    .Count(e => e.Reference == "cs-ack-1"));
                Assert.Throws<SgPayInvalidArgumentException>(() => client.Acknowledge("je_no_such_entry"));
                Assert.Throws<ArgumentNullException>(() => client.Acknowledge((JournalEntry)null));
            }
        }

        /// <summary>
        /// A sale cut short while its confirm is still on the way is left in doubt; Recover asks
        /// the server and returns the entry with its outcome.
        /// </summary>
        [Test]
        public void RecoverResolvesAnEntryInDoubt()
        {
            using (var client = Journaled("\"max_attempts\":1"))
            {
                Suite.Sandbox.Fault("session/confirm", SgPay.Testing.SandboxFaultKind.Delay, delayMs: 1500);
                try
                {
                    PayResult cut = client.Pay(Requests.InitPayment(), new PayOptions { Reference = "cs-doubt", DeadlineMs = 700 });
                    Assert.AreEqual(Outcome.InProgress, cut.Outcome);
                }
                catch (SgPayOutcomeUnknownException)
                {
                    // Also a sale left in doubt: the confirm may have been processed.
                }
                JournalEntry left = client.JournalEntries(new JournalFilter { Reference = "cs-doubt" })[0];
                Assert.AreNotEqual(JournalState.Done, left.State);
                System.Threading.Thread.Sleep(1500);

                IReadOnlyList<JournalEntry> resolved = client.Recover(new RecoverOptions { DeadlineMs = 10000 });

                JournalEntry entry = resolved.Single(e => e.Reference == "cs-doubt");
                Assert.AreEqual(JournalState.Done, entry.State, entry.Note);
                Assert.AreEqual(Outcome.Succeeded, entry.Outcome);
                Assert.AreEqual(left.Id, entry.Id);
                Assert.AreEqual(0, client.Recover().Count);
            }
        }

        /// <summary>The ...Async variants return the typed results too.</summary>
        [Test]
        public void AsyncVariantsAreTyped()
        {
            using (var client = Journaled())
            {
                PayResult paid = client.PayAsync(Requests.InitPayment(), new PayOptions { Reference = "cs-async" }).Result;
                IReadOnlyList<JournalEntry> entries = client.JournalEntriesAsync(new JournalFilter { Reference = "cs-async" }).Result;
                JournalEntry acknowledged = client.AcknowledgeAsync(entries[0]).Result;

                Assert.AreEqual(Outcome.Succeeded, paid.Outcome);
                Assert.IsNotNull(acknowledged.AcknowledgedAt);
                Assert.AreEqual(0, client.RecoverAsync().Result.Count);
                Assert.AreEqual("ok", Json.Str(client.PayAsync(Requests.InitPayment(), "{}").Result, "status"));
            }
        }

        /// <summary>Options serialise to the library's options JSON; nothing set is no document.</summary>
        [Test]
        public void OptionsSerialiseToTheLibrarysNames()
        {
            var pay = new PayOptions
            {
                Reference = "r \"1\"", IdempotencyKey = "k", Confirm = ConfirmMode.Manual,
                DeadlineMs = 5000, PollIntervalMs = 50, Submerchant = "s",
            };
            Assert.AreEqual("{\"reference\":\"r \\\"1\\\"\",\"idempotency_key\":\"k\",\"confirm\":\"manual\","
                + "\"deadline_ms\":5000,\"poll_interval_ms\":50,\"submerchant\":\"s\"}", pay.ToJson());
            Assert.IsNull(new PayOptions().ToJson());
            Assert.AreEqual("{\"idempotency_key\":\"k\",\"submerchant\":\"s\"}",
                new CallOptions { IdempotencyKey = "k", Submerchant = "s" }.ToJson());
            Assert.AreEqual("{\"reference\":\"r\",\"state\":\"needs_attention\",\"session_id\":\"ps_1\",\"include_acknowledged\":true}",
                new JournalFilter { Reference = "r", State = JournalState.NeedsAttention, SessionId = "ps_1", IncludeAcknowledged = true }.ToJson());
            Assert.AreEqual("{\"deadline_ms\":1}", new RecoverOptions { DeadlineMs = 1 }.ToJson());
            Assert.Throws<ArgumentOutOfRangeException>(() => new JournalFilter { State = JournalState.Unknown }.ToJson());
        }

        /// <summary>The Outcome enum names every outcome of src/pay/outcome.rs, in its order.</summary>
        [Test]
        public void OutcomeEnumMatchesTheLibrary()
        {
            string source = File.ReadAllText(Path.Combine(Paths.RepoRoot, Path.Combine("src", Path.Combine("pay", "outcome.rs"))));
            string asStr = source.Substring(source.IndexOf("fn as_str", StringComparison.Ordinal));
            asStr = asStr.Substring(0, asStr.IndexOf("fn is_moving", StringComparison.Ordinal));
            var library = Regex.Matches(asStr, "Outcome::(\\w+) => \"(\\w+)\"").Cast<Match>().ToList();

            Assert.Greater(library.Count, 0);
            CollectionAssert.AreEqual(library.Select(m => m.Groups[2].Value).ToList(), WireNames.KnownOutcomes);
            CollectionAssert.AreEqual(library.Select(m => m.Groups[1].Value).ToList(),
                Enum.GetNames(typeof(Outcome)).Where(n => n != "Unknown").ToList());
        }

        private SgPayClient Journaled(string extraMembers = null)
        {
            string journal = "\"journal_path\":" + SgPayJson.Quote(Path.Combine(Folder, "journal.db"));
            return new SgPayClient(Clients.Config(extraMembers == null ? journal : journal + "," + extraMembers));
        }
    }
}
