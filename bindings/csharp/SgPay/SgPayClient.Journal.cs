using System;
using System.Collections.Generic;

namespace SgPay
{
    // Crash-safe payments: Pay and the journal.
    public sealed partial class SgPayClient
    {
        /// <summary>
        /// Runs one whole card payment (see <see cref="Pay(string, PayOptions)"/>) and returns
        /// the library's document as JSON text. The typed overload is usually handier.
        /// </summary>
        /// <remarks>
        /// Runs one whole card payment: <c>session/create</c> (skipped when the request carries
        /// <c>session_id</c>, which resumes an interrupted sale), <c>session/start/payment</c>,
        /// waits, <c>session/confirm</c> (unless the options say <c>"confirm":"manual"</c>),
        /// and waits for a final status. With <c>journal_path</c> configured, every step is
        /// journaled before it is sent.
        /// </remarks>
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
        public string Pay(string requestJson, string optionsJson)
        {
            byte[] request = Utf8.ToNative(Required(requestJson, "requestJson"), "requestJson");
            byte[] options = Utf8.ToNative(optionsJson, "optionsJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_pay(client, request, options, out outJson));
        }

        /// <summary>Lists journal entries as JSON text: <c>{"status":"ok","entries":[...]}</c>
        /// (see <see cref="JournalEntries(JournalFilter)"/> for the typed list).</summary>
        /// <param name="filterJson">Null (every unacknowledged entry), <c>{"reference":"..."}</c>,
        /// <c>{"state":"..."}</c>, <c>{"session_id":"..."}</c>, optionally with <c>"include_acknowledged":true</c>.</param>
        /// <returns>The entries document.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string JournalEntries(string filterJson)
        {
            byte[] filter = Utf8.ToNative(filterJson, "filterJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_journal_entries(client, filter, out outJson));
        }

        /// <summary>
        /// Resolves the entries a gone process left <c>pending</c>, and those <c>in_doubt</c>,
        /// and returns the library's document as JSON text (see
        /// <see cref="Recover(RecoverOptions)"/> for the typed list).
        /// </summary>
        /// <param name="optionsJson">Null, or <c>{"deadline_ms":N}</c>.</param>
        /// <returns><c>{"status":"ok","entries":[...]}</c>: each resolved entry with its
        /// <c>outcome</c>, or <c>needs_attention</c> with what a person must check.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Recover(string optionsJson)
        {
            byte[] options = Utf8.ToNative(optionsJson, "optionsJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_journal_recover(client, options, out outJson));
        }

        /// <summary>Marks that the till has recorded the outcome of a journal entry; acknowledged
        /// entries are purged after <c>journal_retention_days</c>.</summary>
        /// <param name="entryId">The entry's <c>id</c>.</param>
        /// <returns>The library's reply, <c>{"status":"ok","entry":{...}}</c>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="entryId"/> is null.</exception>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Acknowledge(string entryId)
        {
            byte[] id = Utf8.ToNative(Required(entryId, "entryId"), "entryId");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_journal_acknowledge(client, id, out outJson));
        }

        /// <summary>
        /// Runs one whole card payment: <c>session/create</c> (skipped when the request carries
        /// <c>session_id</c>, which resumes an interrupted sale), <c>session/start/payment</c>,
        /// waits, <c>session/confirm</c> (unless <see cref="PayOptions.Confirm"/> is
        /// <see cref="ConfirmMode.Manual"/>), and waits for a final status. With
        /// <c>journal_path</c> configured, every step is journaled before it is sent.
        /// </summary>
        /// <param name="requestJson">A <c>session/start/payment</c> body, with or without <c>session_id</c>.</param>
        /// <param name="options">The sale's options, or null for the library's defaults.</param>
        /// <returns>The outcome, the session and the whole document. A decline is an outcome
        /// (<see cref="Outcome.Declined"/>), not an exception.</returns>
        /// <exception cref="SgPayJournalException">The journal could not be written; nothing was sent.</exception>
        /// <exception cref="SgPayException">The call failed otherwise; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        /// <example>
        /// <code>
        /// PayResult paid = client.Pay(requestJson, new PayOptions { Reference = "receipt-1001" });
        /// if (paid.Outcome == Outcome.Succeeded) { PrintReceipt(paid.SessionId); }
        /// </code>
        /// </example>
        public PayResult Pay(string requestJson, PayOptions options = null)
        {
            return new PayResult(Pay(requestJson, options == null ? null : options.ToJson()));
        }

        /// <summary>Lists journal entries, newest last.</summary>
        /// <param name="filter">Which entries; null lists every entry not yet acknowledged.</param>
        /// <returns>The entries.</returns>
        /// <exception cref="SgPayException">The call failed (e.g. no <c>journal_path</c> configured); the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public IReadOnlyList<JournalEntry> JournalEntries(JournalFilter filter = null)
        {
            return JournalEntry.ListOf(JournalEntries(filter == null ? null : filter.ToJson()));
        }

        /// <summary>
        /// Resolves the entries a gone process left <c>pending</c>, and those <c>in_doubt</c>:
        /// asks <c>session/status</c> or re-sends a stored body with its own key. It never
        /// confirms a <c>manual</c> sale, cancels or starts a payment of its own, and never
        /// re-sends card data. Call it at start-up.
        /// </summary>
        /// <param name="options">Options, or null.</param>
        /// <returns>Each entry looked at: with its <see cref="JournalEntry.Outcome"/>, or
        /// <see cref="JournalState.NeedsAttention"/> with a <see cref="JournalEntry.Note"/> on what a
        /// person must check, or still <see cref="JournalState.InDoubt"/>.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public IReadOnlyList<JournalEntry> Recover(RecoverOptions options = null)
        {
            return JournalEntry.ListOf(Recover(options == null ? null : options.ToJson()));
        }

        /// <summary>Marks that the till has recorded the outcome of a journal entry; acknowledged
        /// entries are purged after <c>journal_retention_days</c>.</summary>
        /// <param name="entry">The entry, from <see cref="JournalEntries(JournalFilter)"/> or <see cref="Recover(RecoverOptions)"/>.</param>
        /// <returns>The entry as acknowledged (its <see cref="JournalEntry.AcknowledgedAt"/> set).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
        /// <exception cref="SgPayInvalidArgumentException">The entry is still pending, or unknown.</exception>
        /// <exception cref="SgPayException">The call failed otherwise; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public JournalEntry Acknowledge(JournalEntry entry)
        {
            if (entry == null)
            {
                throw new ArgumentNullException("entry");
            }
            var acknowledged = Document.Object(Document.Parse(Acknowledge(entry.Id)), "entry");
            return acknowledged == null ? entry : new JournalEntry(acknowledged);
        }
    }
}
