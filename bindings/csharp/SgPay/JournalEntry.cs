using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

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
        internal JournalEntry(Dictionary<string, object> entry)
        {
            Id = Document.Text(entry, "id");
            Kind = Document.Text(entry, "kind");
            Reference = Document.Text(entry, "reference");
            IdempotencyKey = Document.Text(entry, "idempotency_key");
            SessionId = Document.Text(entry, "session_id");
            Amount = Document.Integer(entry, "amount");
            Currency = Document.Text(entry, "currency");
            Card = Document.Text(entry, "card");
            string confirm = Document.Text(entry, "confirm");
            Confirm = confirm == "manual" ? ConfirmMode.Manual : confirm == "auto" ? (ConfirmMode?)ConfirmMode.Auto : null;
            StateName = Document.Text(entry, "state");
            State = WireNames.ParseState(StateName);
            OutcomeName = Document.Text(entry, "outcome");
            Outcome = OutcomeName == null ? (Outcome?)null : WireNames.ParseOutcome(OutcomeName);
            Note = Document.Text(entry, "note");
            CreatedAt = Document.Time(entry, "created_at") ?? DateTimeOffset.MinValue;
            UpdatedAt = Document.Time(entry, "updated_at") ?? CreatedAt;
            AcknowledgedAt = Document.Time(entry, "acknowledged_at");
            var operations = new List<JournalOperation>();
            var list = Document.Member(entry, "operations") as List<object>;
            if (list != null)
            {
                foreach (object operation in list)
                {
                    var map = operation as Dictionary<string, object>;
                    if (map != null)
                    {
                        operations.Add(new JournalOperation(map));
                    }
                }
            }
            Operations = new ReadOnlyCollection<JournalOperation>(operations);
            Json = JsonWriter.Write(entry);
        }

        /// <summary>The entry's id (<c>je_…</c>); pass it (or the entry) to <see cref="SgPayClient.Acknowledge(JournalEntry)"/>.</summary>
        public string Id { get; private set; }

        /// <summary><c>pay</c> (a sale) or <c>call</c> (one money-moving call).</summary>
        public string Kind { get; private set; }

        /// <summary>Your id of the sale (<see cref="PayOptions.Reference"/>), or null.</summary>
        public string Reference { get; private set; }

        /// <summary>The idempotency base of a sale, or null.</summary>
        public string IdempotencyKey { get; private set; }

        /// <summary>The session (<c>ps_…</c>), once known.</summary>
        public string SessionId { get; private set; }

        /// <summary>The amount in minor units, once known.</summary>
        public long? Amount { get; private set; }

        /// <summary>The currency code, once known.</summary>
        public string Currency { get; private set; }

        /// <summary>The card, masked (first six and last four digits), once known.</summary>
        public string Card { get; private set; }

        /// <summary>What the caller of Pay decided about confirming, or null.</summary>
        public ConfirmMode? Confirm { get; private set; }

        /// <summary>Where the entry stands.</summary>
        public JournalState State { get; private set; }

        /// <summary>The state as the library named it (e.g. <c>needs_attention</c>).</summary>
        public string StateName { get; private set; }

        /// <summary>The payment's outcome, once known; else null.</summary>
        public Outcome? Outcome { get; private set; }

        /// <summary>The outcome as the library named it, or null.</summary>
        public string OutcomeName { get; private set; }

        /// <summary>Plain words for a person when the entry needs attention, else null.</summary>
        public string Note { get; private set; }

        /// <summary>When the entry was written (UTC).</summary>
        public DateTimeOffset CreatedAt { get; private set; }

        /// <summary>When the entry last changed (UTC).</summary>
        public DateTimeOffset UpdatedAt { get; private set; }

        /// <summary>When the till acknowledged the outcome (UTC), or null.</summary>
        public DateTimeOffset? AcknowledgedAt { get; private set; }

        /// <summary>The requests of the entry, in order.</summary>
        public IReadOnlyList<JournalOperation> Operations { get; private set; }

        /// <summary>The entry as the library wrote it (JSON).</summary>
        public string Json { get; private set; }

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
            var entries = new List<JournalEntry>();
            var list = Document.Member(Document.Parse(json), "entries") as List<object>;
            if (list != null)
            {
                foreach (object entry in list)
                {
                    var map = entry as Dictionary<string, object>;
                    if (map != null)
                    {
                        entries.Add(new JournalEntry(map));
                    }
                }
            }
            return new ReadOnlyCollection<JournalEntry>(entries);
        }
    }

    /// <summary>One request of a <see cref="JournalEntry"/> and what became of it.</summary>
    public sealed class JournalOperation
    {
        internal JournalOperation(Dictionary<string, object> operation)
        {
            Operation = Document.Text(operation, "operation");
            IdempotencyKey = Document.Text(operation, "idempotency_key");
            State = Document.Text(operation, "state");
            long? status = Document.Integer(operation, "http_status");
            HttpStatus = status == null ? (int?)null : (int)status.Value;
            ErrorCode = Document.Text(operation, "error_code");
            BodyStored = Document.Flag(operation, "body_stored");
            CreatedAt = Document.Time(operation, "created_at") ?? DateTimeOffset.MinValue;
        }

        /// <summary>The API method path, e.g. <c>session/start/payment</c>.</summary>
        public string Operation { get; private set; }

        /// <summary>The idempotency key it was sent with.</summary>
        public string IdempotencyKey { get; private set; }

        /// <summary><c>pending</c>, <c>answered</c>, <c>refused</c>, <c>not_sent</c> or <c>in_doubt</c>.</summary>
        public string State { get; private set; }

        /// <summary>The HTTP status of the last answer, or null.</summary>
        public int? HttpStatus { get; private set; }

        /// <summary>The API's error code when it refused, or null.</summary>
        public string ErrorCode { get; private set; }

        /// <summary>Whether the body was stored for re-sending (never when it holds card data).</summary>
        public bool BodyStored { get; private set; }

        /// <summary>When it was written (UTC).</summary>
        public DateTimeOffset CreatedAt { get; private set; }

        /// <summary>A short description: operation and state.</summary>
        /// <returns>E.g. <c>session/confirm: answered</c>.</returns>
        public override string ToString()
        {
            return Operation + ": " + State;
        }
    }
}
