namespace SgPay
{
    /// <summary>The status codes of the C ABI (docs/architecture.md, "Status codes").</summary>
    public enum SgPayStatus
    {
        /// <summary>The call succeeded.</summary>
        Ok = 0,

        /// <summary>Bad input (malformed JSON, unknown operation, failed local validation); nothing was sent.</summary>
        InvalidArgument = 1,

        /// <summary>Bad config JSON, or an unreadable or invalid key.</summary>
        Config = 2,

        /// <summary>The request never reached the server; it is safe to send it again.</summary>
        NotSent = 10,

        /// <summary>The request may have been processed; repeat it with the same idempotency key or ask for the session status.</summary>
        OutcomeUnknown = 11,

        /// <summary>The API answered with status "error".</summary>
        Api = 20,

        /// <summary>Unexpected HTTP status, or a reply that is not the expected JSON.</summary>
        Protocol = 21,

        /// <summary>A webhook signature did not verify.</summary>
        Signature = 30,

        /// <summary>The crash-safe journal could not be opened or written; from a call, nothing was sent.</summary>
        Journal = 40,

        /// <summary>The native library caught an internal panic.</summary>
        Panic = 98,

        /// <summary>Any other internal failure of the native library.</summary>
        Internal = 99,
    }
}
