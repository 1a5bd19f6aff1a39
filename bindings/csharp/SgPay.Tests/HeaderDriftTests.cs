using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>
    /// The binding's tables checked against <c>include/sgpay.h</c>: a new status or function
    /// in the header fails here until the C# side knows it.
    /// </summary>
    [TestFixture]
    public class HeaderDriftTests
    {
        private static readonly Regex StatusLine = new Regex(
            @"^\s*(?:#define\s+)?SGPAY_(OK|ERR_[A-Z0-9_]+)\s*=?\s*\(?\s*(-?\d+)", RegexOptions.Multiline);

        private static readonly Regex Function = new Regex(@"\b(sgpay_[a-z0-9_]+)\s*\(");

        private static readonly Dictionary<string, string> JournalMethods = new Dictionary<string, string>
        {
            { "sgpay_pay", "Pay" },
            { "sgpay_journal_entries", "JournalEntries" },
            { "sgpay_journal_recover", "Recover" },
            { "sgpay_journal_acknowledge", "Acknowledge" },
        };

        /// <summary>Every SGPAY_OK / SGPAY_ERR_* of the header is a <see cref="SgPayStatus"/> of the same number, and back.</summary>
        [Test]
        public void StatusEnumMatchesTheHeader()
        {
            Dictionary<string, int> header = HeaderStatuses();
            var binding = Enum.GetValues(typeof(SgPayStatus)).Cast<SgPayStatus>()
                .ToDictionary(status => Snake(status.ToString()), status => (int)status);

            CollectionAssert.AreEquivalent(header, binding);
        }

        /// <summary>Every error status of the header has its row in the status table, with its kind.</summary>
        [Test]
        public void StatusTableMatchesTheHeader()
        {
            Dictionary<string, int> header = HeaderStatuses();
            header.Remove("ok");
            var table = Statuses.All.ToDictionary(row => row.Kind, row => (int)row.Status);

            CollectionAssert.AreEquivalent(header, table);
        }

        /// <summary>Each error status has its own exception class, but panic and internal (the base class).</summary>
        [Test]
        public void EachStatusHasItsExceptionClass()
        {
            foreach (StatusRow row in Statuses.All)
            {
                SgPayException error = row.Create(null);
                Assert.AreEqual(row.Status, error.Status, row.Kind);
                bool shared = row.Status == SgPayStatus.Panic || row.Status == SgPayStatus.Internal;
                Assert.AreEqual(shared, error.GetType() == typeof(SgPayException), row.Kind);
            }
            int classes = Statuses.All.Select(row => row.Create(null).GetType()).Distinct().Count();
            Assert.AreEqual(Statuses.All.Length - 1, classes);
        }

        /// <summary>The operation table holds exactly the operations of the header's sgpay_session_* functions,
        /// and each row names a public method of the client.</summary>
        [Test]
        public void OperationTableMatchesTheNamedSessionFunctions()
        {
            var header = HeaderFunctions().Where(name => name.StartsWith("sgpay_session_", StringComparison.Ordinal))
                .Select(name => name.Substring("sgpay_".Length).Replace('_', '/')).ToList();
            Assert.IsNotEmpty(header);

            CollectionAssert.AreEquivalent(header, Operations.All.Select(operation => operation.Path));
            foreach (Operation operation in Operations.All)
            {
                Assert.IsTrue(typeof(SgPayClient).GetMethods().Any(m => m.Name == operation.Method), operation.Method);
            }
        }

        /// <summary>Every other function of the header is declared in <c>Native</c>, and nothing more.</summary>
        [Test]
        public void EveryOtherFunctionIsDeclared()
        {
            var header = HeaderFunctions().Where(name => !name.StartsWith("sgpay_session_", StringComparison.Ordinal));
            var declared = typeof(SgPayClient).Assembly.GetType("SgPay.Native")
                .GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
                .Where(method => method.Name.StartsWith("sgpay_", StringComparison.Ordinal))
                .Select(method => method.Name);

            CollectionAssert.AreEquivalent(header, declared);
        }

        /// <summary>Every journal function of the header has its client method.</summary>
        [Test]
        public void EveryJournalFunctionHasItsMethod()
        {
            var header = HeaderFunctions()
                .Where(name => name == "sgpay_pay" || name.StartsWith("sgpay_journal_", StringComparison.Ordinal));

            CollectionAssert.AreEquivalent(header, JournalMethods.Keys);
            foreach (string method in JournalMethods.Values)
            {
                Assert.IsTrue(typeof(SgPayClient).GetMethods().Any(m => m.Name == method), method);
            }
        }

        /// <summary>Every public method returning a value has an ...Async variant with the same parameters returning a Task of it.</summary>
        [Test]
        public void EveryMethodHasItsAsyncVariant()
        {
            var methods = typeof(SgPayClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(method => method.ReturnType != typeof(void) && !method.Name.EndsWith("Async", StringComparison.Ordinal)
                    && !method.IsSpecialName).ToList();
            Assert.GreaterOrEqual(methods.Count, 16);

            foreach (MethodInfo method in methods)
            {
                Type[] parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
                MethodInfo variant = typeof(SgPayClient).GetMethod(method.Name + "Async", parameters);
                Assert.IsNotNull(variant, method.Name + "Async");
                Assert.AreEqual(typeof(Task<>).MakeGenericType(method.ReturnType), variant.ReturnType, method.Name + "Async");
            }
        }

        private static string HeaderText()
        {
            return File.ReadAllText(Path.Combine(Path.Combine(Paths.RepoRoot, "include"), "sgpay.h"));
        }

        private static Dictionary<string, int> HeaderStatuses()
        {
            var statuses = new Dictionary<string, int>();
            foreach (Match match in StatusLine.Matches(HeaderText()))
            {
                string name = match.Groups[1].Value.ToLowerInvariant();
                statuses[name.StartsWith("err_", StringComparison.Ordinal) ? name.Substring(4) : name] =
                    int.Parse(match.Groups[2].Value);
            }
            Assert.IsNotEmpty(statuses, "no SGPAY_OK / SGPAY_ERR_* definitions in include/sgpay.h");
            return statuses;
        }

        private static HashSet<string> HeaderFunctions()
        {
            return new HashSet<string>(Function.Matches(HeaderText()).Cast<Match>().Select(match => match.Groups[1].Value));
        }

        /// <summary><c>OutcomeUnknown</c> to <c>outcome_unknown</c>.</summary>
        private static string Snake(string name)
        {
            return Regex.Replace(name, "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();
        }
    }
}
