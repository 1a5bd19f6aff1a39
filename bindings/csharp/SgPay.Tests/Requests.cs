using System;
using System.Globalization;

namespace SgPay.Tests
{
    /// <summary>Request bodies for the sandbox's payment and payout flows.</summary>
    internal static class Requests
    {
        /// <summary>Succeeds.</summary>
        internal const string GoodCard = "4242424242424242";

        /// <summary>Goes to a hold (<c>next_action: capture</c>) after confirm.</summary>
        internal const string HoldCard = "4000000000009995";

        /// <summary>Declined at confirm: payment failed, session cancelled.</summary>
        internal const string DeclinedCard = "4000000000000002";

        /// <summary>Fails the Luhn check: a 400 from the sandbox.</summary>
        internal const string LuhnFailingCard = "4242424242424241";

        /// <summary>A two-digit expiry year three years ahead.</summary>
        internal static readonly string ExpiryYear =
            ((DateTime.UtcNow.Year + 3) % 100).ToString("D2", CultureInfo.InvariantCulture);

        /// <summary>The body of session/start/payment.</summary>
        internal static string StartPayment(string sessionId, string card = GoodCard, string metadataJson = null)
        {
            return "{\"session_id\":" + SgPayJson.Quote(sessionId) + "," + PaymentFields(card, metadataJson) + "}";
        }

        /// <summary>The body of session/init/payment.</summary>
        internal static string InitPayment(string card = GoodCard)
        {
            return "{" + PaymentFields(card, null) + "}";
        }

        /// <summary>The body of session/start/payout.</summary>
        internal static string StartPayout(string sessionId)
        {
            return "{\"session_id\":" + SgPayJson.Quote(sessionId) + "," + PayoutFields() + "}";
        }

        /// <summary>The body of session/init/payout.</summary>
        internal static string InitPayout()
        {
            return "{" + PayoutFields() + "}";
        }

        /// <summary>A body holding only the session id (confirm, cancel, capture, refund, status).</summary>
        internal static string Session(string sessionId)
        {
            return "{\"session_id\":" + SgPayJson.Quote(sessionId) + "}";
        }

        private static string PaymentFields(string card, string metadataJson)
        {
            string fields =
                "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{"
                + "\"number\":\"" + card + "\",\"expiration_month\":\"12\",\"expiration_year\":\"" + ExpiryYear
                + "\",\"security_code\":\"123\"}}},"
                + "\"amount_details\":{\"amount\":10000,\"currency\":\"rub\"},"
                + "\"customer\":{\"reference\":\"csharp-tests\"}";
            return metadataJson == null ? fields : fields + ",\"metadata\":" + metadataJson;
        }

        private static string PayoutFields()
        {
            return "\"payment_method\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{"
                + "\"number\":\"" + GoodCard + "\"}}},"
                + "\"amount_details\":{\"amount\":5000,\"currency\":\"rub\"}";
        }
    }
}
