// Starts a card payment end to end with the SgPay binding:
// session/create -> session/start/payment -> wait for "confirm" -> session/confirm -> wait for "accepted".
// Settings come from SGPAY_BASE_URL, SGPAY_PROJECT and SGPAY_PRIVATE_KEY_PATH.
// Exit code 0 only when the session ends accepted.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using SgPay;

internal static class StartPayment
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static int Main()
    {
        try
        {
            return Run();
        }
        catch (Exception e) when (e is SgPayException || e is SgPayNativeLibraryException || e is InvalidOperationException)
        {
            Console.WriteLine("failed: " + e.Message);
            return 1;
        }
    }

    private static int Run()
    {
        using (var client = new SgPayClient(ConfigFromEnvironment()))
        {
            Console.WriteLine("sgpay native library " + SgPayClient.NativeVersion);

            string sessionId = Field(client.CreateSession("{}"), "session", "id");
            Console.WriteLine("session/create: " + sessionId);

            string started = client.StartPayment(PaymentRequest(sessionId));
            Console.WriteLine("session/start/payment: session " + Field(started, "session", "status")
                + ", payment " + Field(started, "session", "acquiring_payments", "0", "status"));

            string ready = WaitFor(client, sessionId, reply => Field(reply, "session", "next_action") == "confirm");
            if (Field(ready, "session", "next_action") != "confirm")
            {
                Console.WriteLine("session/status: never ready to confirm (" + Field(ready, "session", "status") + ")");
                return 1;
            }
            Console.WriteLine("session/status: ready to confirm");

            client.Confirm("{\"session_id\":" + SgPayJson.Quote(sessionId) + "}");
            Console.WriteLine("session/confirm: sent");

            string final = WaitFor(client, sessionId, IsFinal);
            string status = Field(final, "session", "status");
            Console.WriteLine("session/status: session " + status
                + ", payment " + Field(final, "session", "acquiring_payments", "0", "status"));
            return status == "accepted" ? 0 : 1;
        }
    }

    private static string ConfigFromEnvironment()
    {
        return "{\"base_url\":" + SgPayJson.Quote(Setting("SGPAY_BASE_URL"))
            + ",\"project\":" + SgPayJson.Quote(Setting("SGPAY_PROJECT"))
            + ",\"private_key_path\":" + SgPayJson.Quote(Setting("SGPAY_PRIVATE_KEY_PATH")) + "}";
    }

    private static string Setting(string name)
    {
        string value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException("Set the environment variable " + name + ".");
        }
        return value;
    }

    private static string PaymentRequest(string sessionId)
    {
        string expiryYear = ((DateTime.UtcNow.Year + 3) % 100).ToString("D2", CultureInfo.InvariantCulture);
        return "{\"session_id\":" + SgPayJson.Quote(sessionId) + ","
            + "\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\",\"bank_card\":{"
            + "\"number\":\"4242424242424242\",\"expiration_month\":\"12\",\"expiration_year\":\"" + expiryYear + "\","
            + "\"security_code\":\"123\"}}},"
            + "\"amount_details\":{\"amount\":10000,\"currency\":\"rub\"},"
            + "\"customer\":{\"reference\":\"csharp-demo-customer\"}}";
    }

    // The session has finished: accepted, or cancelled with the payment failed.
    // "error" is not final in this API, so it is waited out like "in_progress".
    private static bool IsFinal(string reply)
    {
        string status = Field(reply, "session", "status");
        return status == "accepted" || status == "cancelled";
    }

    // Polls session/status until the condition holds or the wait runs out; returns the last reply.
    private static string WaitFor(SgPayClient client, string sessionId, Func<string, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        string reply = client.Status(sessionId);
        while (!condition(reply) && clock.Elapsed < Patience)
        {
            Thread.Sleep(100);
            reply = client.Status(sessionId);
        }
        return reply;
    }

    // Reads a value by path from a JSON reply: object keys, or array indexes written as numbers.
    private static string Field(string json, params string[] path)
    {
        object current = SgPayJson.Parse(json);
        foreach (string step in path)
        {
            var map = current as Dictionary<string, object>;
            var list = current as List<object>;
            int index;
            if (map != null)
            {
                map.TryGetValue(step, out current);
            }
            else if (list != null && int.TryParse(step, out index) && index < list.Count)
            {
                current = list[index];
            }
            else
            {
                return null;
            }
        }
        return current == null ? null : Convert.ToString(current, CultureInfo.InvariantCulture);
    }
}
