using System;
using System.Collections.Generic;

namespace SgPay
{
    /// <summary>
    /// The API operations of <see cref="SgPayClient"/>: one table, method name to operation
    /// path. Every method of the table calls <c>sgpay_call</c> with its path; the test suite
    /// checks the table against the <c>sgpay_session_*</c> functions of <c>include/sgpay.h</c>.
    /// </summary>
    internal static class Operations
    {
        /// <summary>Every session operation, in the order of the API reference.</summary>
        internal static readonly Operation[] All =
        {
            new Operation("CreateSession", "session/create", false),
            new Operation("InitPayment", "session/init/payment", false),
            new Operation("StartPayment", "session/start/payment", false),
            new Operation("InitPayout", "session/init/payout", false),
            new Operation("StartPayout", "session/start/payout", false),
            new Operation("Confirm", "session/confirm", true),
            new Operation("Cancel", "session/cancel", true),
            new Operation("Capture", "session/capture", true),
            new Operation("Refund", "session/refund", true),
            new Operation("Status", "session/status", true),
        };

        private static readonly Dictionary<string, Operation> ByMethod = Index();

        /// <summary>The row of the <see cref="SgPayClient"/> method <paramref name="method"/>.</summary>
        internal static Operation Of(string method)
        {
            return ByMethod[method];
        }

        private static Dictionary<string, Operation> Index()
        {
            var index = new Dictionary<string, Operation>(StringComparer.Ordinal);
            foreach (Operation operation in All)
            {
                index.Add(operation.Method, operation);
            }
            return index;
        }
    }

    /// <summary>One API method reachable through <c>sgpay_call</c>.</summary>
    internal sealed class Operation
    {
        internal Operation(string method, string path, bool takesSessionId)
        {
            Method = method;
            Path = path;
            TakesSessionId = takesSessionId;
        }

        /// <summary>The name of the <see cref="SgPayClient"/> method.</summary>
        internal string Method { get; private set; }

        /// <summary>The API method path, e.g. <c>session/start/payment</c>.</summary>
        internal string Path { get; private set; }

        /// <summary>The request may be the session id alone: text not starting with <c>{</c>
        /// becomes <c>{"session_id":...}</c>.</summary>
        internal bool TakesSessionId { get; private set; }

        /// <summary>The request body to send for <paramref name="request"/>.</summary>
        internal string Body(string request)
        {
            if (TakesSessionId && request != null && !request.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                return "{\"session_id\":" + SgPayJson.Quote(request) + "}";
            }
            return request;
        }
    }
}
