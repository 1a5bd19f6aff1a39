using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace SgPay.Testing
{
    /// <summary>
    /// A minimal HTTP/1.1 server on 127.0.0.1 (a port the system picks) that answers every
    /// POST with 200 and keeps what it received. One request per connection.
    /// </summary>
    internal sealed class WebhookReceiver : IDisposable
    {
        private const int MaxHeaderBytes = 64 * 1024;
        private const int MaxBodyBytes = 4 * 1024 * 1024;

        private readonly TcpListener listener;
        private readonly Thread acceptor;
        private readonly List<SandboxWebhook> received = new List<SandboxWebhook>();
        private volatile bool stopping;

        internal WebhookReceiver()
        {
            listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            Url = "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture) + "/webhooks";
            acceptor = new Thread(Accept) { IsBackground = true, Name = "sgpay sandbox webhooks" };
            acceptor.Start();
        }

        /// <summary>Where the sandbox posts its webhooks.</summary>
        internal string Url { get; private set; }

        /// <summary>A copy of what was received so far, oldest first.</summary>
        internal List<SandboxWebhook> Received()
        {
            lock (received)
            {
                return new List<SandboxWebhook>(received);
            }
        }

        /// <summary>Forgets what was received.</summary>
        internal void Clear()
        {
            lock (received)
            {
                received.Clear();
            }
        }

        /// <summary>Waits until a webhook matching <paramref name="match"/> has been received; null on timeout.</summary>
        internal SandboxWebhook WaitFor(Func<SandboxWebhook, bool> match, TimeSpan timeout)
        {
            DateTime until = DateTime.UtcNow + timeout;
            lock (received)
            {
                while (true)
                {
                    foreach (SandboxWebhook webhook in received)
                    {
                        if (match(webhook))
                        {
                            return webhook;
                        }
                    }
                    TimeSpan left = until - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return null;
                    }
                    Monitor.Wait(received, left);
                }
            }
        }

        public void Dispose()
        {
            stopping = true;
            listener.Stop();
            acceptor.Join(TimeSpan.FromSeconds(5));
        }

        private void Accept()
        {
            while (!stopping)
            {
                TcpClient connection;
                try
                {
                    connection = listener.AcceptTcpClient();
                }
                catch (SocketException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                ThreadPool.QueueUserWorkItem(_ => Serve(connection));
            }
        }

        private void Serve(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    connection.ReceiveTimeout = 10000;
                    connection.SendTimeout = 10000;
                    NetworkStream stream = connection.GetStream();
                    SandboxWebhook webhook = Read(stream);
                    string status = webhook == null ? "400 Bad Request" : "200 OK";
                    byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    stream.Write(answer, 0, answer.Length);
                    if (webhook != null)
                    {
                        lock (received)
                        {
                            received.Add(webhook);
                            Monitor.PulseAll(received);
                        }
                    }
                }
                catch (IOException)
                {
                    // The sender went away; it retries on its own.
                }
                catch (SocketException)
                {
                    // As above.
                }
                catch (ObjectDisposedException)
                {
                    // The receiver is stopping.
                }
            }
        }

        /// <summary>Reads one request; null when it is not a well-formed POST.</summary>
        private static SandboxWebhook Read(Stream stream)
        {
            string head = ReadHead(stream);
            if (head == null)
            {
                return null;
            }
            string[] lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
            string[] requestLine = lines[0].Split(' ');
            if (requestLine.Length < 2 || requestLine[0] != "POST")
            {
                return null;
            }
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
                }
            }
            byte[] body;
            string value;
            if (headers.TryGetValue("Transfer-Encoding", out value) && value.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                body = ReadChunked(stream);
            }
            else
            {
                int length = 0;
                if (headers.TryGetValue("Content-Length", out value)
                    && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > MaxBodyBytes))
                {
                    return null;
                }
                body = ReadExactly(stream, length);
            }
            if (body == null)
            {
                return null;
            }
            string signature;
            headers.TryGetValue("X-PARTNER-SIGN", out signature);
            return new SandboxWebhook(requestLine[1], body, signature);
        }

        private static string ReadHead(Stream stream)
        {
            var head = new MemoryStream();
            while (head.Length < MaxHeaderBytes)
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }
                head.WriteByte((byte)b);
                byte[] bytes = head.GetBuffer();
                long n = head.Length;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
                {
                    return Encoding.ASCII.GetString(bytes, 0, (int)n - 4);
                }
            }
            return null;
        }

        private static byte[] ReadExactly(Stream stream, int length)
        {
            var buffer = new byte[length];
            int done = 0;
            while (done < length)
            {
                int read = stream.Read(buffer, done, length - done);
                if (read <= 0)
                {
                    return null;
                }
                done += read;
            }
            return buffer;
        }

        private static byte[] ReadChunked(Stream stream)
        {
            var body = new MemoryStream();
            while (true)
            {
                string sizeLine = ReadLine(stream);
                if (sizeLine == null)
                {
                    return null;
                }
                int semicolon = sizeLine.IndexOf(';');
                int size;
                if (!int.TryParse(semicolon >= 0 ? sizeLine.Substring(0, semicolon) : sizeLine, NumberStyles.AllowHexSpecifier,
                    CultureInfo.InvariantCulture, out size) || size < 0 || body.Length + size > MaxBodyBytes)
                {
                    return null;
                }
                if (size == 0)
                {
                    while (!string.IsNullOrEmpty(ReadLine(stream)))
                    {
                        // Trailers are ignored.
                    }
                    return body.ToArray();
                }
                byte[] chunk = ReadExactly(stream, size);
                if (chunk == null || ReadLine(stream) != string.Empty)
                {
                    return null;
                }
                body.Write(chunk, 0, chunk.Length);
            }
        }

        private static string ReadLine(Stream stream)
        {
            var line = new StringBuilder();
            while (line.Length < 1024)
            {
                int b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }
                if (b == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }
                line.Append((char)b);
            }
            return null;
        }
    }
}
