using System;
using System.Runtime.CompilerServices;

namespace SgPay
{
    /// <summary>
    /// A client of the Smart Glocal partner API, backed by the native sgpay library: it signs
    /// requests, retries what is safe to retry and keeps idempotency keys across its retries.
    /// Requests and replies are JSON text; on success a method returns the server's reply
    /// unchanged, on failure it throws a subclass of <see cref="SgPayException"/>.
    /// </summary>
    /// <remarks>
    /// One client may be used from many threads at once. <see cref="Dispose"/> may also be
    /// called while other threads are inside a call: the native client is freed only after
    /// the last of those calls returns, and later calls throw <see cref="ObjectDisposedException"/>.
    /// Every method takes an optional <c>optionsJson</c>: <c>{"idempotency_key":"...",
    /// "submerchant":"..."}</c>, both optional. <see cref="Confirm(string, string)"/>, <see cref="Cancel(string, string)"/>,
    /// <see cref="Capture(string, string)"/>, <see cref="Refund(string, string)"/> and <see cref="Status(string, string)"/> also take the session
    /// id alone: any text not starting with <c>{</c> is sent as <c>{"session_id":...}</c>.
    /// Every method has an <c>...Async</c> variant that runs it on the thread pool.
    /// </remarks>
    /// <example>
    /// <code>
    /// using (var client = new SgPayClient(configJson))
    /// {
    ///     string reply = client.StartPayment(requestJson);
    ///     string status = client.Status("ps_1");
    /// }
    /// </code>
    /// </example>
    public sealed partial class SgPayClient : IDisposable
    {
        private readonly SgPayClientHandle handle;

        static SgPayClient()
        {
            NativeLibraryLoader.Preload();
        }

        /// <summary>
        /// Creates a client from the configuration JSON (docs/c-abi.md, "Configuration"), e.g.
        /// <c>{"base_url":"https://demo.smart-glocal.com","project":"my-project","private_key_path":"partner.pem"}</c>.
        /// Loads the native library and checks its ABI version on first use.
        /// </summary>
        /// <param name="configJson">The configuration document; unknown keys are rejected.</param>
        /// <exception cref="ArgumentNullException"><paramref name="configJson"/> is null.</exception>
        /// <exception cref="SgPayConfigException">The configuration is invalid or a key cannot be read.</exception>
        /// <exception cref="SgPayNativeLibraryException">The native library is missing or incompatible.</exception>
        public SgPayClient(string configJson)
        {
            byte[] config = Utf8.ToNative(Required(configJson, "configJson"), "configJson");
            NativeLibraryLoader.EnsureLoaded();
            IntPtr outJson;
            SgPayClientHandle created;
            int status = Native.sgpay_client_new(config, out created, out outJson);
            string document = Utf8.TakeNative(outJson);
            if (status != (int)SgPayStatus.Ok || created == null || created.IsInvalid)
            {
                if (created != null)
                {
                    created.Dispose();
                }
                throw SgPayException.FromNative(status == 0 ? (int)SgPayStatus.Internal : status, document);
            }
            handle = created;
        }

        private delegate int NativeCall(IntPtr client, out IntPtr outJson);

        /// <summary>The version string of the loaded native library, e.g. <c>0.1.0</c>.</summary>
        /// <exception cref="SgPayNativeLibraryException">The native library is missing or incompatible.</exception>
        public static string NativeVersion
        {
            get
            {
                NativeLibraryLoader.EnsureLoaded();
                return LoadedNativeVersion();
            }
        }

        /// <summary>Apart from <see cref="NativeVersion"/> so that Mono binds the P/Invoke after
        /// <see cref="NativeLibraryLoader.EnsureLoaded"/> has run (see <see cref="NativeLibraryLoader.Preload"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string LoadedNativeVersion()
        {
            return Utf8.FromNative(Native.sgpay_version());
        }

        /// <summary>Calls any API method by its path, e.g. <c>session/status</c> or <c>wallet/balance</c>.</summary>
        /// <param name="operation">The method path after <c>/api/v1/</c>.</param>
        /// <param name="requestJson">The request body, a JSON object.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Call(string operation, string requestJson, string optionsJson = null)
        {
            byte[] op = Utf8.ToNative(Required(operation, "operation"), "operation");
            byte[] request = Utf8.ToNative(Required(requestJson, "requestJson"), "requestJson");
            byte[] options = Utf8.ToNative(optionsJson, "optionsJson");
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_call(client, op, request, options, out outJson));
        }

        /// <summary>Creates a session (<c>session/create</c>) in status <c>created</c>.</summary>
        /// <param name="requestJson">The request body; every field is optional.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply, <c>{"status":"ok","session":{...}}</c>.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string CreateSession(string requestJson = "{}", string optionsJson = null)
        {
            return Session(nameof(CreateSession), requestJson, optionsJson);
        }

        /// <summary>Creates a session and starts a payment in one call (<c>session/init/payment</c>).</summary>
        /// <param name="requestJson">The request body with <c>payment_details</c>, <c>amount_details</c> and <c>customer</c>.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string InitPayment(string requestJson, string optionsJson = null)
        {
            return Session(nameof(InitPayment), requestJson, optionsJson);
        }

