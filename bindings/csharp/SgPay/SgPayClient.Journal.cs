using System;

namespace SgPay
{
    // Crash-safe payments: Pay and the journal.
    public sealed partial class SgPayClient
    {
        /// <summary>
        /// Runs one whole card payment: <c>session/create</c> (skipped when the request carries
        /// <c>session_id</c>, which resumes an interrupted sale), <c>session/start/payment</c>,
        /// waits, <c>session/confirm</c> (unless the options say <c>"confirm":"manual"</c>),
        /// and waits for a final status. With <c>journal_path</c> configured, every step is
        /// journaled before it is sent.
        /// </summary>
        /// <param name="requestJson">A <c>session/start/payment</c> body, with or without <c>session_id</c>.</param>
        /// <param name="optionsJson">Null, or any of <c>reference</c> (your id of the sale, e.g. the
        /// receipt number), <c>idempotency_key</c> (the base each step's key derives from: repeating
        /// <c>Pay</c> with it replays instead of charging), <c>confirm</c> (<c>"auto"</c> or
        /// <c>"manual"</c>), <c>deadline_ms</c>, <c>poll_interval_ms</c>, <c>submerchant</c>.</param>
        /// <returns><c>{"status":"ok","outcome":"...","session":{...},"sgpay":{...}}</c>, the outcome
        /// one of <c>succeeded</c>, <c>declined</c>, <c>action_required</c>,
        /// <c>awaiting_confirmation</c>, <c>awaiting_capture</c>, <c>in_progress</c>, <c>error</c>.
        /// A decline is an outcome, not an exception.</returns>
        /// <exception cref="SgPayJournalException">The journal could not be written; nothing was sent.</exception>
        /// <exception cref="SgPayException">The call failed otherwise; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Pay(string requestJson, string optionsJson = null)
        {
            byte[] request = Utf8.ToNative(Required(requestJson, "requestJson"), "requestJson");
            byte[] options = Utf8.ToNative(optionsJson, "optionsJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_pay(client, request, options, out outJson));
        }

        /// <summary>Lists journal entries: <c>{"status":"ok","entries":[...]}</c>.</summary>
        /// <param name="filterJson">Null (every unacknowledged entry), <c>{"reference":"..."}</c>
        /// or <c>{"state":"..."}</c>.</param>
        /// <returns>The entries document.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string JournalEntries(string filterJson = null)
        {
            byte[] filter = Utf8.ToNative(filterJson, "filterJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_journal_entries(client, filter, out outJson));
        }

        /// <summary>
        /// Resolves the entries a gone process left <c>pending</c>, and those <c>in_doubt</c>:
        /// asks <c>session/status</c> or re-sends a stored body with its own key. It never
        /// confirms, cancels or starts a payment of its own, and never re-sends card data.
        /// </summary>
        /// <param name="optionsJson">Options, or null.</param>
        /// <returns><c>{"status":"ok","entries":[...]}</c>: each resolved entry with its
        /// <c>outcome</c>, or <c>needs_attention</c> with what a person must check.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Recover(string optionsJson = null)
        {
            byte[] options = Utf8.ToNative(optionsJson, "optionsJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_journal_recover(client, options, out outJson));
        }

        /// <summary>Marks that the till has recorded the outcome of a journal entry; acknowledged
        /// entries are purged after <c>journal_retention_days</c>.</summary>
        /// <param name="entryId">The entry's <c>id</c>.</param>
        /// <returns>The library's reply.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="entryId"/> is null.</exception>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Acknowledge(string entryId)
        {
            byte[] id = Utf8.ToNative(Required(entryId, "entryId"), "entryId");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_journal_acknowledge(client, id, out outJson));
        }
    }
}
