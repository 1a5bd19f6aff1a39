using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>The ...Async variants run the call on the thread pool and fault with the same exceptions.</summary>
    [TestFixture]
    public class AsyncTests : ClientFixture
    {
        /// <summary>Delayed calls overlap instead of running one after the other.</summary>
        [Test]
        public void CallsRunConcurrently()
        {
            string sessionId = Sessions.Create(Client);
            Suite.Sandbox.Fault("{\"operation\":\"session/status\",\"count\":4,\"kind\":\"delay\",\"delay_ms\":400}");
            var clock = Stopwatch.StartNew();

            Task<string>[] calls = Enumerable.Range(0, 4).Select(_ => Client.StatusAsync(sessionId)).ToArray();
            Task.WaitAll(calls);

            Assert.Less(clock.ElapsedMilliseconds, 4 * 400);
            foreach (Task<string> call in calls)
            {
                Assert.AreEqual("created", Json.Str(call.Result, "session", "status"));
            }
        }

        /// <summary>A failure faults the task with the exception the synchronous method throws.</summary>
        [Test]
        public void FailureFaultsTheTask()
        {
            Task<string> call = Client.StartPaymentAsync("{}");

            var error = Assert.Throws<AggregateException>(() => call.Wait());

            Assert.IsInstanceOf<SgPayInvalidArgumentException>(error.InnerException);
        }

        /// <summary>The session id shorthand works through the async variant too.</summary>
        [Test]
        public void StatusAsyncTakesTheSessionId()
        {
            string sessionId = Sessions.Create(Client);

            Assert.AreEqual(sessionId, Json.Str(Client.StatusAsync(sessionId).Result, "session", "id"));
        }
    }
}
