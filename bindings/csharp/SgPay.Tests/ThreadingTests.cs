using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>One client shared by several threads.</summary>
    [TestFixture]
    public class ThreadingTests
    {
        private const int Threads = 4;
        private const int CallsPerThread = 10;

        /// <summary>Four threads creating and reading sessions on one client all succeed, each
        /// reading back its own session.</summary>
        [Test]
        public void FourThreadsShareOneClient()
        {
            var sessionIds = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<Exception>();
            using (var client = Clients.New())
            {
                RunThreads(() =>
                {
                    for (int i = 0; i < CallsPerThread; i++)
                    {
                        string id = Sessions.Create(client);
                        Assert.AreEqual(id, Json.Str(client.Status(id), "session", "id"));
                        sessionIds.Add(id);
                    }
                }, failures);
            }

            CollectionAssert.IsEmpty(failures);
            Assert.AreEqual(Threads * CallsPerThread, sessionIds.Distinct().Count());
        }

        /// <summary>Disposing while other threads are inside calls never crashes: calls in flight
        /// complete or throw ObjectDisposedException, and every call that starts after Dispose
        /// has returned throws it, even while the other threads keep the client busy.</summary>
        [Test]
        public void DisposeDuringCallsIsSafe()
        {
            var failures = new ConcurrentBag<Exception>();
            var completed = new ConcurrentBag<string>();
            var disposal = new DisposalWatch();
            var client = Clients.New();
            var threads = StartThreads(() => CallUntilDisposed(client, completed, disposal), failures);

            var clock = Stopwatch.StartNew();
            while (completed.Count < Threads && failures.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(1);
            }
            client.Dispose();
            disposal.MarkReturned();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            CollectionAssert.IsEmpty(failures);
            Assert.GreaterOrEqual(completed.Count, Threads);
            Assert.AreEqual(0, disposal.SucceededAfterReturn);
        }

        private static void CallUntilDisposed(SgPayClient client, ConcurrentBag<string> completed, DisposalWatch disposal)
        {
            try
            {
                while (true)
                {
                    bool startedAfterDispose = disposal.Returned;
                    completed.Add(Sessions.Create(client));
                    if (startedAfterDispose)
                    {
                        disposal.CountSuccessAfterReturn();
                        return;
                    }
                }
            }
            catch (ObjectDisposedException)
            {
                // The expected end: the client was disposed by the test thread.
            }
        }

        private static void RunThreads(Action work, ConcurrentBag<Exception> failures)
        {
            foreach (var thread in StartThreads(work, failures))
            {
                thread.Join();
            }
        }

        private static List<Thread> StartThreads(Action work, ConcurrentBag<Exception> failures)
        {
            var threads = new List<Thread>();
            for (int i = 0; i < Threads; i++)
            {
                var thread = new Thread(() =>
                {
                    try
                    {
                        work();
                    }
                    catch (Exception e)
                    {
                        failures.Add(e);
                    }
                });
                thread.Start();
                threads.Add(thread);
            }
            return threads;
        }

        /// <summary>Whether Dispose has returned, and how many calls begun after that still succeeded.</summary>
        private sealed class DisposalWatch
        {
            private volatile bool returned;
            private int succeededAfterReturn;

            internal bool Returned
            {
                get { return returned; }
            }

            internal int SucceededAfterReturn
            {
                get { return Volatile.Read(ref succeededAfterReturn); }
            }

            internal void MarkReturned()
            {
                returned = true;
            }

            internal void CountSuccessAfterReturn()
            {
                Interlocked.Increment(ref succeededAfterReturn);
            }
        }
    }
}
