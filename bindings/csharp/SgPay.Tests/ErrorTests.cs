using System;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Each exception class, raised by a real failure, with the fields of its error document.</summary>
    [TestFixture]
    public class ErrorTests
    {
        /// <summary>An unknown config key is a config error naming the key.</summary>
        [Test]
        public void UnknownConfigKeyIsConfigError()
        {
            var error = Assert.Throws<SgPayConfigException>(() => Clients.New("\"colour\":\"blue\"").Dispose());

            Assert.AreEqual(SgPayStatus.Config, error.Status);
            Assert.AreEqual("config", error.Code);
            StringAssert.Contains("colour", error.Description);
            Assert.IsNull(error.HttpStatus);
            Assert.AreEqual(2L, Json.Member(error.ErrorJson, "sgpay", "status"));
        }

        /// <summary>Config text that is not JSON is a config error.</summary>
        [Test]
        public void MalformedConfigIsConfigError()
        {
            var error = Assert.Throws<SgPayConfigException>(() => new SgPayClient("{\"base_url\":").Dispose());

            Assert.AreEqual("config", error.Code);
        }

        /// <summary>A key file that does not exist is a config error.</summary>
        [Test]
        public void MissingKeyFileIsConfigError()
        {
            string config = Clients.Config(null).Replace("partner_key.pem", "no_such_key.pem");

            var error = Assert.Throws<SgPayConfigException>(() => new SgPayClient(config).Dispose());

            Assert.AreEqual("config", error.Code);
        }

        /// <summary>An unknown operation fails locally.</summary>
        [Test]
        public void UnknownOperationIsInvalidArgument()
        {
            var error = ThrowsOnNewClient<SgPayInvalidArgumentException>(client => client.Call("session/teleport", "{}"));

            Assert.AreEqual(SgPayStatus.InvalidArgument, error.Status);
            Assert.AreEqual("invalid_argument", error.Code);
            Assert.IsNull(error.HttpStatus);
        }

        /// <summary>A request that is not JSON fails locally and is never sent.</summary>
        [Test]
        public void MalformedRequestIsInvalidArgument()
        {
            RefusedUnsent("session/create", client => client.CreateSession("{\"metadata\":"));
        }

        /// <summary>A start/payment without session_id fails local validation naming the field.</summary>
        [Test]
        public void MissingFieldIsInvalidArgumentNamingIt()
        {
            var error = RefusedUnsent("session/start/payment", client => client.StartPayment("{}"));

            StringAssert.Contains("session_id", error.Description);
            Assert.AreEqual("session/start/payment", error.Operation);
        }

        /// <summary>A card number failing the Luhn check is rejected locally; the number never shows.</summary>
        [Test]
        public void LuhnFailingCardIsInvalidArgumentWithoutTheNumber()
        {
            using (var client = Clients.New())
            {
                string sessionId = Sessions.Create(client);

                var error = Assert.Throws<SgPayInvalidArgumentException>(
                    () => client.StartPayment(Requests.StartPayment(sessionId, Requests.LuhnFailingCard)));

                StringAssert.Contains("number", error.Description);
                StringAssert.DoesNotContain(Requests.LuhnFailingCard, error.ErrorJson);
                StringAssert.DoesNotContain(Requests.LuhnFailingCard, error.Message);
            }
        }

        /// <summary>An expired card passes local checks and is the API's validation error (HTTP 400).</summary>
        [Test]
        public void ExpiredCardIsApiValidationError()
        {
            var error = RefusedByApi(client => client.StartPayment(WithExpiredCard(Sessions.Create(client))), 400);

            Assert.AreEqual("request_body_validation_error", error.Code);
            StringAssert.Contains("expiration", error.Description);
            StringAssert.DoesNotContain(Requests.GoodCard, error.ErrorJson);
        }

        /// <summary>Confirming an unknown session is an API error carrying the HTTP status.</summary>
        [Test]
        public void UnknownSessionIsApiError()
        {
            var error = RefusedByApi(client => client.Confirm(Requests.Session("ps_404")), 404);

            StringAssert.EndsWith("_not_found", error.Code);
            Assert.AreEqual("session/confirm", error.Operation);
            StringAssert.Contains(error.Code, error.Message);
        }

        /// <summary>A refused connection is "not sent".</summary>
        [Test]
        public void UnreachableServerIsNotSent()
        {
            string config = Clients.Config("http://127.0.0.1:" + ClosedPort(), "\"max_attempts\":1");
            using (var client = new SgPayClient(config))
            {
                var error = Assert.Throws<SgPayNotSentException>(() => client.CreateSession());

                Assert.AreEqual(SgPayStatus.NotSent, error.Status);
                Assert.AreEqual("not_sent", error.Code);
                Assert.IsNull(error.HttpStatus);
            }
        }

        /// <summary>A connection dropped after processing is "outcome unknown" with the key to repeat
        /// with; repeating with that key replays instead of paying twice.</summary>
        [Test]
        public void DroppedAfterSendingIsOutcomeUnknownWithKey()
        {
            using (var client = Clients.New("\"max_attempts\":1"))
            {
                string sessionId = Sessions.Create(client);
                string request = Requests.StartPayment(sessionId);
                string key = Clients.NewIdempotencyKey();
                Suite.Sandbox.Fault("{\"operation\":\"session/start/payment\",\"count\":1,\"kind\":\"drop_after\"}");
                long paymentsBefore = Suite.Sandbox.Stats().Counter("payments_created");

                var error = Assert.Throws<SgPayOutcomeUnknownException>(() => client.StartPayment(request, Clients.Options(key)));

                Assert.AreEqual(SgPayStatus.OutcomeUnknown, error.Status);
                Assert.AreEqual("outcome_unknown", error.Code);
                Assert.AreEqual(key, error.IdempotencyKey);
                client.StartPayment(request, Clients.Options(error.IdempotencyKey));
                Assert.AreEqual(paymentsBefore + 1, Suite.Sandbox.Stats().Counter("payments_created"));
            }
        }

        /// <summary>Without a caller key, the library's generated key is reported.</summary>
        [Test]
        public void OutcomeUnknownReportsGeneratedKey()
        {
            using (var client = Clients.New("\"max_attempts\":1"))
            {
                string sessionId = Sessions.Create(client);
                Suite.Sandbox.Fault("{\"operation\":\"session/start/payment\",\"count\":1,\"kind\":\"drop_after\"}");

                var error = Assert.Throws<SgPayOutcomeUnknownException>(() => client.StartPayment(Requests.StartPayment(sessionId)));

                Assert.IsNotNullOrEmpty(error.IdempotencyKey);
            }
        }

        /// <summary>A reply to a read that is not JSON is a protocol error (to a money-moving
        /// request it would prove nothing: an unknown outcome).</summary>
        [Test]
        public void MalformedReplyIsProtocolError()
        {
            Suite.Sandbox.Fault("{\"operation\":\"session/status\",\"count\":1,\"kind\":\"malformed_json\"}");

            var error = ThrowsOnNewClient<SgPayProtocolException>(client => client.Status("ps_1"), "\"max_attempts\":1");

            Assert.AreEqual(SgPayStatus.Protocol, error.Status);
            Assert.AreEqual("protocol", error.Code);
        }

        /// <summary>Runs <paramref name="call"/> on a new client and checks that it is refused as an
        /// invalid argument without <paramref name="operation"/> reaching the sandbox.</summary>
        private static SgPayInvalidArgumentException RefusedUnsent(string operation, Func<SgPayClient, string> call)
        {
            long before = Suite.Sandbox.Stats().Requests(operation);

            var error = ThrowsOnNewClient<SgPayInvalidArgumentException>(call);

            Assert.AreEqual("invalid_argument", error.Code);
            Assert.AreEqual(before, Suite.Sandbox.Stats().Requests(operation));
            return error;
        }

        /// <summary>Runs <paramref name="call"/> on a new client and checks that the API refused it
        /// with the HTTP status <paramref name="httpStatus"/>.</summary>
        private static SgPayApiException RefusedByApi(Func<SgPayClient, string> call, int httpStatus)
        {
            var error = ThrowsOnNewClient<SgPayApiException>(call);

            Assert.AreEqual(SgPayStatus.Api, error.Status);
            Assert.AreEqual(httpStatus, error.HttpStatus);
            return error;
        }

        /// <summary>A start/payment request for <paramref name="sessionId"/> whose card expired in 2020.</summary>
        private static string WithExpiredCard(string sessionId)
        {
            return Requests.StartPayment(sessionId).Replace(
                "\"expiration_year\":\"" + Requests.ExpiryYear + "\"", "\"expiration_year\":\"20\"");
        }

        /// <summary>The exception <paramref name="call"/> throws on a new sandbox client with the
        /// extra config members <paramref name="extraConfig"/>.</summary>
        private static T ThrowsOnNewClient<T>(Func<SgPayClient, string> call, string extraConfig = null)
            where T : SgPayException
        {
            using (var client = Clients.New(extraConfig))
            {
                return Assert.Throws<T>(() => call(client));
            }
        }

        private static int ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
