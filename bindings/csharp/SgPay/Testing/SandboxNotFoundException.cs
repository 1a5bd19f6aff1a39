using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace SgPay.Testing
{
    /// <summary>No sandbox binary was found; <see cref="Exception.Message"/> lists every place
    /// looked at, in order.</summary>
    public sealed class SandboxNotFoundException : Exception
    {
        internal SandboxNotFoundException(IList<string> searched)
            : base(Describe(searched))
        {
            Searched = new ReadOnlyCollection<string>(new List<string>(searched));
        }

        /// <summary>The places looked at, in order (files, and what was searched where no file
        /// could be named).</summary>
        public IReadOnlyList<string> Searched { get; private set; }

        private static string Describe(IList<string> searched)
        {
            return "No sgpay sandbox binary (sgpay-sandbox, or the sgpay command) was found. "
                + "It ships in the SgPay NuGet package (tools/<rid>/, copied beside the output of test projects); "
                + "else put it beside SgPay.dll, set SGPAY_SANDBOX to its path, or put it on PATH. Looked in:"
                + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", searched);
        }
    }
}
