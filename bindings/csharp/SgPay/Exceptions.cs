using System;
using System.Runtime.Serialization;

namespace SgPay
{
    /// <summary>Bad input (malformed JSON, unknown operation, or a request that failed local validation); nothing was sent. Fix the request.</summary>
    [Serializable]
    public class SgPayInvalidArgumentException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayInvalidArgumentException(string errorJson)
            : base(SgPayStatus.InvalidArgument, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayInvalidArgumentException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>The configuration JSON is invalid (unknown key, missing field) or a key could not be read.</summary>
    [Serializable]
    public class SgPayConfigException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayConfigException(string errorJson)
            : base(SgPayStatus.Config, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayConfigException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>The request never reached the server (DNS, connection refused, TLS handshake); it is safe to send it again.</summary>
    [Serializable]
    public class SgPayNotSentException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayNotSentException(string errorJson)
            : base(SgPayStatus.NotSent, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayNotSentException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>The request may have been processed (timeout or connection lost after sending). Repeat it with the same <see cref="SgPayException.IdempotencyKey"/>, or ask for the session status.</summary>
    [Serializable]
    public class SgPayOutcomeUnknownException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayOutcomeUnknownException(string errorJson)
            : base(SgPayStatus.OutcomeUnknown, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayOutcomeUnknownException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>The API answered with status "error"; <see cref="SgPayException.Code"/> is the API's own error code.</summary>
    [Serializable]
    public class SgPayApiException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayApiException(string errorJson)
            : base(SgPayStatus.Api, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayApiException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>The server answered with an unexpected HTTP status, or a reply that is not the expected JSON.</summary>
    [Serializable]
    public class SgPayProtocolException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayProtocolException(string errorJson)
            : base(SgPayStatus.Protocol, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayProtocolException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>A webhook signature did not verify: do not trust the body.</summary>
    [Serializable]
    public class SgPaySignatureException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPaySignatureException(string errorJson)
            : base(SgPayStatus.Signature, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPaySignatureException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }

    /// <summary>The crash-safe journal (<c>journal_path</c> or <c>journal_url</c>) could not be opened, reached or written; when this comes from a call, nothing was sent.</summary>
    [Serializable]
    public class SgPayJournalException : SgPayException
    {
        /// <summary>Creates the exception from the native error document.</summary>
        /// <param name="errorJson">The error document, or null.</param>
        public SgPayJournalException(string errorJson)
            : base(SgPayStatus.Journal, errorJson)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayJournalException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }
}
