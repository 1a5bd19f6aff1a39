namespace SgPay
{
    /// <summary>Severity of a line logged by the native library (docs/c-abi.md, "Logging": 1 error .. 5 trace).</summary>
    public enum SgPayLogLevel
    {
        /// <summary>A failure.</summary>
        Error = 1,

        /// <summary>Something unexpected that the library recovered from (e.g. a retry).</summary>
        Warn = 2,

        /// <summary>Normal progress.</summary>
        Info = 3,

        /// <summary>Details for troubleshooting.</summary>
        Debug = 4,

        /// <summary>Everything.</summary>
        Trace = 5,
    }
}
