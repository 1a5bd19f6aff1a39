using System;
using System.Diagnostics;
using System.Threading;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Follows sessions through the sandbox's asynchronous flow by polling session/status.</summary>
    internal static class Sessions
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

        /// <summary>Creates an empty session and returns its id.</summary>
        internal static string Create(SgPayClient client)
        {
            return Json.Str(client.CreateSession(), "session", "id");
        }

        /// <summary>Polls until <paramref name="ready"/> holds for the status reply, and returns that reply.</summary>
        internal static string WaitUntil(SgPayClient client, string sessionId, Func<string, bool> ready, string what)
        {
            var clock = Stopwatch.StartNew();
            string reply = client.Status(sessionId);
            while (!ready(reply))
            {
                if (clock.Elapsed > Patience)
                {
                    Assert.Fail("Session " + sessionId + " never became " + what + "; last reply: " + reply);
                }
                Thread.Sleep(20);
                reply = client.Status(sessionId);
            }
            return reply;
        }

        /// <summary>Waits for <c>next_action</c> to be <paramref name="action"/>.</summary>
        internal static string WaitForNextAction(SgPayClient client, string sessionId, string action)
        {
            return WaitUntil(client, sessionId, r => Json.Str(r, "session", "next_action") == action, "next_action " + action);
        }

        /// <summary>Waits for the session status to be <paramref name="status"/>.</summary>
        internal static string WaitForStatus(SgPayClient client, string sessionId, string status)
        {
            return WaitUntil(client, sessionId, r => Json.Str(r, "session", "status") == status, status);
        }

        /// <summary>Starts a good-card payment in a new session and waits until it can be confirmed.</summary>
        internal static string StartedPaymentReadyToConfirm(SgPayClient client)
        {
            string sessionId = Create(client);
            client.StartPayment(Requests.StartPayment(sessionId));
            WaitForNextAction(client, sessionId, "confirm");
            return sessionId;
        }
    }
}
