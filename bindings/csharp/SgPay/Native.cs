using System;
using System.Runtime.InteropServices;

namespace SgPay
{
    /// <summary>
    /// The entry points of the native library, exactly as in <c>include/sgpay.h</c> (docs/c-abi.md, "Functions").
    /// Strings go in as NUL-terminated UTF-8 <see cref="byte"/> arrays (see <see cref="Utf8"/>)
    /// and come out as <see cref="IntPtr"/> documents owned by the caller, freed with
    /// <see cref="sgpay_string_free"/>. Only <see cref="NativeLibraryLoader"/> and
    /// <see cref="SgPayClient"/> call these, after the ABI version has been checked.
    /// The named <c>sgpay_session_*</c> functions are not declared: the session methods go
    /// through <see cref="sgpay_call"/> with the operation path (see <see cref="Operations"/>).
    /// </summary>
    internal static class Native
    {
        /// <summary>The library name; the runtime maps it to sgpay.dll or libsgpay.so.</summary>
        internal const string LibraryName = "sgpay";

        /// <summary>The ABI version this binding was written for.</summary>
        internal const uint AbiVersion = 1;

        /// <summary>Receives one log line from the library (<c>sgpay_log_fn</c>).</summary>
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void LogCallback(IntPtr userdata, int level, IntPtr message);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern uint sgpay_abi_version();

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr sgpay_version();

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_client_new(
            byte[] configJson, out SgPayClientHandle client, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void sgpay_client_free(IntPtr client);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_call(
            IntPtr client, byte[] operation, byte[] requestJson, byte[] optionsJson, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_webhook_verify(
            IntPtr client, byte[] body, UIntPtr bodyLength, byte[] signature, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern void sgpay_string_free(IntPtr text);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_set_log_callback(LogCallback callback, IntPtr userdata, int maxLevel);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_pay(
            IntPtr client, byte[] requestJson, byte[] optionsJson, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_journal_entries(IntPtr client, byte[] filterJson, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_journal_recover(IntPtr client, byte[] optionsJson, out IntPtr outJson);

        [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
        internal static extern int sgpay_journal_acknowledge(IntPtr client, byte[] entryId, out IntPtr outJson);
    }
}
