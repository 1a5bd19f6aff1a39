using System;
using System.Text;

namespace SgPay.Tests
{
    /// <summary>Builds configuration documents and clients pointed at the sandbox.</summary>
    internal static class Clients
    {
        /// <summary>The sandbox's default project.</summary>
        internal const string Project = "test-project";

        /// <summary>
        /// A config JSON for the sandbox, RSA-signed with the fixtures key and trusting the
        /// fixtures public key for webhooks; <paramref name="extraMembers"/> (e.g.
        /// <c>"max_attempts":1</c>) is appended inside the object.
        /// </summary>
        internal static string Config(string extraMembers = null)
        {
            return Config(Sandbox.BaseUrl, extraMembers);
        }

        /// <summary>Like <see cref="Config(string)"/> for another base URL.</summary>
        internal static string Config(string baseUrl, string extraMembers)
        {
            return Config(baseUrl, extraMembers, true);
        }

        /// <summary>Like <see cref="Config(string)"/> but with no webhook key.</summary>
        internal static string ConfigWithoutWebhookKey()
        {
            return Config(Sandbox.BaseUrl, null, false);
        }

        private static string Config(string baseUrl, string extraMembers, bool webhookKey)
        {
            var config = new StringBuilder("{");
            config.Append("\"base_url\":").Append(SgPayJson.Quote(baseUrl));
            config.Append(",\"project\":").Append(SgPayJson.Quote(Project));
            config.Append(",\"private_key_path\":").Append(SgPayJson.Quote(Paths.Fixture("partner_key.pem")));
            if (webhookKey)
            {
                config.Append(",\"webhook_public_key_path\":").Append(SgPayJson.Quote(Paths.Fixture("partner_pub.pem")));
            }
            if (!string.IsNullOrEmpty(extraMembers))
            {
                config.Append(',').Append(extraMembers);
            }
            return config.Append('}').ToString();
        }

        /// <summary>A client for the sandbox.</summary>
        internal static SgPayClient New(string extraMembers = null)
        {
            return new SgPayClient(Config(extraMembers));
        }

        /// <summary>An idempotency key unique to one test.</summary>
        internal static string NewIdempotencyKey()
        {
            return "cs-test-" + Guid.NewGuid().ToString("N");
        }

        /// <summary>The options document carrying <paramref name="idempotencyKey"/>.</summary>
        internal static string Options(string idempotencyKey)
        {
            return "{\"idempotency_key\":" + SgPayJson.Quote(idempotencyKey) + "}";
        }
    }
}
