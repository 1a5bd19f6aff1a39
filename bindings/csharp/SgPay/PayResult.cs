using System;
using System.Collections.Generic;
using System.Globalization;

namespace SgPay
{
    /// <summary>
    /// What <see cref="SgPayClient.Pay(string, PayOptions)"/> ended with: the
    /// <see cref="Outcome"/>, the session and the whole document. A decline is a result
    /// (<see cref="SgPay.Outcome.Declined"/>), not an exception.
    /// </summary>
    public sealed class PayResult
    {
        internal PayResult(string json)
        {
            Json = json;
            Dictionary<string, string> raw = JsonReader.RawMembers(json);
            var document = Document.Parse(json);
            string session;
            SessionJson = raw.TryGetValue("session", out session) ? session : null;
            OutcomeName = Document.Text(document, "outcome");
            Outcome = WireNames.ParseOutcome(OutcomeName);
            var sgpay = Document.Object(document, "sgpay");
            SessionId = Document.Text(sgpay, "session_id") ?? Document.Text(Document.Object(document, "session"), "id");
            IdempotencyKey = Document.Text(sgpay, "idempotency_key");
            Reference = Document.Text(sgpay, "reference");
            JournalEntryId = Document.Text(sgpay, "journal_entry");
        }

        /// <summary>Where the payment stands.</summary>
        public Outcome Outcome { get; private set; }

        /// <summary>The outcome as the library named it (e.g. <c>succeeded</c>); useful when
        /// <see cref="Outcome"/> is <see cref="SgPay.Outcome.Unknown"/>.</summary>
        public string OutcomeName { get; private set; }

        /// <summary>The session id (<c>ps_…</c>): resume an unfinished payment with it.</summary>
        public string SessionId { get; private set; }

        /// <summary>The server's session object, as the server sent it (JSON).</summary>
        public string SessionJson { get; private set; }

        /// <summary>The idempotency base the payment's keys derive from (repeat the payment with it to replay).</summary>
        public string IdempotencyKey { get; private set; }

        /// <summary>The reference given in <see cref="PayOptions.Reference"/>, or null.</summary>
        public string Reference { get; private set; }

        /// <summary>The id of the payment's journal entry (<c>je_…</c>), or null without a journal.</summary>
        public string JournalEntryId { get; private set; }

        /// <summary>The whole document: <c>{"status":"ok","outcome":...,"session":{...},"sgpay":{...}}</c>.</summary>
        public string Json { get; private set; }

        /// <summary>A short description: outcome and session id (never card data).</summary>
        /// <returns>E.g. <c>PayResult(succeeded, ps_1)</c>.</returns>
        public override string ToString()
        {
            return "PayResult(" + (OutcomeName ?? "?") + ", " + (SessionId ?? "no session") + ")";
        }
    }

    /// <summary>Typed reads of the documents the library defines.</summary>
    internal static class Document
    {
        internal static Dictionary<string, object> Parse(string json)
        {
            var document = JsonReader.Parse(json) as Dictionary<string, object>;
            if (document == null)
            {
                throw new FormatException("The library's answer is not a JSON object.");
            }
            return document;
        }

        internal static object Member(Dictionary<string, object> map, string name)
        {
            object value;
            return map != null && map.TryGetValue(name, out value) ? value : null;
        }

        internal static Dictionary<string, object> Object(Dictionary<string, object> map, string name)
        {
            return Member(map, name) as Dictionary<string, object>;
        }

        internal static string Text(Dictionary<string, object> map, string name)
        {
            return Member(map, name) as string;
        }

        internal static long? Integer(Dictionary<string, object> map, string name)
        {
            object value = Member(map, name);
            return value is long ? (long?)(long)value : null;
        }

        internal static bool Flag(Dictionary<string, object> map, string name)
        {
            object value = Member(map, name);
            return value is bool && (bool)value;
        }

        /// <summary>An ISO 8601 UTC timestamp (<c>2024-05-27T02:03:00.123Z</c>), or null.</summary>
        internal static DateTimeOffset? Time(Dictionary<string, object> map, string name)
        {
            string text = Text(map, name);
            DateTimeOffset time;
            if (text != null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
            {
                return time;
            }
            return null;
        }
    }
}
