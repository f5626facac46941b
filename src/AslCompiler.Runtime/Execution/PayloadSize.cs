using System;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>Measures the UTF-8 size of a value's JSON text without writing it, stopping once past a limit.</summary>
internal static class PayloadSize
{
    public static bool Exceeds(JsonValue value, int limit) => Measure(value, limit) > limit;

    public static int Measure(JsonValue value, int limit)
    {
        var size = 0;
        Add(value, ref size, limit, 0);
        return size;
    }

    private static void Add(JsonValue value, ref int size, int limit, int depth)
    {
        if (size > limit || depth > 1000)
        {
            return;
        }

        switch (value.Kind)
        {
            case JsonKind.Null:
                size += 4;
                return;
            case JsonKind.Boolean:
                size += value.IsTrue ? 4 : 5;
                return;
            case JsonKind.Number:
                size += value.TryGetInt64(out var l) ? Digits(l) : 24;
                return;
            case JsonKind.String:
                size += StringSize(value.GetString());
                return;
            case JsonKind.Array:
                var array = value.GetArray();
                size += 2 + Math.Max(0, array.Count - 1);
                foreach (var item in array.AsSpan())
                {
                    Add(item, ref size, limit, depth + 1);
                }

                return;
            case JsonKind.Object:
                var obj = value.GetObject();
                size += 2 + Math.Max(0, obj.Count - 1);
                foreach (var member in obj.AsSpan())
                {
                    size += StringSize(member.Key) + 1;
                    Add(member.Value, ref size, limit, depth + 1);
                }

                return;
        }
    }

    private static int Digits(long value)
    {
        // The length of the invariant decimal text (sign included), without making the text.
        var digits = value < 0 ? 2 : 1;
        var rest = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        while (rest >= 10)
        {
            rest /= 10;
            digits++;
        }

        return digits;
    }

    private static int StringSize(string s)
    {
        // Quotes, then per UTF-16 unit its UTF-8 bytes (a surrogate pair is 4, an unpaired surrogate becomes U+FFFD: 3)
        // and the escapes of JSON text (\" and \\ one more byte, control characters \u00XX five more).
        var size = 2;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < 0x80)
            {
                size += c is '"' or '\\' ? 2 : c < ' ' ? 6 : 1;
            }
            else if (c < 0x800)
            {
                size += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                size += 4;
                i++;
            }
            else
            {
                size += 3;
            }
        }

        return size;
    }
}
