using System;
using System.Globalization;
using System.Text;

namespace SgPay
{
    /// <summary>
    /// Quoting of text for building request documents without a JSON library (netstandard2.0
    /// has none built in). The client takes and returns JSON text, so any JSON library reads
    /// its replies (e.g. <c>System.Text.Json</c>, Json.NET, or
    /// <c>System.Runtime.Serialization.Json.JsonReaderWriterFactory</c> on .NET Framework).
    /// </summary>
    public static class SgPayJson
    {
        /// <summary>
        /// Returns <paramref name="text"/> as a quoted JSON string literal, escaping quotes,
        /// backslashes and control characters, for building request documents safely.
        /// Non-ASCII characters are kept as they are (the library sends UTF-8).
        /// </summary>
        /// <param name="text">The text to quote.</param>
        /// <returns>The JSON string literal, including the surrounding quotes.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public static string Quote(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }
            var builder = new StringBuilder(text.Length + 2);
            builder.Append('"');
            foreach (char c in text)
            {
                AppendEscaped(builder, c);
            }
            builder.Append('"');
            return builder.ToString();
        }

        private static void AppendEscaped(StringBuilder builder, char c)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
    }
}
