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
    /// <remarks>
    /// <see cref="SafeHandle"/> itself only refuses new references once the count has dropped
    /// to zero: while calls overlap without pause on other threads, it would keep accepting
    /// new ones after <c>Dispose</c>. <see cref="Lease{T}"/> therefore also checks its own flag,
    /// set as soon as <c>Dispose</c> is called.
    /// </remarks>
    internal sealed class SgPayClientHandle : SafeHandle
    {
        private volatile bool disposeRequested;

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
        /// handle. Throws <see cref="ObjectDisposedException"/> once <c>Dispose</c> was called.
        /// </summary>
        internal T Lease<T>(Func<IntPtr, T> call)
        {
            bool added = false;
            try
            {
                ThrowIfDisposeRequested();
                AddRef(ref added);
                ThrowIfDisposeRequested();
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

        private void AddRef(ref bool added)
        {
            try
            {
                DangerousAddRef(ref added);
            }
            catch (ObjectDisposedException)
            {
                throw new ObjectDisposedException(typeof(SgPayClient).FullName);
            }
        }

        private void ThrowIfDisposeRequested()
        {
            if (disposeRequested)
            {
                throw new ObjectDisposedException(typeof(SgPayClient).FullName);
            }
        }

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            disposeRequested = true;
            base.Dispose(disposing);
        }

        /// <inheritdoc />
        protected override bool ReleaseHandle()
        {
            Native.sgpay_client_free(handle);
            return true;
        }
    }
}
