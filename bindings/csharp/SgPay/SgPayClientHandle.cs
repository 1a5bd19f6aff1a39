using System;
using System.Runtime.InteropServices;

namespace SgPay
{
    /// <summary>
    /// Owns one native <c>sgpay_client</c>. The runtime guarantees <see cref="ReleaseHandle"/>
    /// runs exactly once, and only when no call holds a reference taken with
    /// <see cref="Lease{T}"/>, so disposing on one thread never frees the client under a call
    /// running on another.
    /// </summary>
    internal sealed class SgPayClientHandle : SafeHandle
    {
        /// <summary>Creates an empty handle; the marshaller fills it from <c>sgpay_client_new</c>.</summary>
        public SgPayClientHandle()
            : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        /// <inheritdoc />
        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }

        /// <summary>
        /// Runs <paramref name="call"/> with the raw pointer while holding a reference on the
        /// handle. Throws <see cref="ObjectDisposedException"/> when the handle is already closed.
        /// </summary>
        internal T Lease<T>(Func<IntPtr, T> call)
        {
            bool added = false;
            try
            {
                DangerousAddRef(ref added);
                return call(DangerousGetHandle());
            }
            finally
            {
                if (added)
                {
                    DangerousRelease();
                }
            }
        }

        /// <inheritdoc />
        protected override bool ReleaseHandle()
        {
            Native.sgpay_client_free(handle);
            return true;
        }
    }
}
