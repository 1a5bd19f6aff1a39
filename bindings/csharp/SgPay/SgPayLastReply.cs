namespace SgPay
{
    /// <summary>
    /// The server's last answer in a call whose outcome stayed unknown after it (for example
    /// a 502 page after a lost connection): kept for diagnosis only, it does not settle the
    /// outcome. See <see cref="SgPayException.LastReply"/>.
    /// </summary>
    public sealed class SgPayLastReply
    {
        internal SgPayLastReply(int? httpStatus, string code, string description)
        {
            HttpStatus = httpStatus;
            Code = code;
            Description = description;
        }

        /// <summary>The HTTP status of that answer, or null.</summary>
        public int? HttpStatus { get; private set; }

        /// <summary>Its error code, or null.</summary>
        public string Code { get; private set; }

        /// <summary>Its description in plain words (redacted), or null.</summary>
        public string Description { get; private set; }
    }
}
