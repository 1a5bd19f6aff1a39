using System;
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
        internal string Code { get; private set; }

        internal string Description { get; private set; }

        internal string Operation { get; private set; }

        internal int? HttpStatus { get; private set; }

        internal string IdempotencyKey { get; private set; }

        internal int? Attempts { get; private set; }

        internal string SessionId { get; private set; }

        internal string Kind { get; private set; }

        internal string Advice { get; private set; }

        internal SgPayLastReply LastReply { get; private set; }

        /// <summary>Reads the fields of <paramref name="json"/>; never throws.</summary>
        internal static ErrorDocument Read(string json)
        {
            var document = new ErrorDocument();
            var root = TryParse(json);
            if (root == null)
            {
                return document;
            }
            var error = Member(root, "error") as Dictionary<string, object>;
            if (error != null)
            {
                document.Code = Member(error, "code") as string;
                document.Description = Member(error, "description") as string;
            }
            var sgpay = Member(root, "sgpay") as Dictionary<string, object>;
            if (sgpay != null)
            {
                document.Operation = Member(sgpay, "operation") as string;
                document.HttpStatus = AsInt(Member(sgpay, "http_status"));
                document.IdempotencyKey = Member(sgpay, "idempotency_key") as string;
                document.Attempts = AsInt(Member(sgpay, "attempts"));
                document.SessionId = Member(sgpay, "session_id") as string;
                document.Kind = Member(sgpay, "kind") as string;
                document.Advice = Member(sgpay, "advice") as string;
                document.LastReply = ReadReply(Member(sgpay, "last_reply") as Dictionary<string, object>);
            }
            return document;
        }

        private static SgPayLastReply ReadReply(Dictionary<string, object> reply)
        {
            if (reply == null)
            {
                return null;
            }
            return new SgPayLastReply(
                AsInt(Member(reply, "http_status")), Member(reply, "code") as string, Member(reply, "description") as string);
        }

        private static Dictionary<string, object> TryParse(string json)
        {
            if (string.IsNullOrEmpty(json))
            {
                return null;
            }
            try
            {
                return JsonReader.Parse(json) as Dictionary<string, object>;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static object Member(Dictionary<string, object> map, string name)
        {
            object value;
            return map.TryGetValue(name, out value) ? value : null;
        }

        private static int? AsInt(object value)
        {
            if (value is long)
            {
                long number = (long)value;
                if (number >= int.MinValue && number <= int.MaxValue)
                {
                    return (int)number;
                }
            }
            return null;
        }
    }
}
