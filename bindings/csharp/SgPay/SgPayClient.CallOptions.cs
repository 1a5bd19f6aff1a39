using System;

namespace SgPay
{
    // The session methods and Call with options as an object (CallOptions) instead of JSON text.
    public sealed partial class SgPayClient
    {
        /// <summary>Calls any API method by its path, with per-call options.</summary>
        /// <param name="operation">The method path after <c>/api/v1/</c>, e.g. <c>session/status</c>.</param>
        /// <param name="requestJson">The request body, a JSON object.</param>
        /// <param name="options">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Call(string operation, string requestJson, CallOptions options)
        {
            return Call(operation, requestJson, OptionsJson(options));
        }

        /// <summary>Creates a session (<c>session/create</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string CreateSession(string requestJson, CallOptions options)
        {
            return CreateSession(requestJson, OptionsJson(options));
        }

        /// <summary>Creates a session and starts a payment (<c>session/init/payment</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string InitPayment(string requestJson, CallOptions options)
        {
            return InitPayment(requestJson, OptionsJson(options));
        }

        /// <summary>Starts a payment in an existing session (<c>session/start/payment</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string StartPayment(string requestJson, CallOptions options)
        {
            return StartPayment(requestJson, OptionsJson(options));
        }

        /// <summary>Creates a session and starts a payout (<c>session/init/payout</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string InitPayout(string requestJson, CallOptions options)
        {
            return InitPayout(requestJson, OptionsJson(options));
        }

        /// <summary>Starts a payout in an existing session (<c>session/start/payout</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string StartPayout(string requestJson, CallOptions options)
        {
            return StartPayout(requestJson, OptionsJson(options));
        }

        /// <summary>Confirms a pending operation (<c>session/confirm</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body, or the session id alone.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Confirm(string requestJson, CallOptions options)
        {
            return Confirm(requestJson, OptionsJson(options));
        }

        /// <summary>Cancels a pending operation or releases a hold (<c>session/cancel</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body, or the session id alone.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Cancel(string requestJson, CallOptions options)
        {
            return Cancel(requestJson, OptionsJson(options));
        }

        /// <summary>Debits a hold (<c>session/capture</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body, or the session id alone.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Capture(string requestJson, CallOptions options)
        {
            return Capture(requestJson, OptionsJson(options));
        }

        /// <summary>Refunds a succeeded payment (<c>session/refund</c>) with per-call options.</summary>
        /// <param name="requestJson">The request body, or the session id alone.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Refund(string requestJson, CallOptions options)
        {
            return Refund(requestJson, OptionsJson(options));
        }

        /// <summary>Returns the whole session (<c>session/status</c>) with per-call options.</summary>
        /// <param name="requestJsonOrSessionId">The request body, or the session id alone.</param>
        /// <param name="options">Per-call options (idempotency key, submerchant), or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Status(string requestJsonOrSessionId, CallOptions options)
        {
            return Status(requestJsonOrSessionId, OptionsJson(options));
        }

        private static string OptionsJson(CallOptions options)
        {
            return options == null ? null : options.ToJson();
        }
    }
}