        /// <summary>Starts a payment in an existing session (<c>session/start/payment</c>).</summary>
        /// <param name="requestJson">The request body with <c>session_id</c> and the payment data.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string StartPayment(string requestJson, string optionsJson = null)
        {
            return Session(nameof(StartPayment), requestJson, optionsJson);
        }

        /// <summary>Creates a session and starts a payout in one call (<c>session/init/payout</c>).</summary>
        /// <param name="requestJson">The request body with <c>payment_method</c> and <c>amount_details</c>.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string InitPayout(string requestJson, string optionsJson = null)
        {
            return Session(nameof(InitPayout), requestJson, optionsJson);
        }

        /// <summary>Starts a payout in an existing session (<c>session/start/payout</c>).</summary>
        /// <param name="requestJson">The request body with <c>session_id</c> and the payout data.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string StartPayout(string requestJson, string optionsJson = null)
        {
            return Session(nameof(StartPayout), requestJson, optionsJson);
        }

        /// <summary>Confirms an operation waiting in <c>pending</c> (<c>session/confirm</c>).</summary>
        /// <param name="requestJson">The request body with <c>session_id</c>, or the session id alone (<c>"ps_1"</c>).</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Confirm(string requestJson, string optionsJson = null)
        {
            return Session(nameof(Confirm), requestJson, optionsJson);
        }

        /// <summary>Cancels a pending operation or releases a hold (<c>session/cancel</c>).</summary>
        /// <param name="requestJson">The request body with <c>session_id</c>, or the session id alone (<c>"ps_1"</c>).</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Cancel(string requestJson, string optionsJson = null)
        {
            return Session(nameof(Cancel), requestJson, optionsJson);
        }

        /// <summary>Debits a hold (<c>session/capture</c>), fully or partly.</summary>
        /// <param name="requestJson">The request body with <c>session_id</c> and optional <c>amount_details</c>, or the session id alone.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Capture(string requestJson, string optionsJson = null)
        {
            return Session(nameof(Capture), requestJson, optionsJson);
        }

        /// <summary>Refunds a succeeded payment (<c>session/refund</c>), fully or partly.</summary>
        /// <param name="requestJson">The request body with <c>session_id</c> and optional <c>amount_details</c>, or the session id alone.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Refund(string requestJson, string optionsJson = null)
        {
            return Session(nameof(Refund), requestJson, optionsJson);
        }

        /// <summary>
        /// Returns the whole session (<c>session/status</c>). Takes either the request body
        /// (text starting with <c>{</c>, e.g. <c>{"session_id":"ps_1"}</c>) or the session id
        /// alone (<c>"ps_1"</c>).
        /// </summary>
        /// <param name="requestJsonOrSessionId">The request body, or a session id.</param>
        /// <param name="optionsJson">Per-call options, or null.</param>
        /// <returns>The server's reply.</returns>
        /// <exception cref="SgPayException">The call failed; the subclass tells how.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string Status(string requestJsonOrSessionId, string optionsJson = null)
        {
            return Session(nameof(Status), Required(requestJsonOrSessionId, "requestJsonOrSessionId"), optionsJson);
        }

        /// <summary>
        /// Verifies the <c>X-PARTNER-SIGN</c> header of a webhook over its raw body with the
        /// configured webhook key, and returns the body once it is trusted. Call it before
        /// parsing the body; pass the bytes exactly as received.
        /// </summary>
        /// <param name="body">The raw request body.</param>
        /// <param name="signature">The <c>X-PARTNER-SIGN</c> header value; null (a missing header) fails verification.</param>
        /// <returns>The webhook JSON.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
        /// <exception cref="SgPaySignatureException">The signature does not match the body.</exception>
        /// <exception cref="SgPayException">The call failed otherwise (e.g. no webhook key configured).</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        public string VerifyWebhook(byte[] body, string signature)
        {
            if (body == null)
            {
                throw new ArgumentNullException("body");
            }
            byte[] sign = Utf8.ToNative(signature ?? string.Empty, "signature");
            // An empty array may reach native code as NULL; one spare byte keeps the pointer valid.
            byte[] data = body.Length == 0 ? new byte[1] : body;
            UIntPtr length = new UIntPtr((uint)body.Length);
            return Run((IntPtr client, out IntPtr outJson) => Native.sgpay_webhook_verify(client, data, length, sign, out outJson));
        }

        /// <summary>Releases the native client. Safe to call more than once, and while other
        /// threads are inside a call (the client is freed after they return).</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        private string Session(string method, string requestJson, string optionsJson)
        {
            Operation operation = Operations.Of(method);
            return Call(operation.Path, operation.Body(Required(requestJson, "requestJson")), optionsJson);
        }

        private string Run(NativeCall call)
        {
            IntPtr outJson = IntPtr.Zero;
            int status = handle.Lease(client => call(client, out outJson));
            string document = Utf8.TakeNative(outJson);
            if (status != (int)SgPayStatus.Ok)
            {
                throw SgPayException.FromNative(status, document);
            }
            return document ?? string.Empty;
        }

        private static string Required(string value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }
            return value;
        }
    }
}
