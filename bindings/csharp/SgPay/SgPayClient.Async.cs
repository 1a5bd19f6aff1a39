using System;
using System.Threading.Tasks;

namespace SgPay
{
    // The ...Async variant of every method: the same call run on the thread pool (Task.Run),
    // so a UI or request thread is not held while a payment waits on the network. The task
    // faults with the exception the synchronous method would throw; parameters and results
    // are those of the synchronous method.
    public sealed partial class SgPayClient
    {
        /// <summary>Runs <see cref="Call"/> on the thread pool.</summary>
        public Task<string> CallAsync(string operation, string requestJson, string optionsJson = null) => Task.Run(() => Call(operation, requestJson, optionsJson));

        /// <summary>Runs <see cref="CreateSession"/> on the thread pool.</summary>
        public Task<string> CreateSessionAsync(string requestJson = "{}", string optionsJson = null) => Task.Run(() => CreateSession(requestJson, optionsJson));

        /// <summary>Runs <see cref="InitPayment"/> on the thread pool.</summary>
        public Task<string> InitPaymentAsync(string requestJson, string optionsJson = null) => Task.Run(() => InitPayment(requestJson, optionsJson));

        /// <summary>Runs <see cref="StartPayment"/> on the thread pool.</summary>
        public Task<string> StartPaymentAsync(string requestJson, string optionsJson = null) => Task.Run(() => StartPayment(requestJson, optionsJson));

        /// <summary>Runs <see cref="InitPayout"/> on the thread pool.</summary>
        public Task<string> InitPayoutAsync(string requestJson, string optionsJson = null) => Task.Run(() => InitPayout(requestJson, optionsJson));

        /// <summary>Runs <see cref="StartPayout"/> on the thread pool.</summary>
        public Task<string> StartPayoutAsync(string requestJson, string optionsJson = null) => Task.Run(() => StartPayout(requestJson, optionsJson));

        /// <summary>Runs <see cref="Confirm"/> on the thread pool.</summary>
        public Task<string> ConfirmAsync(string requestJson, string optionsJson = null) => Task.Run(() => Confirm(requestJson, optionsJson));

        /// <summary>Runs <see cref="Cancel"/> on the thread pool.</summary>
        public Task<string> CancelAsync(string requestJson, string optionsJson = null) => Task.Run(() => Cancel(requestJson, optionsJson));

        /// <summary>Runs <see cref="Capture"/> on the thread pool.</summary>
        public Task<string> CaptureAsync(string requestJson, string optionsJson = null) => Task.Run(() => Capture(requestJson, optionsJson));

        /// <summary>Runs <see cref="Refund"/> on the thread pool.</summary>
        public Task<string> RefundAsync(string requestJson, string optionsJson = null) => Task.Run(() => Refund(requestJson, optionsJson));

        /// <summary>Runs <see cref="Status"/> on the thread pool.</summary>
        public Task<string> StatusAsync(string requestJsonOrSessionId, string optionsJson = null) => Task.Run(() => Status(requestJsonOrSessionId, optionsJson));

        /// <summary>Runs <see cref="VerifyWebhook"/> on the thread pool.</summary>
        public Task<string> VerifyWebhookAsync(byte[] body, string signature) => Task.Run(() => VerifyWebhook(body, signature));

        /// <summary>Runs <see cref="Pay"/> on the thread pool.</summary>
        public Task<string> PayAsync(string requestJson, string optionsJson = null) => Task.Run(() => Pay(requestJson, optionsJson));

        /// <summary>Runs <see cref="JournalEntries"/> on the thread pool.</summary>
        public Task<string> JournalEntriesAsync(string filterJson = null) => Task.Run(() => JournalEntries(filterJson));

        /// <summary>Runs <see cref="Recover"/> on the thread pool.</summary>
        public Task<string> RecoverAsync(string optionsJson = null) => Task.Run(() => Recover(optionsJson));

        /// <summary>Runs <see cref="Acknowledge"/> on the thread pool.</summary>
        public Task<string> AcknowledgeAsync(string entryId) => Task.Run(() => Acknowledge(entryId));
    }
}
