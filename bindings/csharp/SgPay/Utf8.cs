using System;
using System.Text;

namespace SgPay
{
    /// <summary>
    /// Converts between .NET strings and the NUL-terminated UTF-8 strings of the C ABI.
    /// Marshalling is done by hand because the default <c>string</c> marshalling of
    /// <c>DllImport</c> is ANSI on .NET Framework, which would corrupt non-ASCII text.
    /// </summary>
    internal static class Utf8
    {
        private static readonly UTF8Encoding StrictEncoding =
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private static readonly UTF8Encoding LenientEncoding =
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>
        /// Encodes <paramref name="text"/> as UTF-8 followed by a NUL byte, or returns null for null.
        /// Throws <see cref="ArgumentException"/> for an embedded NUL (the native side would
        /// silently cut the text there) or an unpaired surrogate (not encodable as UTF-8).
        /// </summary>
        internal static byte[] ToNative(string text, string parameterName)
        {
            if (text == null)
            {
                return null;
            }
            if (text.IndexOf('\0') >= 0)
            {
                throw new ArgumentException("The text contains a NUL character.", parameterName);
            }
            try
            {
                int length = StrictEncoding.GetByteCount(text);
                var bytes = new byte[length + 1];
                StrictEncoding.GetBytes(text, 0, text.Length, bytes, 0);
                return bytes;
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("The text contains an unpaired surrogate.", parameterName, e);
            }
        }

        /// <summary>
        /// Decodes a NUL-terminated UTF-8 string owned by native code, or returns null for
        /// <see cref="IntPtr.Zero"/>. Does not free it.
        /// </summary>
        internal static unsafe string FromNative(IntPtr text)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            byte* start = (byte*)text;
            byte* end = start;
            while (*end != 0)
            {
                end++;
            }
            long length = end - start;
            if (length > int.MaxValue)
            {
                throw new InvalidOperationException("The native string is too long.");
            }
            return LenientEncoding.GetString(start, (int)length);
        }

        /// <summary>Decodes a native string like <see cref="FromNative"/>, then frees it with
        /// <c>sgpay_string_free</c>, even when decoding fails.</summary>
        internal static string TakeNative(IntPtr text)
        {
            try
            {
                return FromNative(text);
            }
            finally
            {
                if (text != IntPtr.Zero)
                {
                    Native.sgpay_string_free(text);
                }
            }
        }
    }
}
