using System;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Non-ASCII text crosses the native boundary intact, both ways.</summary>
    [TestFixture]
    public class Utf8Tests
    {
        private const string Greeting = "Привет, 世界 🎉";

        /// <summary>Metadata with Cyrillic, CJK and an emoji (a surrogate pair) comes back identical,
        /// in the start reply and in a later status.</summary>
        [Test]
        public void MetadataRoundTripsIntact()
        {
            using (var client = Clients.New())
            {
                string sessionId = Sessions.Create(client);

                string started = client.StartPayment(Requests.StartPayment(sessionId, Requests.GoodCard, SgPayJson.Quote(Greeting)));
                string status = client.Status(sessionId);

                Assert.AreEqual(Greeting, Json.Str(started, "session", "acquiring_payments", 0, "metadata"));
                Assert.AreEqual(Greeting, Json.Str(status, "session", "acquiring_payments", 0, "metadata"));
            }
        }

        /// <summary>Metadata written with \u escapes (surrogate pair included) decodes to the same text.</summary>
        [Test]
        public void EscapedMetadataDecodesToSameText()
        {
            using (var client = Clients.New())
            {
                string sessionId = Sessions.Create(client);
                const string Escaped = "\"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442, \\u4e16\\u754c \\ud83c\\udf89\"";

                string started = client.StartPayment(Requests.StartPayment(sessionId, Requests.GoodCard, Escaped));

                Assert.AreEqual(Greeting, Json.Str(started, "session", "acquiring_payments", 0, "metadata"));
            }
        }

        /// <summary>Text the C ABI cannot carry is refused before the call.</summary>
        [Test]
        public void NulAndLoneSurrogateAreRefused()
        {
            using (var client = Clients.New())
            {
                Assert.Throws<ArgumentException>(() => client.CreateSession("{\"metadata\":\"a\0b\"}"));
                Assert.Throws<ArgumentException>(() => client.CreateSession("{\"metadata\":\"\ud83c\"}"));
            }
        }
    }
}
