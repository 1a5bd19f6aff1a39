using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SgPay
{
    /// <summary>
    /// Writes JSON text: the options documents built from option classes, and documents read
    /// by <see cref="JsonReader"/> written back (the sandbox kit merges configurations).
    /// </summary>
    internal sealed class JsonWriter
    {
        private readonly StringBuilder builder = new StringBuilder("{");
        private bool empty = true;

        /// <summary>Adds a string member; a null value is left out.</summary>
        internal JsonWriter Add(string name, string value)
        {
            return value == null ? this : Member(name, SgPayJson.Quote(value));
        }

        /// <summary>Adds an integer member; a null value is left out.</summary>
        internal JsonWriter Add(string name, long? value)
        {
            return value == null ? this : Member(name, value.Value.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>Adds a boolean member; a null value is left out.</summary>
        internal JsonWriter Add(string name, bool? value)
        {
            return value == null ? this : Member(name, value.Value ? "true" : "false");
        }

        /// <summary>The object, or null when no member was added (the library's defaults apply).</summary>
        internal string ToJsonOrNull()
        {
            return empty ? null : builder.ToString() + "}";
        }

        private JsonWriter Member(string name, string valueJson)
        {
            if (!empty)
            {
                builder.Append(',');
            }
            empty = false;
            builder.Append(SgPayJson.Quote(name)).Append(':').Append(valueJson);
            return this;
        }

        /// <summary>Writes a value as <see cref="JsonReader"/> returns them (dictionaries, lists,
        /// strings, longs, doubles, booleans, null).</summary>
        internal static string Write(object value)
        {
            var text = new StringBuilder();
            WriteValue(text, value);
            return text.ToString();
        }

        private static void WriteValue(StringBuilder text, object value)
        {
            if (value == null)
            {
                text.Append("null");
            }
            else if (value is string)
            {
                text.Append(SgPayJson.Quote((string)value));
            }
            else if (value is bool)
            {
                text.Append((bool)value ? "true" : "false");
            }
            else if (value is long || value is int)
            {
                text.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            }
            else if (value is double)
            {
                text.Append(((double)value).ToString("R", CultureInfo.InvariantCulture));
            }
            else if (value is IDictionary<string, object>)
            {
                text.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, object> member in (IDictionary<string, object>)value)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    first = false;
                    text.Append(SgPayJson.Quote(member.Key)).Append(':');
                    WriteValue(text, member.Value);
                }
                text.Append('}');
            }
            else if (value is IList)
            {
                text.Append('[');
                bool first = true;
                foreach (object item in (IList)value)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }
                    first = false;
                    WriteValue(text, item);
                }
                text.Append(']');
            }
            else
            {
                throw new ArgumentException("cannot write a " + value.GetType().Name + " as JSON");
            }
        }
    }
}
