using System;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>How native statuses and error documents become exceptions.</summary>
    [TestFixture]
    public class ExceptionTests
    {
        private const string ApiDocument =
            "{\"status\":\"error\",\"error\":{\"code\":\"invalid_sign\",\"description\":\"Signature mismatch \\u2014 \\ud83c\\udf89\",\"extra\":[1,{\"x\":null}]},"
            + "\"sgpay\":{\"status\":20,\"operation\":\"session/confirm\",\"http_status\":401,"
            + "\"idempotency_key\":\"key-1\",\"attempts\":2,\"session_id\":\"ps_7\"}}";

        /// <summary>Each status code picks its class; panic, internal and unknown codes the base class.</summary>
        [TestCase(1, typeof(SgPayInvalidArgumentException))]
        [TestCase(2, typeof(SgPayConfigException))]
        [TestCase(10, typeof(SgPayNotSentException))]
        [TestCase(11, typeof(SgPayOutcomeUnknownException))]
        [TestCase(20, typeof(SgPayApiException))]
        [TestCase(21, typeof(SgPayProtocolException))]
        [TestCase(30, typeof(SgPaySignatureException))]
        [TestCase(40, typeof(SgPayJournalException))]
        [TestCase(98, typeof(SgPayException))]
        [TestCase(99, typeof(SgPayException))]
        [TestCase(42, typeof(SgPayException))]
        public void StatusCodeSelectsClass(int status, Type expected)
        {
            SgPayException error = SgPayException.FromNative(status, null);

            Assert.AreEqual(expected, error.GetType());
            Assert.AreEqual(status, (int)error.Status);
        }

        /// <summary>Every field of the document is read.</summary>
        [Test]
        public void FieldsComeFromTheDocument()
        {
            SgPayException error = SgPayException.FromNative(20, ApiDocument);

            Assert.AreEqual("invalid_sign", error.Code);
            Assert.AreEqual("Signature mismatch — 🎉", error.Description);
            Assert.AreEqual(401, error.HttpStatus);
            Assert.AreEqual("key-1", error.IdempotencyKey);
            Assert.AreEqual("session/confirm", error.Operation);
            Assert.AreEqual(2, error.Attempts);
            Assert.AreEqual("ps_7", error.SessionId);
            Assert.AreEqual(ApiDocument, error.ErrorJson);
            Assert.AreEqual("session/confirm failed (Api, HTTP 401): invalid_sign: Signature mismatch — 🎉", error.Message);
        }

        /// <summary>A missing or broken document leaves the fields null but keeps the status.</summary>
        [TestCase(null)]
        [TestCase("")]
        [TestCase("not json")]
        [TestCase("[]")]
        [TestCase("{\"error\":\"flat\",\"sgpay\":{\"http_status\":\"401\"}}")]
        public void BrokenDocumentLeavesFieldsNull(string document)
        {
            SgPayException error = SgPayException.FromNative(21, document);

            Assert.IsInstanceOf<SgPayProtocolException>(error);
            Assert.IsNull(error.Code);
            Assert.IsNull(error.HttpStatus);
            Assert.IsNull(error.IdempotencyKey);
            Assert.AreEqual(document, error.ErrorJson);
            StringAssert.Contains("Protocol", error.Message);
        }

        /// <summary>Exceptions survive serialization (e.g. crossing AppDomains in a plugin host).</summary>
        [Test]
        public void SerializationKeepsFields()
        {
            var formatter = new BinaryFormatter();
            using (var stream = new MemoryStream())
            {
                formatter.Serialize(stream, SgPayException.FromNative(20, ApiDocument));
                stream.Position = 0;

                var copy = (SgPayApiException)formatter.Deserialize(stream);

                Assert.AreEqual(SgPayStatus.Api, copy.Status);
                Assert.AreEqual("invalid_sign", copy.Code);
                Assert.AreEqual(401, copy.HttpStatus);
                Assert.AreEqual(ApiDocument, copy.ErrorJson);
            }
        }

        /// <summary>The structured fields kind, advice and last_reply are read; the description is never interpreted.</summary>
        [Test]
        public void StructuredFieldsAreReadNotTheProse()
        {
            const string Document =
                "{\"error\":{\"code\":\"outcome_unknown\",\"description\":\"safe to send\"},"
                + "\"sgpay\":{\"status\":11,\"kind\":\"outcome_unknown\",\"advice\":\"Ask session/status.\","
                + "\"operation\":\"session/start/payment\",\"idempotency_key\":\"k-3\","
                + "\"last_reply\":{\"http_status\":502,\"code\":\"bad_gateway\",\"description\":\"html page\"}}}";

            SgPayException error = SgPayException.FromNative(11, Document);

            Assert.AreEqual("outcome_unknown", error.Kind);
            Assert.AreEqual("Ask session/status.", error.Advice);
            Assert.AreEqual(502, error.LastReply.HttpStatus);
            Assert.AreEqual("bad_gateway", error.LastReply.Code);
            Assert.AreEqual("html page", error.LastReply.Description);
            Assert.AreEqual(
                "session/start/payment failed (OutcomeUnknown): outcome_unknown: safe to send "
                + "(idempotency key k-3) Ask session/status.",
                error.Message);
        }

        /// <summary>The advice comes from the document alone: an empty or a missing one means no advice.</summary>
        [Test]
        public void AdviceComesFromTheDocumentAlone()
        {
            SgPayException silent = SgPayException.FromNative(
                10, "{\"error\":{\"code\":\"not_sent\",\"description\":\"refused\"},\"sgpay\":{\"advice\":\"\"}}");
            SgPayException fallback = SgPayException.FromNative(
                10, "{\"error\":{\"code\":\"not_sent\",\"description\":\"refused\"}}");

            Assert.AreEqual(string.Empty, silent.Advice);
            Assert.AreEqual("sgpay failed (NotSent): not_sent: refused", silent.Message);
            Assert.AreEqual(string.Empty, fallback.Advice);
            Assert.AreEqual("sgpay failed (NotSent): not_sent: refused", fallback.Message);
        }

        /// <summary>Without a document the kind comes from the status table, and the message still names it.</summary>
        [Test]
        public void KindWithoutADocument()
        {
            Assert.AreEqual("journal", SgPayException.FromNative(40, null).Kind);
            Assert.AreEqual("panic", SgPayException.FromNative(98, null).Kind);
            Assert.AreEqual("42", SgPayException.FromNative(42, null).Kind);
            Assert.AreEqual("sgpay failed (Journal): journal", SgPayException.FromNative(40, null).Message);
        }
    }
}
