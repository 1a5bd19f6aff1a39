using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>A reply nested 100,000 levels deep is a protocol error, never a stack overflow or another exception.</summary>
    [TestFixture]
    public class DeepReplyTests
    {
        private const int Depth = 100000;

        /// <summary>The deep reply to session/status surfaces as <see cref="SgPayProtocolException"/>.</summary>
        [Test]
        public void DeeplyNestedReplyIsAProtocolError()
        {
            string body = "{\"status\":\"ok\",\"session\":" + new string('[', Depth) + new string(']', Depth) + "}";
            using (var server = new OneReplyServer(body))
            using (var client = new SgPayClient(
                "{\"base_url\":\"" + server.BaseUrl + "\",\"project\":\"p\",\"hmac_secret\":\"s\",\"max_attempts\":1}"))
            {
                var error = Assert.Throws<SgPayProtocolException>(() => client.Status("ps_1"));

                Assert.AreEqual(SgPayStatus.Protocol, error.Status);
            }
        }

        /// <summary>A deeply nested error document still gives the exception of its status, with no fields.</summary>
        [Test]
        public void DeeplyNestedErrorDocumentKeepsItsStatus()
        {
            string document = "{\"status\":\"error\",\"error\":" + new string('[', Depth) + new string(']', Depth) + "}";

            SgPayException error = SgPayException.FromNative(20, document);

            Assert.IsInstanceOf<SgPayApiException>(error);
            Assert.IsNull(error.Code);
            Assert.AreEqual(document, error.ErrorJson);
        }

        /// <summary>A loopback HTTP server that answers every request with one fixed JSON body.</summary>
        private sealed class OneReplyServer : IDisposable
        {
            private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly byte[] reply;
            private readonly Thread thread;

            internal OneReplyServer(string body)
            {
                byte[] content = Encoding.UTF8.GetBytes(body);
                string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + content.Length
                    + "\r\nConnection: close\r\n\r\n";
                reply = new byte[Encoding.ASCII.GetByteCount(head) + content.Length];
                Encoding.ASCII.GetBytes(head, 0, head.Length, reply, 0);
                Buffer.BlockCopy(content, 0, reply, reply.Length - content.Length, content.Length);
                listener.Start();
                thread = new Thread(Serve) { IsBackground = true };
                thread.Start();
            }

            internal string BaseUrl
            {
                get { return "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port; }
            }

            public void Dispose()
            {
                listener.Stop();
                thread.Join();
            }

            private void Serve()
            {
                while (true)
                {
                    TcpClient connection;
                    try
                    {
                        connection = listener.AcceptTcpClient();
                    }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                    {
                        return;
                    }
                    using (connection)
                    {
                        Answer(connection.GetStream());
                    }
                }
            }

            private void Answer(NetworkStream stream)
            {
                try
                {
                    SkipRequest(stream);
                    stream.Write(reply, 0, reply.Length);
                }
                catch (IOException)
                {
                    // The client gave up on this connection; the next one is answered the same way.
                }
            }

            /// <summary>Reads the request head and its Content-Length body.</summary>
            private static void SkipRequest(NetworkStream stream)
            {
                var head = new StringBuilder();
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    int b = stream.ReadByte();
                    if (b < 0)
                    {
                        return;
                    }
                    head.Append((char)b);
                }
                foreach (string line in head.ToString().Split(new[] { "\r\n" }, StringSplitOptions.None))
                {
                    if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                    {
                        int remaining = int.Parse(line.Substring("content-length:".Length).Trim());
                        var buffer = new byte[4096];
                        while (remaining > 0)
                        {
                            int read = stream.Read(buffer, 0, Math.Min(buffer.Length, remaining));
                            if (read <= 0)
                            {
                                return;
                            }
                            remaining -= read;
                        }
                    }
                }
            }
        }
    }
}
