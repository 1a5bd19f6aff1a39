using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace SgPay
{
    /// <summary>
    /// The native library's log, process-wide. Subscribe to <see cref="Message"/> or set
    /// <see cref="Writer"/>; the native callback is installed while either is in use and
    /// removed when both are gone. Lines never contain keys, CVCs or full card numbers.
    /// </summary>
    /// <example>
    /// <code>
    /// SgPayLog.MaxLevel = SgPayLogLevel.Debug;
    /// SgPayLog.Message += (level, text) => Console.Error.WriteLine(level + ": " + text);
    /// </code>
    /// </example>
    public static class SgPayLog
    {
        private static readonly object Gate = new object();

        /// <summary>Kept in a static field so the garbage collector never frees the delegate
        /// while native code still holds its function pointer.</summary>
        private static readonly Native.LogCallback NativeCallback = OnNativeLog;

        // Read without the lock by the callback, so that a native logging thread never waits
        // for a thread that holds the lock while calling into the library.
        private static volatile Action<SgPayLogLevel, string> handlers;
        private static volatile TextWriter writer;
        private static SgPayLogLevel maxLevel = SgPayLogLevel.Info;
        private static bool installed;

        /// <summary>
        /// Raised for each log line, on the thread that logged it. Exceptions thrown by a
        /// handler are caught and dropped (they cannot cross into native code) and do not stop
        /// the other handlers. A handler must not subscribe or unsubscribe itself (the native
        /// library holds its log lock while the handler runs). Subscribing loads the native library.
        /// </summary>
        /// <exception cref="SgPayNativeLibraryException">The native library is missing or incompatible.</exception>
        public static event Action<SgPayLogLevel, string> Message
        {
            add
            {
                lock (Gate)
                {
                    Apply(handlers + value, writer);
                }
            }
            remove
            {
                lock (Gate)
                {
                    Apply(handlers - value, writer);
                }
            }
        }

        /// <summary>
        /// When not null, each log line is also written to this writer as
        /// <c>sgpay LEVEL: text</c>. The getter returns the synchronized wrapper
        /// (<see cref="TextWriter.Synchronized"/>) actually used. Setting it loads the native library.
        /// </summary>
        /// <exception cref="SgPayNativeLibraryException">The native library is missing or incompatible.</exception>
        public static TextWriter Writer
        {
            get
            {
                return writer;
            }
            set
            {
                lock (Gate)
                {
                    Apply(handlers, value == null ? null : TextWriter.Synchronized(value));
                }
            }
        }

        /// <summary>The most detailed level delivered (default <see cref="SgPayLogLevel.Info"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is not a defined level.</exception>
        public static SgPayLogLevel MaxLevel
        {
            get
            {
                lock (Gate)
                {
                    return maxLevel;
                }
            }
            set
            {
                if (value < SgPayLogLevel.Error || value > SgPayLogLevel.Trace)
                {
                    throw new ArgumentOutOfRangeException("value");
                }
                lock (Gate)
                {
                    maxLevel = value;
                    if (installed)
                    {
                        SetNativeCallback(NativeCallback);
                    }
                }
            }
        }

        /// <summary>Commits the new state and installs or removes the native callback as it
        /// needs; when the library cannot be loaded nothing changes. Called under the lock.</summary>
        private static void Apply(Action<SgPayLogLevel, string> newHandlers, TextWriter newWriter)
        {
            bool wanted = newHandlers != null || newWriter != null;
            if (wanted && !installed)
            {
                NativeLibraryLoader.EnsureLoaded();
            }
            handlers = newHandlers;
            writer = newWriter;
            if (wanted != installed)
            {
                SetNativeCallback(wanted ? NativeCallback : null);
                installed = wanted;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)] // bound by Mono only after EnsureLoaded (see NativeLibraryLoader.Preload)
        private static void SetNativeCallback(Native.LogCallback callback)
        {
            int status = Native.sgpay_set_log_callback(callback, IntPtr.Zero, (int)maxLevel);
            if (status != (int)SgPayStatus.Ok)
            {
                throw SgPayException.FromNative(status, null);
            }
        }

        private static void OnNativeLog(IntPtr userdata, int level, IntPtr message)
        {
            try
            {
                Dispatch((SgPayLogLevel)level, Utf8.FromNative(message) ?? string.Empty);
            }
            catch (Exception)
            {
                // Nothing may propagate into the native caller.
            }
        }

        private static void Dispatch(SgPayLogLevel level, string text)
        {
            Action<SgPayLogLevel, string> current = handlers;
            TextWriter target = writer;
            if (current != null)
            {
                foreach (Action<SgPayLogLevel, string> handler in current.GetInvocationList())
                {
                    InvokeSafely(handler, level, text);
                }
            }
            if (target != null)
            {
                InvokeSafely((l, t) => target.WriteLine("sgpay " + l.ToString().ToUpperInvariant() + ": " + t), level, text);
            }
        }

        private static void InvokeSafely(Action<SgPayLogLevel, string> handler, SgPayLogLevel level, string text)
        {
            try
            {
                handler(level, text);
            }
            catch (Exception)
            {
                // A failing handler must neither reach native code nor silence the others.
            }
        }
    }
}
