namespace SgPay
{
    /// <summary>
    /// Options of <see cref="SgPayClient.Pay(string, PayOptions)"/>; every property is optional
    /// (null leaves the library's default).
    /// </summary>
    /// <example>
    /// <code>
    /// PayResult paid = client.Pay(requestJson, new PayOptions { Reference = "receipt-1001", IdempotencyKey = "sale-1001" });
    /// </code>
    /// </example>
    public sealed class PayOptions
    {
        /// <summary>Your id of the sale, e.g. the receipt number; stored in the journal entry
        /// and used by <see cref="JournalFilter.Reference"/>.</summary>
        public string Reference { get; set; }

        /// <summary>The base each step's idempotency key derives from: repeating the payment
        /// with the same base replays it instead of charging again. Random when null.</summary>
        public string IdempotencyKey { get; set; }

        /// <summary>Whether the library confirms the payment itself (<see cref="ConfirmMode.Auto"/>,
        /// the default) or stops before confirming (<see cref="ConfirmMode.Manual"/>).</summary>
        public ConfirmMode? Confirm { get; set; }

        /// <summary>How long the whole payment may take, in milliseconds (else the client's <c>deadline_ms</c>).</summary>
        public long? DeadlineMs { get; set; }

        /// <summary>The first wait between two <c>session/status</c> polls, in milliseconds.</summary>
        public long? PollIntervalMs { get; set; }

        /// <summary>The <c>X-PARTNER-SUBMERCHANT</c> of every request of the payment.</summary>
        public string Submerchant { get; set; }

        /// <summary>The options document (<c>{"reference":...,"idempotency_key":...}</c>), or null when no option is set.</summary>
        /// <returns>The JSON text the library reads.</returns>
        public string ToJson()
        {
            return new JsonWriter()
                .Add("reference", Reference)
                .Add("idempotency_key", IdempotencyKey)
                .Add("confirm", Confirm == null ? null : WireNames.Name(Confirm.Value))
                .Add("deadline_ms", DeadlineMs)
                .Add("poll_interval_ms", PollIntervalMs)
                .Add("submerchant", Submerchant)
                .ToJsonOrNull();
        }
    }

    /// <summary>Options of one API call (<see cref="SgPayClient.Call(string, string, CallOptions)"/>
    /// and the session methods); every property is optional.</summary>
    public sealed class CallOptions
    {
        /// <summary>The <c>X-PARTNER-IDEMPOTENCY-KEY</c>: repeating the call with it replays
        /// the first answer instead of doing it again. The library makes one up when null.</summary>
        public string IdempotencyKey { get; set; }

        /// <summary>The <c>X-PARTNER-SUBMERCHANT</c> of this call (else the client's).</summary>
        public string Submerchant { get; set; }

        /// <summary>The options document (<c>{"idempotency_key":...,"submerchant":...}</c>), or null when no option is set.</summary>
        /// <returns>The JSON text the library reads.</returns>
        public string ToJson()
        {
            return new JsonWriter()
                .Add("idempotency_key", IdempotencyKey)
                .Add("submerchant", Submerchant)
                .ToJsonOrNull();
        }
    }

    /// <summary>
    /// Which entries <see cref="SgPayClient.JournalEntries(JournalFilter)"/> lists. With no
    /// property set: every entry not yet acknowledged. With <see cref="Reference"/> or
    /// <see cref="SessionId"/>: acknowledged ones too, unless <see cref="IncludeAcknowledged"/>
    /// says otherwise.
    /// </summary>
    public sealed class JournalFilter
    {
        /// <summary>Entries of one sale (the <see cref="PayOptions.Reference"/> given to Pay).</summary>
        public string Reference { get; set; }

        /// <summary>Entries in one state.</summary>
        public JournalState? State { get; set; }

        /// <summary>Entries of one session.</summary>
        public string SessionId { get; set; }

        /// <summary>Whether acknowledged entries are listed too.</summary>
        public bool? IncludeAcknowledged { get; set; }

        /// <summary>The filter document (<c>{"reference":...}</c>), or null when no property is set.</summary>
        /// <returns>The JSON text the library reads.</returns>
        /// <exception cref="System.ArgumentOutOfRangeException"><see cref="State"/> is <see cref="JournalState.Unknown"/>.</exception>
        public string ToJson()
        {
            return new JsonWriter()
                .Add("reference", Reference)
                .Add("state", State == null ? null : WireNames.Name(State.Value))
                .Add("session_id", SessionId)
                .Add("include_acknowledged", IncludeAcknowledged)
                .ToJsonOrNull();
        }
    }

    /// <summary>Options of <see cref="SgPayClient.Recover(RecoverOptions)"/>.</summary>
    public sealed class RecoverOptions
    {
        /// <summary>How long to wait for sessions still being processed, in milliseconds
        /// (else the client's <c>deadline_ms</c>).</summary>
        public long? DeadlineMs { get; set; }

        /// <summary>The options document (<c>{"deadline_ms":N}</c>), or null when no option is set.</summary>
        /// <returns>The JSON text the library reads.</returns>
        public string ToJson()
        {
            return new JsonWriter().Add("deadline_ms", DeadlineMs).ToJsonOrNull();
        }
    }
}
