using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SgPay
{
    /// <summary>
    /// A small, strict JSON (RFC 8259) parser producing plain .NET values.
    /// </summary>
    /// <remarks>
    /// netstandard2.0 has no JSON reader without NuGet packages, and
    /// <c>DataContractJsonSerializer</c> needs a fixed contract per document while the
    /// <c>error</c> object of an API error is the server's own, with any fields; its
    /// behaviour on odd input also differs between Mono and .NET. This reader is small
    /// enough to check by eye: objects become <see cref="Dictionary{TKey,TValue}"/> of
    /// string to object (the last duplicate key wins), arrays <see cref="List{T}"/> of object,
    /// strings <see cref="string"/> (all escapes, \uXXXX surrogate pairs included),
    /// integers <see cref="long"/> when they fit, other numbers <see cref="double"/>,
    /// <c>true</c>/<c>false</c> <see cref="bool"/>, <c>null</c> null. Nesting is bounded.
    /// </remarks>
    internal sealed class JsonReader
    {
        /// <summary>The deepest nesting of arrays and objects accepted.</summary>
        internal const int MaxDepth = 256;

        private readonly string text;
        private int position;
        private int depth;

        private JsonReader(string text)
        {
            this.text = text;
        }

        /// <summary>Parses one complete JSON document; throws <see cref="FormatException"/>.</summary>
        internal static object Parse(string json)
        {
            if (json == null)
            {
                throw new ArgumentNullException("json");
            }
            var reader = new JsonReader(json);
            object value = reader.ReadValue();
            reader.SkipWhitespace();
            if (reader.position != json.Length)
            {
                throw reader.Error("unexpected text after the document");
            }
            return value;
        }

        /// <summary>
        /// The exact text of each member of the top-level object of <paramref name="json"/>
        /// (values as they were written: key order, numbers and escapes kept), for handing a
        /// server object on unchanged. Throws <see cref="FormatException"/> when the document
        /// is not a valid JSON object.
        /// </summary>
        internal static Dictionary<string, string> RawMembers(string json)
        {
            if (json == null)
            {
                throw new ArgumentNullException("json");
            }
            var reader = new JsonReader(json);
            var members = new Dictionary<string, string>(StringComparer.Ordinal);
            reader.SkipWhitespace();
            reader.Expect('{');
            reader.SkipWhitespace();
            if (!reader.TryConsume('}'))
            {
                do
                {
                    reader.SkipWhitespace();
                    if (reader.position >= json.Length || json[reader.position] != '"')
                    {
                        throw reader.Error("expected a string key");
                    }
                    string key = reader.ReadString();
                    reader.SkipWhitespace();
                    reader.Expect(':');
                    reader.SkipWhitespace();
                    int start = reader.position;
                    reader.ReadValue();
                    members[key] = json.Substring(start, reader.position - start);
                    reader.SkipWhitespace();
                }
                while (reader.TryConsume(','));
                reader.Expect('}');
            }
            reader.SkipWhitespace();
            if (reader.position != json.Length)
            {
                throw reader.Error("unexpected text after the document");
            }
            return members;
        }

        private object ReadValue()
        {
            SkipWhitespace();
            if (position >= text.Length)
            {
                throw Error("unexpected end of input");
            }
            char c = text[position];
            switch (c)
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                    return ReadString();
                case 't':
                    return ReadLiteral("true", true);
                case 'f':
                    return ReadLiteral("false", false);
                case 'n':
                    return ReadLiteral("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }
                    throw Error("unexpected character");
            }
        }

        private Dictionary<string, object> ReadObject()
        {
            Enter();
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            position++;
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return Leave(result);
            }
            do
            {
                SkipWhitespace();
                if (position >= text.Length || text[position] != '"')
                {
                    throw Error("expected a string key");
                }
                string key = ReadString();
                SkipWhitespace();
                Expect(':');
                result[key] = ReadValue();
                SkipWhitespace();
            }
            while (TryConsume(','));
            Expect('}');
            return Leave(result);
        }

        private List<object> ReadArray()
        {
            Enter();
            var result = new List<object>();
            position++;
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return Leave(result);
            }
            do
            {
                result.Add(ReadValue());
                SkipWhitespace();
            }
            while (TryConsume(','));
            Expect(']');
            return Leave(result);
        }

        private string ReadString()
        {
            position++;
            var builder = new StringBuilder();
            while (true)
            {
                if (position >= text.Length)
                {
                    throw Error("unterminated string");
                }
                char c = text[position++];
                if (c == '"')
                {
                    return builder.ToString();
                }
                if (c == '\\')
                {
                    builder.Append(ReadEscape());
                }
                else if (c < ' ')
                {
                    throw Error("control character in string");
                }
                else
                {
                    builder.Append(c);
                }
            }
        }

        private char ReadEscape()
        {
            if (position >= text.Length)
            {
                throw Error("unterminated escape");
            }
            char c = text[position++];
            switch (c)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u': return ReadHexCodeUnit();
                default: throw Error("invalid escape");
            }
        }

        /// <summary>
        /// Reads the four hex digits of a \u escape. A surrogate pair arrives as two escapes,
        /// each one UTF-16 code unit, so appending them in order rebuilds the character.
        /// </summary>
        private char ReadHexCodeUnit()
        {
            if (position + 4 > text.Length)
            {
                throw Error("truncated \\u escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int digit = HexDigit(text[position + i]);
                if (digit < 0)
                {
                    throw Error("invalid \\u escape");
                }
                value = (value << 4) | digit;
            }
            position += 4;
            return (char)value;
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private object ReadNumber()
        {
            int start = position;
            TryConsume('-');
            if (TryConsume('0'))
            {
                if (position < text.Length && IsDigit(text[position]))
                {
                    throw Error("leading zero in number");
                }
            }
            else
            {
                ReadDigits();
            }
            bool integer = true;
            if (TryConsume('.'))
            {
                integer = false;
                ReadDigits();
            }
            if (TryConsume('e') || TryConsume('E'))
            {
                integer = false;
                if (!TryConsume('+'))
                {
                    TryConsume('-');
                }
                ReadDigits();
            }
            return ConvertNumber(text.Substring(start, position - start), integer);
        }

        private object ConvertNumber(string literal, bool integer)
        {
            long whole;
            if (integer && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole))
            {
                return whole;
            }
            double value;
            if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                || double.IsInfinity(value))
            {
                throw Error("number out of range");
            }
            return value;
        }

        private void ReadDigits()
        {
            int start = position;
            while (position < text.Length && IsDigit(text[position]))
            {
                position++;
            }
            if (position == start)
            {
                throw Error("expected a digit");
            }
        }

        private static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }

        private object ReadLiteral(string literal, object value)
        {
            if (string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected character");
            }
            position += literal.Length;
            return value;
        }

        private void SkipWhitespace()
        {
            while (position < text.Length)
            {
                char c = text[position];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }
                position++;
            }
        }

        private bool TryConsume(char expected)
        {
            if (position < text.Length && text[position] == expected)
            {
                position++;
                return true;
            }
            return false;
        }

        private void Expect(char expected)
        {
            if (!TryConsume(expected))
            {
                throw Error("expected '" + expected + "'");
            }
        }

        private void Enter()
        {
            if (++depth > MaxDepth)
            {
                throw Error("nesting too deep");
            }
        }

        private T Leave<T>(T value)
        {
            depth--;
            return value;
        }

        private FormatException Error(string what)
        {
            return new FormatException("Invalid JSON at offset " + position + ": " + what + ".");
        }
    }
}
