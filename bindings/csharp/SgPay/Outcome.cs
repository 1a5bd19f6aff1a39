using System;

namespace SgPay
{
    /// <summary>
    /// Where a card payment stands, as the library reads it from its session: the
    /// <c>outcome</c> of <see cref="SgPayClient.Pay(string, PayOptions)"/>,
    /// <see cref="SgPayClient.Recover(RecoverOptions)"/> and journal entries.
    /// </summary>
    public enum Outcome
    {
        /// <summary>A name this binding does not know (a newer native library); see the raw JSON.</summary>
        Unknown = 0,

        /// <summary><c>succeeded</c>: session <c>accepted</c>, the customer was charged.</summary>
        Succeeded = 1,

        /// <summary><c>declined</c>: session <c>cancelled</c> or payment <c>failed</c>; not charged.</summary>
        Declined = 2,

        /// <summary><c>action_required</c>: 3-D Secure; the customer must follow the redirect in the session.</summary>
        ActionRequired = 3,

        /// <summary><c>awaiting_confirmation</c>: the payment waits for <c>session/confirm</c>.</summary>
        AwaitingConfirmation = 4,

        /// <summary><c>awaiting_capture</c>: a hold waits for <c>session/capture</c> (or <c>session/cancel</c>).</summary>
        AwaitingCapture = 5,

        /// <summary><c>in_progress</c>: still being processed (the deadline came first: resume with the session id).</summary>
        InProgress = 6,

        /// <summary><c>error</c>: session <c>error</c>, not final; ask again later.</summary>
        Error = 7,

        /// <summary><c>not_started</c>: the session exists but no payment was started in it; nothing was charged.</summary>
        NotStarted = 8,
    }

    /// <summary>Where a journal entry stands (its <c>state</c>).</summary>
    public enum JournalState
    {
        /// <summary>A name this binding does not know (a newer native library); see the raw JSON.</summary>
        Unknown = 0,

        /// <summary><c>pending</c>: a request is (or was, when its process died) on its way.</summary>
        Pending = 1,

        /// <summary><c>in_doubt</c>: the request may or may not have been processed; recovery will find out.</summary>
        InDoubt = 2,

        /// <summary><c>done</c>: the outcome is known.</summary>
        Done = 3,

        /// <summary><c>needs_attention</c>: a person must check; the entry's note says what.</summary>
        NeedsAttention = 4,
    }

    /// <summary>Whether <see cref="SgPayClient.Pay(string, PayOptions)"/> confirms the payment itself.</summary>
    public enum ConfirmMode
    {
        /// <summary><c>auto</c>: confirm as soon as the payment is ready (the default).</summary>
        Auto,

        /// <summary><c>manual</c>: stop at <see cref="Outcome.AwaitingConfirmation"/>; the caller confirms.</summary>
        Manual,
    }

    /// <summary>The wire names of the enums above (the library's snake_case names). The name
    /// of <see cref="Outcome"/> or <see cref="JournalState"/> value <c>n</c> stands at index
    /// <c>n</c> of its table, so the enums' values are pinned.</summary>
    internal static class WireNames
    {
        private static readonly string[] OutcomeNames =
        {
            null, "succeeded", "declined", "action_required", "awaiting_confirmation",
            "awaiting_capture", "in_progress", "error", "not_started",
        };

        private static readonly string[] StateNames = { null, "pending", "in_doubt", "done", "needs_attention" };

        /// <summary>Every outcome name the binding knows, in enum order (Unknown excluded).</summary>
        internal static string[] KnownOutcomes
        {
            get
            {
                var names = new string[OutcomeNames.Length - 1];
                Array.Copy(OutcomeNames, 1, names, 0, names.Length);
                return names;
            }
        }

        internal static Outcome ParseOutcome(string name)
        {
            int index = name == null ? -1 : Array.IndexOf(OutcomeNames, name);
            return index > 0 ? (Outcome)index : Outcome.Unknown;
        }

        internal static string Name(Outcome outcome)
        {
            int index = (int)outcome;
            return index > 0 && index < OutcomeNames.Length ? OutcomeNames[index] : null;
        }

        internal static JournalState ParseState(string name)
        {
            int index = name == null ? -1 : Array.IndexOf(StateNames, name);
            return index > 0 ? (JournalState)index : JournalState.Unknown;
        }

        internal static string Name(JournalState state)
        {
            int index = (int)state;
            if (index <= 0 || index >= StateNames.Length)
            {
                throw new ArgumentOutOfRangeException("state", state, "not a journal state the library knows");
            }
            return StateNames[index];
        }

        /// <summary>The confirm mode named <paramref name="name"/>, or null for none or a name this binding does not know.</summary>
        internal static ConfirmMode? ParseConfirm(string name)
        {
            return name == "manual" ? ConfirmMode.Manual : name == "auto" ? (ConfirmMode?)ConfirmMode.Auto : null;
        }

        internal static string Name(ConfirmMode mode)
        {
            switch (mode)
            {
                case ConfirmMode.Auto: return "auto";
                case ConfirmMode.Manual: return "manual";
                default: throw new ArgumentOutOfRangeException("mode", mode, "not a confirm mode");
            }
        }
    }
}
