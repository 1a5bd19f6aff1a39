using System;
using System.Runtime.Serialization;

namespace SgPay
{
    /// <summary>
    /// The native sgpay library could not be loaded, or it speaks another ABI version than
    /// this binding. Thrown at first use (creating a client or subscribing to the log).
    /// </summary>
    [Serializable]
    public class SgPayNativeLibraryException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What failed and how to fix it.</param>
        /// <param name="innerException">The loader's own error, or null.</param>
        public SgPayNativeLibraryException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        /// <summary>Restores a serialized exception.</summary>
        /// <param name="info">The serialized data.</param>
        /// <param name="context">The source of the data.</param>
        protected SgPayNativeLibraryException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
        }
    }
}
