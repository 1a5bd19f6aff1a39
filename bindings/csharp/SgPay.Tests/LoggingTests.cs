using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>The native log reaching .NET through <see cref="SgPayLog"/>.</summary>
    [TestFixture]
    public class LoggingTests
    {
        private readonly List<string> lines = new List<string>();
        private Action<SgPayLogLevel, string> recorder;

        /// <summary>Prepares a recording handler (not yet subscribed).</summary>
        [SetUp]
        public void PrepareRecorder()
        {
            lines.Clear();
            recorder = (level, text) =>
            {
                lock (lines)
                {
                    lines.Add(level + " " + text);
                }
            };
        }

        /// <summary>Leaves the process-wide log as it was.</summary>
        [TearDown]
        public void ResetLog()
        {
            SgPayLog.Message -= recorder;
            SgPayLog.Writer = null;
            SgPayLog.MaxLevel = SgPayLogLevel.Info;
        }

        /// <summary>Each request is logged at Info with its operation and HTTP status.</summary>
        [Test]
        public void RequestsAreLoggedAtInfo()
        {
            SgPayLog.MaxLevel = SgPayLogLevel.Info;
            SgPayLog.Message += recorder;

            CreateOneSession();

            Assert.IsTrue(
                lines.Exists(l => l.StartsWith("Info POST session/create", StringComparison.Ordinal) && l.Contains("HTTP 200")),
                "log lines: " + string.Join(" | ", lines));
        }

        /// <summary>Lines above the maximum level are not delivered.</summary>
        [Test]
        public void MaxLevelFilters()
        {
            SgPayLog.MaxLevel = SgPayLogLevel.Error;
            SgPayLog.Message += recorder;

            CreateOneSession();

            CollectionAssert.IsEmpty(lines);
        }

        /// <summary>A handler that throws neither breaks the call nor silences other handlers.</summary>
        [Test]
        public void ThrowingHandlerIsContained()
        {
            Action<SgPayLogLevel, string> thrower = (level, text) => { throw new InvalidOperationException("handler bug"); };
            SgPayLog.Message += thrower;
            SgPayLog.Message += recorder;
            try
            {
                CreateOneSession();
            }
            finally
            {
                SgPayLog.Message -= thrower;
            }

            CollectionAssert.IsNotEmpty(lines);
        }

        /// <summary>After unsubscribing, a handler receives nothing.</summary>
        [Test]
        public void UnsubscribedHandlerReceivesNothing()
        {
            SgPayLog.Message += recorder;
            SgPayLog.Message -= recorder;

            CreateOneSession();

            CollectionAssert.IsEmpty(lines);
        }

        /// <summary>The writer receives one prefixed line per log line.</summary>
        [Test]
        public void WriterReceivesLines()
        {
            var writer = new StringWriter();
            SgPayLog.Writer = writer;

            CreateOneSession();

            StringAssert.Contains("sgpay INFO: POST session/create", writer.ToString());
        }

        private static void CreateOneSession()
        {
            using (var client = Clients.New())
            {
                client.CreateSession();
            }
        }
    }
}
