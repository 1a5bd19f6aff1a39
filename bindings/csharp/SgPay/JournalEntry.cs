using System;
using System.Collections.Generic;

namespace SgPay
{
    /// <summary>
    /// One entry of the journal: a sale run by <see cref="SgPayClient.Pay(string, PayOptions)"/>
    /// or one money-moving call, with what became of it. Returned by
    /// <see cref="SgPayClient.JournalEntries(JournalFilter)"/> and
    /// <see cref="SgPayClient.Recover(RecoverOptions)"/>. The card is masked (first six and
    /// last four digits).
    /// </summary>
    public sealed class JournalEntry
    {
        private readonly Dictionary<string, object> entry;

        internal JournalEntry(Dictionary<string, object> entry)
        {
            this.entry = entry;
            Operations = Document.Objects(entry, "operations", operation => new JournalOperation(operation));
            Json = JsonWriter.Write(entry);
        }

        /// <summary>The entry's id (<c>je_…</c>); pass it (or the entry) to <see cref="SgPayClient.Acknowledge(JournalEntry)"/>.</summary>
        public string Id => Document.Text(entry, "id");

        /// <summary><c>pay</c> (a sale) or <c>call</c> (one money-moving call).</summary>
        public string Kind => Document.Text(entry, "kind");

        /// <summary>Your id of the sale (<see cref="PayOptions.Reference"/>), or null.</summary>
        public string Reference => Document.Text(entry, "reference");

        /// <summary>The idempotency base of a sale, or null.</summary>
        public string IdempotencyKey => Document.Text(entry, "idempotency_key");

        /// <summary>The session (<c>ps_…</c>), once known.</summary>
        public string SessionId => Document.Text(entry, "session_id");

        /// <summary>The amount in minor units, once known.</summary>
        public long? Amount => Document.Integer(entry, "amount");

        /// <summary>The currency code, once known.</summary>
        public string Currency => Document.Text(entry, "currency");

        /// <summary>The card, masked (first six and last four digits), once known.</summary>
        public string Card => Document.Text(entry, "card");

        /// <summary>What the caller of Pay decided about confirming, or null.</summary>
        public ConfirmMode? Confirm => WireNames.ParseConfirm(Document.Text(entry, "confirm"));

        /// <summary>Where the entry stands.</summary>
        public JournalState State => WireNames.ParseState(StateName);

        /// <summary>The state as the library named it (e.g. <c>needs_attention</c>).</summary>
        public string StateName => Document.Text(entry, "state");

        /// <summary>The payment's outcome, once known; else null.</summary>
        public Outcome? Outcome => OutcomeName == null ? (Outcome?)null : WireNames.ParseOutcome(OutcomeName);

        /// <summary>The outcome as the library named it, or null.</summary>
        public string OutcomeName => Document.Text(entry, "outcome");

        /// <summary>Plain words for a person when the entry needs attention, else null.</summary>
        public string Note => Document.Text(entry, "note");

        /// <summary>When the entry was written (UTC).</summary>
        public DateTimeOffset CreatedAt => Document.Time(entry, "created_at") ?? DateTimeOffset.MinValue;

        /// <summary>When the entry last changed (UTC).</summary>
        public DateTimeOffset UpdatedAt => Document.Time(entry, "updated_at") ?? CreatedAt;

        /// <summary>When the till acknowledged the outcome (UTC), or null.</summary>
        public DateTimeOffset? AcknowledgedAt => Document.Time(entry, "acknowledged_at");

        /// <summary>The requests of the entry, in order.</summary>
        public IReadOnlyList<JournalOperation> Operations { get; }

        /// <summary>The entry as the library wrote it (JSON).</summary>
        public string Json { get; }

        /// <summary>A short description: id, state, outcome and reference (the card is left out).</summary>
        /// <returns>E.g. <c>JournalEntry(je_1, done, succeeded, reference receipt-1)</c>.</returns>
        public override string ToString()
        {
            return "JournalEntry(" + Id + ", " + StateName + ", " + (OutcomeName ?? "no outcome")
                + (Reference == null ? string.Empty : ", reference " + Reference) + ")";
        }

        /// <summary>Reads <c>{"status":"ok","entries":[...]}</c>.</summary>
        internal static IReadOnlyList<JournalEntry> ListOf(string json)
        {
            return Document.Objects(Document.Parse(json), "entries", entry => new JournalEntry(entry));
        }
    }

    /// <summary>One request of a <see cref="JournalEntry"/> and what became of it.</summary>
    public sealed class JournalOperation
    {
        private readonly Dictionary<string, object> operation;

        internal JournalOperation(Dictionary<string, object> operation)
        {
            this.operation = operation;
        }

        /// <summary>The API method path, e.g. <c>session/start/payment</c>.</summary>
        public string Operation => Document.Text(operation, "operation");

        /// <summary>The idempotency key it was sent with.</summary>
        public string IdempotencyKey => Document.Text(operation, "idempotency_key");

        /// <summary><c>pending</c>, <c>answered</c>, <c>refused</c>, <c>not_sent</c> or <c>in_doubt</c>.</summary>
        public string State => Document.Text(operation, "state");

        /// <summary>The HTTP status of the last answer, or null.</summary>
        public int? HttpStatus => (int?)Document.Integer(operation, "http_status");

        /// <summary>The API's error code when it refused, or null.</summary>
        public string ErrorCode => Document.Text(operation, "error_code");

        /// <summary>Whether the body was stored for re-sending (never when it holds card data).</summary>
        public bool BodyStored => Document.Flag(operation, "body_stored");

        /// <summary>When it was written (UTC).</summary>
        public DateTimeOffset CreatedAt => Document.Time(operation, "created_at") ?? DateTimeOffset.MinValue;

        /// <summary>A short description: operation and state.</summary>
        /// <returns>E.g. <c>session/confirm: answered</c>.</returns>
        public override string ToString()
        {
            return Operation + ": " + State;
        }
    }
}
