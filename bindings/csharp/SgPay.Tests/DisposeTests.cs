using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>The lifetime of a client.</summary>
    [TestFixture]
    public class DisposeTests
    {
        /// <summary>Disposing twice is harmless.</summary>
        [Test]
        public void DoubleDisposeIsHarmless()
        {
            var client = Clients.New();
            client.Dispose();

            Assert.DoesNotThrow(client.Dispose);
        }

        /// <summary>Every method throws ObjectDisposedException after Dispose, naming the client.</summary>
        [Test]
        public void EveryMethodThrowsAfterDispose()
        {
            var client = Clients.New();
            client.Dispose();

            foreach (var call in AllMethods(client))
            {
                var error = Assert.Throws<ObjectDisposedException>(() => call());
                StringAssert.Contains("SgPayClient", error.ObjectName);
            }
        }

        /// <summary>A client used in a using block works inside it and is closed after.</summary>
        [Test]
        public void UsingBlockClosesTheClient()
        {
            SgPayClient kept;
            using (var client = Clients.New())
            {
                kept = client;
                Assert.AreEqual("ok", Json.Str(client.CreateSession(), "status"));
            }

            Assert.Throws<ObjectDisposedException>(() => kept.Status("ps_1"));
        }

        /// <summary>A null required argument is an ArgumentNullException, before any native call.</summary>
        [Test]
        public void NullArgumentsAreRejected()
        {
            Assert.Throws<ArgumentNullException>(() => new SgPayClient(null));
            using (var client = Clients.New())
            {
                Assert.Throws<ArgumentNullException>(() => client.Call(null, "{}"));
                Assert.Throws<ArgumentNullException>(() => client.Call("session/create", null));
                Assert.Throws<ArgumentNullException>(() => client.StartPayment(null));
                Assert.Throws<ArgumentNullException>(() => client.Status(null));
                Assert.Throws<ArgumentNullException>(() => client.VerifyWebhook(null, "sig"));
            }
        }

        private static IEnumerable<Action> AllMethods(SgPayClient client)
        {
            const string Request = "{\"session_id\":\"ps_1\"}";
            yield return () => client.Call("session/status", Request);
            yield return () => client.CreateSession();
            yield return () => client.InitPayment(Request);
            yield return () => client.StartPayment(Request);
            yield return () => client.InitPayout(Request);
            yield return () => client.StartPayout(Request);
            yield return () => client.Confirm(Request);
            yield return () => client.Cancel(Request);
            yield return () => client.Capture(Request);
            yield return () => client.Refund(Request);
            yield return () => client.Status(Request);
            yield return () => client.Status("ps_1");
            yield return () => client.VerifyWebhook(new byte[] { 1 }, "sig");
        }
    }
}
