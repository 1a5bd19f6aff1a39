using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace SgPay
{
    // The ...Async variant of every method: the same call run on the thread pool (Task.Run),
    // so a UI or request thread is not held while a payment waits on the network. The task
    // faults with the exception the synchronous method would throw; parameters and results
    // are those of the synchronous method.
    public sealed partial class SgPayClient
    {
        /// <summary>Runs <see cref="Call(string, string, string)"/> on the thread pool.</summary>
        public Task<string> CallAsync(string operation, string requestJson, string optionsJson = null) => Task.Run(() => Call(operation, requestJson, optionsJson));

        /// <summary>Runs <see cref="Call(string, string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> CallAsync(string operation, string requestJson, CallOptions options) => Task.Run(() => Call(operation, requestJson, options));

        /// <summary>Runs <see cref="CreateSession(string, string)"/> on the thread pool.</summary>
        public Task<string> CreateSessionAsync(string requestJson = "{}", string optionsJson = null) => Task.Run(() => CreateSession(requestJson, optionsJson));

        /// <summary>Runs <see cref="CreateSession(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> CreateSessionAsync(string requestJson, CallOptions options) => Task.Run(() => CreateSession(requestJson, options));

        /// <summary>Runs <see cref="InitPayment(string, string)"/> on the thread pool.</summary>
        public Task<string> InitPaymentAsync(string requestJson, string optionsJson = null) => Task.Run(() => InitPayment(requestJson, optionsJson));

        /// <summary>Runs <see cref="InitPayment(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> InitPaymentAsync(string requestJson, CallOptions options) => Task.Run(() => InitPayment(requestJson, options));

        /// <summary>Runs <see cref="StartPayment(string, string)"/> on the thread pool.</summary>
        public Task<string> StartPaymentAsync(string requestJson, string optionsJson = null) => Task.Run(() => StartPayment(requestJson, optionsJson));

        /// <summary>Runs <see cref="StartPayment(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> StartPaymentAsync(string requestJson, CallOptions options) => Task.Run(() => StartPayment(requestJson, options));

        /// <summary>Runs <see cref="InitPayout(string, string)"/> on the thread pool.</summary>
        public Task<string> InitPayoutAsync(string requestJson, string optionsJson = null) => Task.Run(() => InitPayout(requestJson, optionsJson));

        /// <summary>Runs <see cref="InitPayout(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> InitPayoutAsync(string requestJson, CallOptions options) => Task.Run(() => InitPayout(requestJson, options));

        /// <summary>Runs <see cref="StartPayout(string, string)"/> on the thread pool.</summary>
        public Task<string> StartPayoutAsync(string requestJson, string optionsJson = null) => Task.Run(() => StartPayout(requestJson, optionsJson));

        /// <summary>Runs <see cref="StartPayout(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> StartPayoutAsync(string requestJson, CallOptions options) => Task.Run(() => StartPayout(requestJson, options));

        /// <summary>Runs <see cref="Confirm(string, string)"/> on the thread pool.</summary>
        public Task<string> ConfirmAsync(string requestJson, string optionsJson = null) => Task.Run(() => Confirm(requestJson, optionsJson));

        /// <summary>Runs <see cref="Confirm(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> ConfirmAsync(string requestJson, CallOptions options) => Task.Run(() => Confirm(requestJson, options));

        /// <summary>Runs <see cref="Cancel(string, string)"/> on the thread pool.</summary>
        public Task<string> CancelAsync(string requestJson, string optionsJson = null) => Task.Run(() => Cancel(requestJson, optionsJson));

        /// <summary>Runs <see cref="Cancel(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> CancelAsync(string requestJson, CallOptions options) => Task.Run(() => Cancel(requestJson, options));

        /// <summary>Runs <see cref="Capture(string, string)"/> on the thread pool.</summary>
        public Task<string> CaptureAsync(string requestJson, string optionsJson = null) => Task.Run(() => Capture(requestJson, optionsJson));

        /// <summary>Runs <see cref="Capture(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> CaptureAsync(string requestJson, CallOptions options) => Task.Run(() => Capture(requestJson, options));

        /// <summary>Runs <see cref="Refund(string, string)"/> on the thread pool.</summary>
        public Task<string> RefundAsync(string requestJson, string optionsJson = null) => Task.Run(() => Refund(requestJson, optionsJson));

        /// <summary>Runs <see cref="Refund(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> RefundAsync(string requestJson, CallOptions options) => Task.Run(() => Refund(requestJson, options));

        /// <summary>Runs <see cref="Status(string, string)"/> on the thread pool.</summary>
        public Task<string> StatusAsync(string requestJsonOrSessionId, string optionsJson = null) => Task.Run(() => Status(requestJsonOrSessionId, optionsJson));

        /// <summary>Runs <see cref="Status(string, CallOptions)"/> on the thread pool.</summary>
        public Task<string> StatusAsync(string requestJsonOrSessionId, CallOptions options) => Task.Run(() => Status(requestJsonOrSessionId, options));

        /// <summary>Runs <see cref="VerifyWebhook"/> on the thread pool.</summary>
        public Task<string> VerifyWebhookAsync(byte[] body, string signature) => Task.Run(() => VerifyWebhook(body, signature));

        /// <summary>Runs <see cref="Pay(string, PayOptions)"/> on the thread pool.</summary>
        public Task<PayResult> PayAsync(string requestJson, PayOptions options = null) => Task.Run(() => Pay(requestJson, options));

        /// <summary>Runs <see cref="Pay(string, string)"/> on the thread pool.</summary>
        public Task<string> PayAsync(string requestJson, string optionsJson) => Task.Run(() => Pay(requestJson, optionsJson));

        /// <summary>Runs <see cref="JournalEntries(JournalFilter)"/> on the thread pool.</summary>
        public Task<IReadOnlyList<JournalEntry>> JournalEntriesAsync(JournalFilter filter = null) => Task.Run(() => JournalEntries(filter));

        /// <summary>Runs <see cref="JournalEntries(string)"/> on the thread pool.</summary>
        public Task<string> JournalEntriesAsync(string filterJson) => Task.Run(() => JournalEntries(filterJson));

        /// <summary>Runs <see cref="Recover(RecoverOptions)"/> on the thread pool.</summary>
        public Task<IReadOnlyList<JournalEntry>> RecoverAsync(RecoverOptions options = null) => Task.Run(() => Recover(options));

        /// <summary>Runs <see cref="Recover(string)"/> on the thread pool.</summary>
        public Task<string> RecoverAsync(string optionsJson) => Task.Run(() => Recover(optionsJson));

        /// <summary>Runs <see cref="Acknowledge(JournalEntry)"/> on the thread pool.</summary>
        public Task<JournalEntry> AcknowledgeAsync(JournalEntry entry) => Task.Run(() => Acknowledge(entry));

        /// <summary>Runs <see cref="Acknowledge(string)"/> on the thread pool.</summary>
        public Task<string> AcknowledgeAsync(string entryId) => Task.Run(() => Acknowledge(entryId));
    }
}
