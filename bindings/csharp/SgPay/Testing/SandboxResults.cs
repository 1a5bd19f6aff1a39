using System;
using System.Collections.Generic;
using System.Text;

namespace SgPay.Testing
{
    /// <summary>The counters of the sandbox (<c>GET /_sandbox/stats</c>) at one moment.</summary>
    public sealed class SandboxStats
    {
        private readonly Dictionary<string, object> document;

        internal SandboxStats(string json)
        {
            Json = json;
            document = Document.Parse(json);
        }

        /// <summary>The whole stats document (see docs/sandbox.md, "Stats").</summary>
        public string Json { get; private set; }

        /// <summary>Payments created (<c>payments_created</c>).</summary>
        public long PaymentsCreated { get { return Counter("payments_created"); } }

        /// <summary>Every money movement: payments, payouts, confirms, captures and refunds (<c>money_movements</c>).</summary>
        public long MoneyMovements { get { return Counter("money_movements"); } }

        /// <summary>Requests answered by replaying an idempotency key (<c>replays</c>).</summary>
        public long Replays { get { return Counter("replays"); } }

        /// <summary>Requests refused because their idempotency key was used for another body (<c>idempotency_conflicts</c>).</summary>
        public long IdempotencyConflicts { get { return Counter("idempotency_conflicts"); } }

        /// <summary>Faults injected so far (<c>faults_applied</c>).</summary>
        public long FaultsApplied { get { return Counter("faults_applied"); } }

        /// <summary>Webhooks delivered (answered 200) so far.</summary>
        public long WebhooksDelivered { get { return Nested("webhooks", "delivered"); } }

        /// <summary>Every API request the sandbox has seen, of any operation.</summary>
        public long TotalRequests
        {
            get
            {
                long total = 0;
                var requests = Document.Object(document, "requests");
                if (requests != null)
                {
                    foreach (object count in requests.Values)
                    {
                        total += count is long ? (long)count : 0;
                    }
                }
                return total;
            }
        }

        /// <summary>A top-level counter by name, e.g. <c>payments_created</c>; 0 when absent.</summary>
        /// <param name="name">The counter's name in the stats document.</param>
        /// <returns>Its value.</returns>
        public long Counter(string name)
        {
            return Document.Integer(document, name) ?? 0;
        }

        /// <summary>How many requests of one operation the sandbox has seen, e.g. <c>session/status</c>.</summary>
        /// <param name="operation">The method path.</param>
        /// <returns>The count; 0 when none.</returns>
        public long Requests(string operation)
        {
            return Nested("requests", operation);
        }

        private long Nested(string group, string name)
        {
            return Document.Integer(Document.Object(document, group), name) ?? 0;
        }
    }

    /// <summary>The sandbox's clock (<c>/_sandbox/clock</c>): real time plus an offset tests move forward.</summary>
    public sealed class SandboxClock
    {
        internal SandboxClock(string json)
        {
            var document = Document.Parse(json);
            Now = Document.Time(document, "now") ?? DateTimeOffset.MinValue;
            Offset = TimeSpan.FromMilliseconds(Document.Integer(document, "offset_ms") ?? 0);
            Expired = (int)(Document.Integer(document, "expired") ?? 0);
        }

        /// <summary>The sandbox's time (UTC).</summary>
        public DateTimeOffset Now { get; private set; }

        /// <summary>How far ahead of real time the sandbox's clock is.</summary>
        public TimeSpan Offset { get; private set; }

        /// <summary>After <see cref="Sandbox.AdvanceClock(TimeSpan)"/>: how many things ran out
        /// (e.g. sessions or holds past their time limit); else 0.</summary>
        public int Expired { get; private set; }
    }

    /// <summary>One webhook the sandbox posted to the kit's receiver, as received.</summary>
    public sealed class SandboxWebhook
    {
        internal SandboxWebhook(string path, byte[] body, string signature)
        {
            Path = path;
            Body = body;
            Signature = signature;
            ReceivedAt = DateTimeOffset.UtcNow;
            Json = Encoding.UTF8.GetString(body);
            // A body that is not a JSON object leaves Type and SessionId null; it is kept as received.
            var document = Document.TryParse(Json);
            Type = Document.Text(document, "type");
            SessionId = Document.Text(Document.Object(document, "session"), "id");
        }

        /// <summary>The path it was posted to.</summary>
        public string Path { get; private set; }

        /// <summary>The raw body: pass it with <see cref="Signature"/> to <see cref="SgPayClient.VerifyWebhook"/>.</summary>
        public byte[] Body { get; private set; }

        /// <summary>The body as text (UTF-8).</summary>
        public string Json { get; private set; }

        /// <summary>The <c>X-PARTNER-SIGN</c> header, or null.</summary>
        public string Signature { get; private set; }

        /// <summary>The event type, e.g. <c>payment_finished</c>, or null.</summary>
        public string Type { get; private set; }

        /// <summary>The id of the session it is about, or null.</summary>
        public string SessionId { get; private set; }

        /// <summary>When the receiver got it (UTC).</summary>
        public DateTimeOffset ReceivedAt { get; private set; }

        /// <summary>A short description: type and session.</summary>
        /// <returns>E.g. <c>payment_finished ps_1</c>.</returns>
        public override string ToString()
        {
            return (Type ?? "webhook") + " " + (SessionId ?? string.Empty);
        }
    }
}
