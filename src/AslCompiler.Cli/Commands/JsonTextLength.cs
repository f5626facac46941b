using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// The length, in characters, of a value's JSON text as <see cref="JsonValue.ToJsonString"/> writes it (compact; only
/// <c>"</c>, <c>\</c>, control characters and lone surrogates escaped), counted without writing it and only up to a
/// limit. A value that shares its parts (<c>$..a..a</c> of a deeply nested document) can be small in memory and
/// gigabytes as text; counting stops once past the limit, so it costs at most the limit's worth of work. The walk keeps
/// one frame per level of nesting, never a recursion.
/// </summary>
internal static class JsonTextLength
{
    /// <summary>The length of <paramref name="value"/>'s JSON text, or a number past <paramref name="limit"/> once the count passes it.</summary>
    public static long Measure(JsonValue value, long limit)
    {
        long length = 0;
        var open = new Stack<(JsonValue Container, int Next)>();
        var current = value;
        while (true)
        {
            switch (current.Kind)
            {
                case JsonKind.Undefined:
                case JsonKind.Null:
                    length += 4;
                    break;
                case JsonKind.Boolean:
                    length += current.IsTrue ? 4 : 5;
                    break;
                case JsonKind.Number:
                    length += current.ToJsonString().Length;
                    break;
                case JsonKind.String:
                    length += Quoted(current.GetString());
                    break;
                case JsonKind.Array:
                    // Brackets and commas now; the items one by one, below.
                    var count = current.GetArray().Count;
                    length += count == 0 ? 2 : 1 + count;
                    if (count > 0)
                    {
                        open.Push((current, 0));
                    }

                    break;
                default:
                    var members = current.GetObject().Count;
                    length += members == 0 ? 2 : 1 + (2L * members); // braces, a ':' and a ',' or '}' per member
                    if (members > 0)
                    {
                        open.Push((current, 0));
                    }

                    break;
            }

            // The next value to count: the next item or member value of the innermost container not done.
            while (true)
            {
                if (length > limit)
                {
                    return length;
                }

                if (open.Count == 0)
                {
                    return length;
                }

                var (container, next) = open.Pop();
                if (container.Kind == JsonKind.Array)
                {
                    var items = container.GetArray();
                    if (next < items.Count)
                    {
                        open.Push((container, next + 1));
                        current = items[next];
                        break;
                    }
                }
                else
                {
                    var obj = container.GetObject();
                    if (next < obj.Count)
                    {
                        open.Push((container, next + 1));
                        var member = obj[next];
                        length += Quoted(member.Key);
                        current = member.Value;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>The length of a string's JSON text, quotes and escapes included (as the runtime's writer escapes it).</summary>
    private static long Quoted(string s)
    {
        long length = s.Length + 2;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f')
            {
                length += 1;
            }
            else if (c < 0x20 || IsLoneSurrogate(s, i))
            {
                length += 5;
            }
        }

        return length;
    }

    private static bool IsLoneSurrogate(string s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
    }
}
