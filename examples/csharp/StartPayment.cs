// Takes a card payment with the SgPay binding, crash-safe, printing each step.
// First step by step: session/create -> session/start/payment -> wait for "confirm" ->
// session/confirm -> wait for "accepted". Then the same sale as a till makes it: one Pay call
// with a journal, cut short after 150 ms as if the till lost power, found again and resolved by
// Recover at the next start (finished by Pay with its session id if it still needs the till),
// then acknowledged.
// Settings come from SGPAY_BASE_URL, SGPAY_PROJECT and SGPAY_PRIVATE_KEY_PATH; SGPAY_JOURNAL_PATH
// names the journal file (default: a new temporary directory).
// Exit code 0 only when both sales end accepted.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using SgPay;

internal static class StartPayment
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // How long the journaled sale runs before the till "loses power".
    private const int CutShortMs = 150;

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
        string journal = JournalPath();
        using (var client = new SgPayClient(ConfigFromEnvironment(journal)))
        {
            Console.WriteLine("sgpay native library " + SgPayClient.NativeVersion);
            bool accepted = StepByStep(client);
            Console.WriteLine("journal: " + journal);
            bool paid = CrashSafeSale(client, "csharp-receipt-" + Process.GetCurrentProcess().Id);
            return accepted && paid ? 0 : 1;
        }
    }

    // A sale through Pay with the journal, cut short, then recovered; true when it succeeded.
    private static bool CrashSafeSale(SgPayClient client, string reference)
    {
        try
        {
            PayResult first = client.Pay(PaymentRequest(null),
                new PayOptions { Reference = reference, DeadlineMs = CutShortMs });
            Console.WriteLine("pay: outcome " + first.OutcomeName + " after " + CutShortMs
                + " ms (the till gave up, as if the power went)");
        }
        catch (SgPayOutcomeUnknownException e)
        {
            Console.WriteLine("pay: " + e.Kind + " after " + CutShortMs + " ms (the till lost the answer)");
        }
        IReadOnlyList<JournalEntry> recovered = client.Recover();
        Console.WriteLine("recover (as at the next start): " + recovered.Count
            + " entries left in doubt or by a dead process");
        foreach (JournalEntry entry in recovered)
        {
            Console.WriteLine("recover: " + Describe(entry));
        }
        var mine = new JournalFilter { Reference = reference };
        JournalEntry sale = client.JournalEntries(mine).Last();
        if (sale.Outcome != Outcome.Succeeded && sale.SessionId != null)
        {
            PayResult resumed = client.Pay("{\"session_id\":" + SgPayJson.Quote(sale.SessionId) + "}",
                new PayOptions { Reference = reference });
            Console.WriteLine("pay (resumed by session id): outcome " + resumed.OutcomeName);
            sale = client.JournalEntries(mine).Last();
        }
        client.Acknowledge(sale);
        Console.WriteLine("journal: " + Describe(sale) + ", acknowledged");
        return sale.Outcome == Outcome.Succeeded;
    }

    private static string Describe(JournalEntry entry)
    {
        return "entry " + entry.Id + " " + entry.StateName + ", outcome " + (entry.OutcomeName ?? "none");
    }

    // The payment one API call at a time; true when the session ends accepted.
    private static bool StepByStep(SgPayClient client)
    {
        string sessionId = Field(client.CreateSession("{}"), "session", "id");
        Console.WriteLine("session/create: " + sessionId);

        string started = client.StartPayment(PaymentRequest(sessionId));
        Console.WriteLine("session/start/payment: session " + Field(started, "session", "status")
            + ", payment " + Field(started, "session", "acquiring_payments", "0", "status"));

        string ready = WaitFor(client, sessionId, reply => Field(reply, "session", "next_action") == "confirm");
        if (Field(ready, "session", "next_action") != "confirm")
        {
            Console.WriteLine("session/status: never ready to confirm (" + Field(ready, "session", "status") + ")");
            return false;
        }
        Console.WriteLine("session/status: ready to confirm");

        client.Confirm(sessionId);
        Console.WriteLine("session/confirm: sent");

        string final = WaitFor(client, sessionId, IsFinal);
        string status = Field(final, "session", "status");
        Console.WriteLine("session/status: session " + status
            + ", payment " + Field(final, "session", "acquiring_payments", "0", "status"));
        return status == "accepted";
    }

    private static string JournalPath()
    {
        string path = Environment.GetEnvironmentVariable("SGPAY_JOURNAL_PATH");
        if (!string.IsNullOrEmpty(path))
        {
            return path;
        }
        string directory = Path.Combine(Path.GetTempPath(), "sgpay-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "journal.db");
    }

    private static string ConfigFromEnvironment(string journal)
    {
        return "{\"base_url\":" + SgPayJson.Quote(Setting("SGPAY_BASE_URL"))
            + ",\"project\":" + SgPayJson.Quote(Setting("SGPAY_PROJECT"))
            + ",\"private_key_path\":" + SgPayJson.Quote(Setting("SGPAY_PRIVATE_KEY_PATH"))
            + ",\"journal_path\":" + SgPayJson.Quote(journal) + "}";
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

    // The session/start/payment body; without a session id, the request of Pay.
    private static string PaymentRequest(string sessionId)
    {
        string expiryYear = ((DateTime.UtcNow.Year + 3) % 100).ToString("D2", CultureInfo.InvariantCulture);
        return "{" + (sessionId == null ? string.Empty : "\"session_id\":" + SgPayJson.Quote(sessionId) + ",")
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

    // Reads a value by path from a JSON reply (object keys, or array indexes written as numbers)
    // with the JSON reader of .NET Framework and Mono; any JSON library does as well.
    private static string Field(string json, params string[] path)
    {
        XElement current = Node(json, path);
        return current == null || current.Attribute("type")?.Value == "null" ? null : current.Value;
    }

    private static int Count(string json, params string[] path)
    {
        XElement array = Node(json, path);
        return array == null ? 0 : array.Elements().Count();
    }

    private static XElement Node(string json, string[] path)
    {
        XElement current;
        using (var reader = JsonReaderWriterFactory.CreateJsonReader(Encoding.UTF8.GetBytes(json), XmlDictionaryReaderQuotas.Max))
        {
            current = XElement.Load(reader);
        }
        foreach (string step in path)
        {
            int index;
            current = current.Attribute("type")?.Value == "array" && int.TryParse(step, out index)
                ? current.Elements().ElementAtOrDefault(index)
                : current.Element(step);
            if (current == null)
            {
                return null;
            }
        }
        return current;
    }
}
