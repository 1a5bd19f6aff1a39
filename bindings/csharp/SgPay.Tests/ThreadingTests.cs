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

        /// <summary>Disposing while other threads are inside calls never crashes: each call either
        /// completes or throws ObjectDisposedException, and later calls always throw it.</summary>
        [Test]
        public void DisposeDuringCallsIsSafe()
        {
            var failures = new ConcurrentBag<Exception>();
            var completed = new ConcurrentBag<string>();
            var client = Clients.New();
            var started = new CountdownEvent(Threads);
            var threads = StartThreads(() =>
            {
                started.Signal();
                CallUntilDisposed(client, completed);
            }, failures);

            started.Wait();
            var clock = Stopwatch.StartNew();
            while (completed.Count < Threads && failures.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(1);
            }
            client.Dispose();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            CollectionAssert.IsEmpty(failures);
            Assert.GreaterOrEqual(completed.Count, Threads);
            Assert.Throws<ObjectDisposedException>(() => client.CreateSession());
        }

        private static void CallUntilDisposed(SgPayClient client, ConcurrentBag<string> completed)
        {
            try
            {
                while (true)
                {
                    completed.Add(Sessions.Create(client));
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
    }
}
