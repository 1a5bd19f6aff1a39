using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Every session method of the client against the sandbox.</summary>
    [TestFixture]
    public class SessionMethodTests : ClientFixture
    {
        /// <summary>session/create with no body gives a new session in status created.</summary>
        [Test]
        public void CreateSessionReturnsNewSession()
        {
            string reply = Client.CreateSession();

            Assert.AreEqual("ok", Json.Str(reply, "status"));
            Assert.AreEqual("created", Json.Str(reply, "session", "status"));
            StringAssert.StartsWith("ps_", Json.Str(reply, "session", "id"));
        }

        /// <summary>The payment flow: start, confirm, accepted, then a refund.</summary>
        [Test]
        public void StartPaymentConfirmAndRefund()
        {
            string sessionId = Sessions.Create(Client);

            string started = Client.StartPayment(Requests.StartPayment(sessionId));
            Assert.AreEqual("in_progress", Json.Str(started, "session", "status"));
            Assert.AreEqual("4242", Json.Str(started, "session", "acquiring_payments", 0, "payment_details", "card", "last4"));

            Sessions.WaitForNextAction(Client, sessionId, "confirm");
            Client.Confirm(Requests.Session(sessionId));
            string accepted = Sessions.WaitForStatus(Client, sessionId, "accepted");
            Assert.AreEqual("succeeded", Json.Str(accepted, "session", "acquiring_payments", 0, "status"));

            string refunded = Client.Refund(Requests.Session(sessionId));
            StringAssert.StartsWith("rf_", Json.Str(refunded, "session", "acquiring_payments", 0, "refunds", 0, "id"));
        }

        /// <summary>session/init/payment starts a payment without a prior session/create; cancel ends it.</summary>
        [Test]
        public void InitPaymentThenCancel()
        {
            string reply = Client.InitPayment(Requests.InitPayment());
            string sessionId = Json.Str(reply, "session", "id");
            StringAssert.StartsWith("ps_", sessionId);

            Sessions.WaitForNextAction(Client, sessionId, "confirm");
            Client.Cancel(Requests.Session(sessionId));
            string cancelled = Sessions.WaitForStatus(Client, sessionId, "cancelled");
            Assert.AreEqual("cancelled", Json.Str(cancelled, "session", "status"));
        }

        /// <summary>The hold card goes to next_action capture after confirm; capture completes it.</summary>
        [Test]
        public void HoldIsCaptured()
        {
            string sessionId = Json.Str(Client.InitPayment(Requests.InitPayment(Requests.HoldCard)), "session", "id");
            Sessions.WaitForNextAction(Client, sessionId, "confirm");
            Client.Confirm(Requests.Session(sessionId));
            Sessions.WaitForNextAction(Client, sessionId, "capture");

            Client.Capture(Requests.Session(sessionId));
            string accepted = Sessions.WaitForStatus(Client, sessionId, "accepted");
            Assert.AreEqual("succeeded", Json.Str(accepted, "session", "acquiring_payments", 0, "status"));
        }

        /// <summary>session/init/payout creates a session carrying a payout.</summary>
        [Test]
        public void InitPayoutCreatesPayout()
        {
            string reply = Client.InitPayout(Requests.InitPayout());

            StringAssert.StartsWith("ps_", Json.Str(reply, "session", "id"));
            StringAssert.StartsWith("po_", Json.Str(reply, "session", "payments", 0, "id"));
        }

        /// <summary>session/start/payout adds a payout to an existing session.</summary>
        [Test]
        public void StartPayoutInExistingSession()
        {
            string sessionId = Sessions.Create(Client);

            string reply = Client.StartPayout(Requests.StartPayout(sessionId));

            Assert.AreEqual(sessionId, Json.Str(reply, "session", "id"));
            StringAssert.StartsWith("po_", Json.Str(reply, "session", "payments", 0, "id"));
        }

        /// <summary>Status takes the session id alone or the request document.</summary>
        [Test]
        public void StatusAcceptsIdOrDocument()
        {
            string sessionId = Sessions.Create(Client);

            Assert.AreEqual(sessionId, Json.Str(Client.Status(sessionId), "session", "id"));
            Assert.AreEqual(sessionId, Json.Str(Client.Status(Requests.Session(sessionId)), "session", "id"));
            Assert.AreEqual(sessionId, Json.Str(Client.Status("  " + Requests.Session(sessionId)), "session", "id"));
        }

        /// <summary>Confirm, Cancel, Capture and Refund take the session id alone, as Status does (and as in Python).</summary>
        [Test]
        public void SessionMethodsTakeTheSessionIdAlone()
        {
            string sessionId = Sessions.StartedPaymentReadyToConfirm(Client);

            Client.Confirm(sessionId);
            Sessions.WaitForStatus(Client, sessionId, "accepted");
            string refunded = Client.Refund(sessionId);

            StringAssert.StartsWith("rf_", Json.Str(refunded, "session", "acquiring_payments", 0, "refunds", 0, "id"));
        }

        /// <summary>Call reaches any operation by its path.</summary>
        [Test]
        public void CallReachesOperationsByPath()
        {
            string sessionId = Json.Str(Client.Call("session/create", "{}"), "session", "id");

            string reply = Client.Call("session/status", Requests.Session(sessionId));

            Assert.AreEqual("created", Json.Str(reply, "session", "status"));
        }

        /// <summary>The same idempotency key and body replays the first reply: same session, one more replay.</summary>
        [Test]
        public void IdempotencyKeyOptionReplaysFirstReply()
        {
            string options = Clients.Options(Clients.NewIdempotencyKey());
            long replaysBefore = Suite.Sandbox.Stats().Counter("replays");

            string first = Client.CreateSession("{}", options);
            string second = Client.CreateSession("{}", options);

            Assert.AreEqual(Json.Str(first, "session", "id"), Json.Str(second, "session", "id"));
            Assert.AreEqual(replaysBefore + 1, Suite.Sandbox.Stats().Counter("replays"));
        }

        /// <summary>A PKCS#1 key signs as well as the PKCS#8 one.</summary>
        [Test]
        public void Pkcs1KeySigns()
        {
            string config = Clients.Config(null).Replace("partner_key.pem", "partner_key_pkcs1.pem");
            using (var pkcs1 = new SgPayClient(config))
            {
                Assert.AreEqual("ok", Json.Str(pkcs1.CreateSession(), "status"));
            }
        }

        /// <summary>The native library reports a version.</summary>
        [Test]
        public void NativeVersionIsReported()
        {
            StringAssert.IsMatch(@"^\d+\.\d+\.\d+", SgPayClient.NativeVersion);
        }
    }
}
