using System.Text;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>VerifyWebhook with bodies signed by the fixtures key (configured as the webhook key).</summary>
    [TestFixture]
    public class WebhookTests : ClientFixture
    {
        private const string Body =
            "{\"type\":\"payment_finished\",\"session\":{\"id\":\"ps_1\",\"status\":\"accepted\",\"metadata\":\"Привет, 世界 🎉\"}}";

        /// <summary>A correctly signed body is returned as it was sent.</summary>
        [Test]
        public void GoodSignatureReturnsBody()
        {
            byte[] body = Encoding.UTF8.GetBytes(Body);

            string verified = Client.VerifyWebhook(body, WebhookSigner.Sign(body, "partner_key.pem"));

            Assert.AreEqual("payment_finished", Json.Str(verified, "type"));
            Assert.AreEqual("Привет, 世界 🎉", Json.Str(verified, "session", "metadata"));
        }

        /// <summary>One changed byte after signing fails verification.</summary>
        [Test]
        public void TamperedBodyIsSignatureError()
        {
            byte[] body = Encoding.UTF8.GetBytes(Body);
            string signature = WebhookSigner.Sign(body, "partner_key.pem");
            byte[] tampered = Encoding.UTF8.GetBytes(Body.Replace("accepted", "cancelled"));

            var error = Assert.Throws<SgPaySignatureException>(() => Client.VerifyWebhook(tampered, signature));

            Assert.AreEqual(SgPayStatus.Signature, error.Status);
            Assert.AreEqual("signature", error.Code);
        }

        /// <summary>A signature made with another key fails verification.</summary>
        [Test]
        public void OtherKeyIsSignatureError()
        {
            byte[] body = Encoding.UTF8.GetBytes(Body);

            Assert.Throws<SgPaySignatureException>(() => Client.VerifyWebhook(body, WebhookSigner.Sign(body, "other_key.pem")));
        }

        /// <summary>A missing header (null) fails verification like a wrong one.</summary>
        [Test]
        public void MissingSignatureIsSignatureError()
        {
            Assert.Throws<SgPaySignatureException>(() => Client.VerifyWebhook(Encoding.UTF8.GetBytes(Body), null));
        }

        /// <summary>An empty body with a valid-looking signature does not verify.</summary>
        [Test]
        public void EmptyBodyIsSignatureError()
        {
            string signature = WebhookSigner.Sign(Encoding.UTF8.GetBytes(Body), "partner_key.pem");

            Assert.Throws<SgPaySignatureException>(() => Client.VerifyWebhook(new byte[0], signature));
        }

        /// <summary>A correctly signed body that is not a JSON event is a protocol error.</summary>
        [Test]
        public void SignedNonJsonBodyIsProtocolError()
        {
            byte[] body = Encoding.UTF8.GetBytes("not json");

            var error = Assert.Throws<SgPayProtocolException>(() => Client.VerifyWebhook(body, WebhookSigner.Sign(body, "partner_key.pem")));

            Assert.AreEqual("protocol", error.Code);
        }

        /// <summary>Without a webhook key in the configuration, verifying is a config error naming the keys.</summary>
        [Test]
        public void NoWebhookKeyIsConfigError()
        {
            string config = Clients.ConfigWithoutWebhookKey();
            byte[] body = Encoding.UTF8.GetBytes(Body);
            using (var keyless = new SgPayClient(config))
            {
                var error = Assert.Throws<SgPayConfigException>(() => keyless.VerifyWebhook(body, WebhookSigner.Sign(body, "partner_key.pem")));

                StringAssert.Contains("webhook_public_key_path", error.Description);
            }
        }
    }
}
