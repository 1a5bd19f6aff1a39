using System.Collections.Generic;

namespace SgPay
{
    /// <summary>
    /// The fields of the native error document (docs/c-abi.md, "Error document"):
    /// <c>{"status":"error","error":{"code","description"},"sgpay":{"status","kind","advice",
    /// "operation","http_status","idempotency_key","attempts","session_id","last_reply"}}</c>.
    /// Missing or malformed parts leave the matching fields null. Only these structured
    /// fields are read; the wording of the description is never interpreted.
    /// </summary>
    internal sealed class ErrorDocument
    {
        private readonly Dictionary<string, object> error;
        private readonly Dictionary<string, object> sgpay;

        private ErrorDocument(Dictionary<string, object> root)
        {
            error = Document.Object(root, "error");
            sgpay = Document.Object(root, "sgpay");
            var reply = Document.Object(sgpay, "last_reply");
            if (reply != null)
            {
                LastReply = new SgPayLastReply(
                    Document.Int32(reply, "http_status"), Document.Text(reply, "code"), Document.Text(reply, "description"));
            }
        }

        internal string Code => Document.Text(error, "code");

        internal string Description => Document.Text(error, "description");

        internal string Operation => Document.Text(sgpay, "operation");

        internal int? HttpStatus => Document.Int32(sgpay, "http_status");

        internal string IdempotencyKey => Document.Text(sgpay, "idempotency_key");

        internal int? Attempts => Document.Int32(sgpay, "attempts");

        internal string SessionId => Document.Text(sgpay, "session_id");

        internal string Kind => Document.Text(sgpay, "kind");

        internal string Advice => Document.Text(sgpay, "advice");

        internal SgPayLastReply LastReply { get; }

        /// <summary>Reads the fields of <paramref name="json"/>; never throws.</summary>
        internal static ErrorDocument Read(string json)
        {
            return new ErrorDocument(Document.TryParse(json));
        }
    }
}
