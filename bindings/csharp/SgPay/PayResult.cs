using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
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
        private readonly Dictionary<string, object> document;
        private readonly Dictionary<string, object> sgpay;

        internal PayResult(string json)
        {
            Json = json;
            Dictionary<string, string> raw = JsonReader.RawMembers(json);
            document = Document.Parse(json);
            sgpay = Document.Object(document, "sgpay");
            string session;
            SessionJson = raw.TryGetValue("session", out session) ? session : null;
        }

        /// <summary>Where the payment stands.</summary>
        public Outcome Outcome => WireNames.ParseOutcome(OutcomeName);

        /// <summary>The outcome as the library named it (e.g. <c>succeeded</c>); useful when
        /// <see cref="Outcome"/> is <see cref="SgPay.Outcome.Unknown"/>.</summary>
        public string OutcomeName => Document.Text(document, "outcome");

        /// <summary>The session id (<c>ps_…</c>): resume an unfinished payment with it.</summary>
        public string SessionId => Document.Text(sgpay, "session_id") ?? Document.Text(Document.Object(document, "session"), "id");

        /// <summary>The server's session object, as the server sent it (JSON).</summary>
        public string SessionJson { get; }

        /// <summary>The idempotency base the payment's keys derive from (repeat the payment with it to replay).</summary>
        public string IdempotencyKey => Document.Text(sgpay, "idempotency_key");

        /// <summary>The reference given in <see cref="PayOptions.Reference"/>, or null.</summary>
        public string Reference => Document.Text(sgpay, "reference");

        /// <summary>The id of the payment's journal entry (<c>je_…</c>), or null without a journal.</summary>
        public string JournalEntryId => Document.Text(sgpay, "journal_entry");

        /// <summary>The whole document: <c>{"status":"ok","outcome":...,"session":{...},"sgpay":{...}}</c>.</summary>
        public string Json { get; }

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

        /// <summary>The value of an integer member that fits an <see cref="int"/>, or null.</summary>
        internal static int? Int32(Dictionary<string, object> map, string name)
        {
            long? value = Integer(map, name);
            return value >= int.MinValue && value <= int.MaxValue ? (int?)(int)value.Value : null;
        }

        /// <summary>The objects of an array member, each read by <paramref name="read"/>; the
        /// array's other values are passed over, and a missing array gives an empty list.</summary>
        internal static ReadOnlyCollection<T> Objects<T>(Dictionary<string, object> map, string name, Func<Dictionary<string, object>, T> read)
        {
            var objects = new List<T>();
            var list = Member(map, name) as List<object>;
            if (list != null)
            {
                foreach (object value in list)
                {
                    var item = value as Dictionary<string, object>;
                    if (item != null)
                    {
                        objects.Add(read(item));
                    }
                }
            }
            return new ReadOnlyCollection<T>(objects);
        }

        /// <summary>The JSON object in <paramref name="json"/>, or null when there is none or
        /// it is not JSON; never throws.</summary>
        internal static Dictionary<string, object> TryParse(string json)
        {
            if (string.IsNullOrEmpty(json))
            {
                return null;
            }
            try
            {
                return JsonReader.Parse(json) as Dictionary<string, object>;
            }
            catch (FormatException)
            {
                return null;
            }
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
