// The measured client for the C# binding under Mono: one SgPayClient, JSON strings in and
// out. Arguments: BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS.
// Prints one duration in nanoseconds per timed call. Request bodies are those of
// bench/src/workload.rs, byte for byte.
using System;
using System.Diagnostics;
using System.Text;
using SgPay;

internal static class SgPayBench
{
    private static string StatusBody(string sessionId)
    {
        return "{\"session_id\":\"" + sessionId + "\"}";
    }

    private static string StartBody(string sessionId)
    {
        return "{\"session_id\":\"" + sessionId + "\",\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","
            + "\"bank_card\":{\"number\":\"4242424242424242\",\"expiration_month\":\"12\","
            + "\"expiration_year\":\"30\",\"security_code\":\"123\"}}},"
            + "\"amount_details\":{\"amount\":10000,\"currency\":\"rub\"},"
            + "\"customer\":{\"reference\":\"bench\"}}";
    }

    private static string SessionId(string reply)
    {
        const string Marker = "\"id\":\"ps_";
        int at = reply.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException("no session id in " + reply);
        }
        at += "\"id\":\"".Length;
        return reply.Substring(at, reply.IndexOf('"', at) - at);
    }

    private static string ConfigJson(string[] args)
    {
        string key = args[2] == "rsa" ? "private_key_path" : "hmac_secret";
        return "{\"base_url\":\"" + args[0] + "\",\"project\":\"" + args[1] + "\",\"" + key + "\":\"" + args[3] + "\"}";
    }

    private static string[] Bodies(SgPayClient client, bool start, int total)
    {
        var bodies = new string[total];
        if (start)
        {
            for (int i = 0; i < total; i++)
            {
                bodies[i] = StartBody(SessionId(client.CreateSession("{}")));
            }
            return bodies;
        }
        string id = SessionId(client.CreateSession("{}"));
        client.StartPayment(StartBody(id));
        for (int i = 0; i < total; i++)
        {
            bodies[i] = StatusBody(id);
        }
        return bodies;
    }

    private static int Main(string[] args)
    {
        if (args.Length != 7)
        {
            Console.Error.WriteLine("usage: BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS");
            return 2;
        }
        bool start = args[4] == "start";
        int warmup = int.Parse(args[5]);
        int calls = int.Parse(args[6]);
        var samples = new long[calls];
        double nsPerTick = 1e9 / Stopwatch.Frequency;
        using (var client = new SgPayClient(ConfigJson(args)))
        {
            string[] bodies = Bodies(client, start, warmup + calls);
            for (int i = 0; i < bodies.Length; i++)
            {
                long started = Stopwatch.GetTimestamp();
                if (start)
                {
                    client.StartPayment(bodies[i]);
                }
                else
                {
                    client.Status(bodies[i]);
                }
                long elapsed = Stopwatch.GetTimestamp() - started;
                if (i >= warmup)
                {
                    samples[i - warmup] = (long)(elapsed * nsPerTick);
                }
            }
        }
        var output = new StringBuilder(calls * 8);
        foreach (long sample in samples)
        {
            output.Append(sample).Append('\n');
        }
        Console.Out.Write(output.ToString());
        return 0;
    }
}
