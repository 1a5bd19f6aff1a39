using System;
using System.Collections.Generic;

namespace SgPay
{
    /// <summary>
    /// The error taxonomy in one table: each non-zero <see cref="SgPayStatus"/> with the
    /// library's name of it (its "kind", the <c>SGPAY_ERR_*</c> name in lower case), the
    /// exception raised for it. The test suite checks it against <c>include/sgpay.h</c>. The
    /// advice comes from the library's error document alone, so that it has one home
    /// (<c>src/ffi/status.rs</c>).
    /// </summary>
    internal static class Statuses
    {
        /// <summary>Every non-zero status of the C ABI.</summary>
        internal static readonly StatusRow[] All =
        {
            new StatusRow(SgPayStatus.InvalidArgument, "invalid_argument", json => new SgPayInvalidArgumentException(json)),
            new StatusRow(SgPayStatus.Config, "config", json => new SgPayConfigException(json)),
            new StatusRow(SgPayStatus.NotSent, "not_sent", json => new SgPayNotSentException(json)),
            new StatusRow(SgPayStatus.OutcomeUnknown, "outcome_unknown", json => new SgPayOutcomeUnknownException(json)),
            new StatusRow(SgPayStatus.Api, "api", json => new SgPayApiException(json)),
            new StatusRow(SgPayStatus.Protocol, "protocol", json => new SgPayProtocolException(json)),
            new StatusRow(SgPayStatus.Signature, "signature", json => new SgPaySignatureException(json)),
            new StatusRow(SgPayStatus.Journal, "journal", json => new SgPayJournalException(json)),
            new StatusRow(SgPayStatus.Panic, "panic", json => new SgPayException(SgPayStatus.Panic, json)),
            new StatusRow(SgPayStatus.Internal, "internal", json => new SgPayException(SgPayStatus.Internal, json)),
        };

        private static readonly Dictionary<SgPayStatus, StatusRow> ByStatus = Index();

        /// <summary>The row of <paramref name="status"/>, or null for a status this binding does not know.</summary>
        internal static StatusRow Of(SgPayStatus status)
        {
            StatusRow row;
            return ByStatus.TryGetValue(status, out row) ? row : null;
        }

        /// <summary>The exception for a native status and its error document.</summary>
        internal static SgPayException Exception(int status, string errorJson)
        {
            StatusRow row = Of((SgPayStatus)status);
            return row == null ? new SgPayException((SgPayStatus)status, errorJson) : row.Create(errorJson);
        }

        private static Dictionary<SgPayStatus, StatusRow> Index()
        {
            var index = new Dictionary<SgPayStatus, StatusRow>();
            foreach (StatusRow row in All)
            {
                index.Add(row.Status, row);
            }
            return index;
        }
    }

    /// <summary>One row of <see cref="Statuses.All"/>.</summary>
    internal sealed class StatusRow
    {
        internal StatusRow(SgPayStatus status, string kind, Func<string, SgPayException> create)
        {
            Status = status;
            Kind = kind;
            Create = create;
        }

        /// <summary>The status number.</summary>
        internal SgPayStatus Status { get; private set; }

        /// <summary>The library's name of the status, e.g. <c>outcome_unknown</c>.</summary>
        internal string Kind { get; private set; }

        /// <summary>Builds the exception from the error document.</summary>
        internal Func<string, SgPayException> Create { get; private set; }

    }
}
