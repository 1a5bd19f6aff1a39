using System;
using System.Collections.Generic;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>The small internal JSON reader used for error documents, and the quoting of <see cref="SgPayJson"/>.</summary>
    [TestFixture]
    public class JsonReaderTests
    {
        /// <summary>Nested objects and arrays, numbers of every shape and the literals.</summary>
        [Test]
        public void ParsesEveryKindOfValue()
        {
            var root = (Dictionary<string, object>)JsonReader.Parse(
                " {\"a\":[1,-2,3.5,-0.25e2,1E3,9223372036854775807,9223372036854775808],\"b\":{\"c\":null,\"d\":true,\"e\":false},\"f\":[]} ");

            var numbers = (List<object>)root["a"];
            Assert.AreEqual(1L, numbers[0]);
            Assert.AreEqual(-2L, numbers[1]);
            Assert.AreEqual(3.5, numbers[2]);
            Assert.AreEqual(-25.0, numbers[3]);
            Assert.AreEqual(1000.0, numbers[4]);
            Assert.AreEqual(long.MaxValue, numbers[5]);
            Assert.AreEqual(9223372036854775808.0, numbers[6]);
            var inner = (Dictionary<string, object>)root["b"];
            Assert.IsNull(inner["c"]);
            Assert.AreEqual(true, inner["d"]);
            Assert.AreEqual(false, inner["e"]);
            CollectionAssert.IsEmpty((List<object>)root["f"]);
        }

        /// <summary>Every escape, including a surrogate pair written as two \u escapes, and raw UTF-16 text.</summary>
        [Test]
        public void DecodesEscapes()
        {
            string parsed = (string)JsonReader.Parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83c\\udf89 мир\"");

            Assert.AreEqual("q\" b\\ s/ \b\f\n\r\t é 🎉 мир", parsed);
        }

        /// <summary>The last of duplicate keys wins.</summary>
        [Test]
        public void LastDuplicateKeyWins()
        {
            var root = (Dictionary<string, object>)JsonReader.Parse("{\"k\":1,\"k\":2}");

            Assert.AreEqual(2L, root["k"]);
        }

        /// <summary>Documents that are not exactly one JSON value are refused.</summary>
        [TestCase("")]
        [TestCase("   ")]
        [TestCase("{")]
        [TestCase("{\"a\":1,}")]
        [TestCase("[1,]")]
        [TestCase("[1 2]")]
        [TestCase("{\"a\" 1}")]
        [TestCase("{a:1}")]
        [TestCase("\"open")]
        [TestCase("\"tab\there\"")]
        [TestCase("\"\\x\"")]
        [TestCase("\"\\u12g4\"")]
        [TestCase("\"\\u12\"")]
        [TestCase("01")]
        [TestCase("1.")]
        [TestCase(".5")]
        [TestCase("1e")]
        [TestCase("-")]
        [TestCase("+1")]
        [TestCase("1e400")]
        [TestCase("tru")]
        [TestCase("nul")]
        [TestCase("true false")]
        [TestCase("{} x")]
        public void RefusesInvalidDocuments(string json)
        {
            Assert.Throws<FormatException>(() => JsonReader.Parse(json));
        }

        /// <summary>Nesting deeper than the limit is refused instead of exhausting the stack.</summary>
        [Test]
        public void RefusesExcessiveNesting()
        {
            string deep = new string('[', 100000) + new string(']', 100000);

            Assert.Throws<FormatException>(() => JsonReader.Parse(deep));
        }

        /// <summary>Quote escapes what JSON needs escaped; parsing the result gives the text back.</summary>
        [Test]
        public void QuoteRoundTrips()
        {
            const string Text = "a\"b\\c/\u0001\u001f\n\r\t\b\f Привет 🎉";

            string quoted = SgPayJson.Quote(Text);

            Assert.AreEqual(Text, JsonReader.Parse(quoted));
            StringAssert.DoesNotContain("\n", quoted);
            StringAssert.Contains("\\u0001", quoted);
        }
    }
}
