using System;

namespace SgPay.Tests
{
    /// <summary>Builds configuration documents and clients pointed at the sandbox.</summary>
    internal static class Clients
    {
        /// <summary>The sandbox's default project.</summary>
        internal const string Project = "test-project";

        /// <summary>
        /// A config JSON for the sandbox, from the test kit: RSA-signed with the fixtures key and
        /// trusting the fixtures public key for webhooks (the tests sign their own);
        /// <paramref name="extraMembers"/> (e.g. <c>"max_attempts":1</c>) is merged in.
        /// </summary>
        internal static string Config(string extraMembers = null)
        {
            return Config(null, extraMembers);
        }

        /// <summary>Like <see cref="Config(string)"/> for another base URL (null: the sandbox's).</summary>
        internal static string Config(string baseUrl, string extraMembers)
        {
            string webhookKey = "\"webhook_public_key_path\":" + SgPayJson.Quote(Paths.Fixture("partner_pub.pem"));
            return Merged(baseUrl, string.IsNullOrEmpty(extraMembers) ? webhookKey : webhookKey + "," + extraMembers);
        }

        /// <summary>Like <see cref="Config(string)"/> but with no webhook key.</summary>
        internal static string ConfigWithoutWebhookKey()
        {
            return Merged(null, "\"webhook_public_key_pem\":null");
        }

        private static string Merged(string baseUrl, string members)
        {
            if (baseUrl != null)
            {
                members = "\"base_url\":" + SgPayJson.Quote(baseUrl) + "," + members;
            }
            return Suite.Sandbox.ConfigJson("{" + members + "}");
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
