using System;
using System.Globalization;
using System.Runtime.Serialization;
using System.Text;

namespace SgPay
{
    /// <summary>
    /// A failed call of the native library. The concrete subclass tells what to do next
    /// (see <see cref="SgPayStatus"/>); the properties carry the fields of the error document.
    /// Descriptions never contain keys, CVCs or full card numbers.
    /// </summary>
    [Serializable]
    public class SgPayException : Exception
    {
        private const string StatusKey = "SgPay.Status";
        private const string ErrorJsonKey = "SgPay.ErrorJson";

        [NonSerialized]
        private readonly ErrorDocument document;

        /// <summary>Creates an exception from a native status and its error document.</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="errorJson">The error document, or null when there was none.</param>
        public SgPayException(SgPayStatus status, string errorJson)
            : this(status, errorJson, ErrorDocument.Read(errorJson))
        {
        }

        /// <summary>Restores a serialized exception (for example across AppDomains).</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            Status = (SgPayStatus)info.GetInt32(StatusKey);
            ErrorJson = info.GetString(ErrorJsonKey);
            document = ErrorDocument.Read(ErrorJson);
        }

        private SgPayException(SgPayStatus status, string errorJson, ErrorDocument document)
            : base(BuildMessage(status, document))
        {
            Status = status;
            ErrorJson = errorJson;
            this.document = document;
        }

        /// <summary>The library's name of the status: <c>invalid_argument</c>, <c>config</c>,
        /// <c>not_sent</c>, <c>outcome_unknown</c>, <c>api</c>, <c>protocol</c>, <c>signature</c>,
        /// <c>journal</c>, <c>panic</c>, <c>internal</c> (the number, for a status this binding
        /// does not know).</summary>
        public string Kind => KindOf(Status, document);

        /// <summary>What to do next, in plain words; may be empty.</summary>
        public string Advice => AdviceOf(document);

        /// <summary>When the outcome is unknown after a later answer of the server, that answer
        /// (for diagnosis; it does not settle the outcome); otherwise null.</summary>
        public SgPayLastReply LastReply => document.LastReply;

        /// <summary>The native status code.</summary>
        public SgPayStatus Status { get; }

        /// <summary>The error code: the API's own code (e.g. <c>invalid_sign</c>) for
        /// <see cref="SgPayApiException"/>, otherwise one of <c>invalid_argument</c>,
        /// <c>config</c>, <c>not_sent</c>, <c>outcome_unknown</c>, <c>protocol</c>,
        /// <c>signature</c>, <c>journal</c>, <c>panic</c>, <c>internal</c>; null when the
        /// error document had none.</summary>
        public string Code => document.Code;

        /// <summary>What went wrong, in plain words, with secrets and card data redacted.</summary>
        public string Description => document.Description;

        /// <summary>The HTTP status of the server's reply, or null when there was none.</summary>
        public int? HttpStatus => document.HttpStatus;

        /// <summary>The idempotency key the request carried, or null. Repeat an operation whose
        /// outcome is unknown with this key to avoid doing it twice.</summary>
        public string IdempotencyKey => document.IdempotencyKey;

        /// <summary>The API method path of the failed call, e.g. <c>session/start/payment</c>, or null.</summary>
        public string Operation => document.Operation;

        /// <summary>How many times the request was sent, or null when unknown.</summary>
        public int? Attempts => document.Attempts;

        /// <summary>The session the call was about, when known.</summary>
        public string SessionId => document.SessionId;

        /// <summary>The complete error document as returned by the native library, or null.</summary>
        public string ErrorJson { get; }

        /// <summary>Stores the status and error document for serialization.</summary>
        /// <param name="info">Receives the data.</param>
        /// <param name="context">The destination.</param>
        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue(StatusKey, (int)Status);
            info.AddValue(ErrorJsonKey, ErrorJson);
        }

        /// <summary>Builds the exception class matching a native status code (see <see cref="Statuses"/>).</summary>
        internal static SgPayException FromNative(int status, string errorJson)
        {
            return Statuses.Exception(status, errorJson);
        }

        private static string KindOf(SgPayStatus status, ErrorDocument document)
        {
            StatusRow row = Statuses.Of(status);
            return document.Kind ?? (row == null ? ((int)status).ToString(CultureInfo.InvariantCulture) : row.Kind);
        }

        private static string AdviceOf(ErrorDocument document)
        {
            return document.Advice ?? string.Empty;
        }

        /// <summary>
        /// The message, in the same format as the Python binding's <c>str(error)</c>:
        /// <c>&lt;operation&gt; failed (&lt;Kind&gt;[, HTTP n]): &lt;code&gt;[: &lt;description&gt;]</c>,
        /// then, when the outcome is unknown, the idempotency key to repeat with, and the advice.
        /// </summary>
        private static string BuildMessage(SgPayStatus status, ErrorDocument document)
        {
            string kind = KindOf(status, document);
            var message = new StringBuilder();
            message.Append(document.Operation ?? "sgpay").Append(" failed (").Append(Title(kind));
            if (document.HttpStatus.HasValue)
            {
                message.Append(", HTTP ").Append(document.HttpStatus.Value);
            }
            message.Append("): ").Append(string.IsNullOrEmpty(document.Code) ? kind : document.Code);
            if (!string.IsNullOrEmpty(document.Description))
            {
                message.Append(": ").Append(document.Description);
            }
            if (status == SgPayStatus.OutcomeUnknown && !string.IsNullOrEmpty(document.IdempotencyKey))
            {
                message.Append(" (idempotency key ").Append(document.IdempotencyKey).Append(')');
            }
            string advice = AdviceOf(document);
            if (advice.Length > 0)
            {
                message.Append(' ').Append(advice);
            }
            return message.ToString();
        }

        /// <summary><c>outcome_unknown</c> to <c>OutcomeUnknown</c>, the <see cref="SgPayStatus"/> name.</summary>
        private static string Title(string kind)
        {
            var title = new StringBuilder(kind.Length);
            foreach (string part in kind.Split('_'))
            {
                if (part.Length > 0)
                {
                    title.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
                }
            }
            return title.ToString();
        }
    }
}
