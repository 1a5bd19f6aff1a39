using System;
using System.Collections.Generic;

namespace SgPay.Tests
{
    /// <summary>Reads values out of JSON replies by path: keys (string) and array indexes (int).</summary>
    internal static class Json
    {
        /// <summary>The value at <paramref name="path"/>, or null when any step is missing.</summary>
        internal static object Member(string json, params object[] path)
        {
            object current = JsonReader.Parse(json);
            foreach (object step in path)
            {
                current = Step(current, step);
                if (current == null)
                {
                    return null;
                }
            }
            return current;
        }

        /// <summary>The string at <paramref name="path"/>, or null.</summary>
        internal static string Str(string json, params object[] path)
        {
            return Member(json, path) as string;
        }

        private static object Step(object current, object step)
        {
            var map = current as Dictionary<string, object>;
            if (map != null && step is string)
            {
                object value;
                return map.TryGetValue((string)step, out value) ? value : null;
            }
            var list = current as List<object>;
            if (list != null && step is int)
            {
                int index = (int)step;
                return index < list.Count ? list[index] : null;
            }
            return null;
        }
    }
}
