using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AslCompiler.Runtime.Json;

/// <summary>
/// Writes compact JSON the way Step Functions prints payloads (Jackson): no whitespace, non-ASCII characters
/// as they are, only <c>"</c>, <c>\</c> and control characters escaped; a lone surrogate (half of a pair without its
/// other half, which UTF-8 cannot encode) is escaped as JavaScript's <c>JSON.stringify</c> escapes it (<c>\ud800</c>),
/// so it survives the text's encoding instead of turning into U+FFFD.
/// </summary>
internal static class JsonValueWriter
{
    /// <summary>How deeply a written value may nest (deeper is an <see cref="InvalidOperationException"/>).</summary>
    public const int MaxDepth = 10_000;

    /// <summary>The largest builder (in characters) a thread keeps for its next write.</summary>
    private const int KeptBuilderCapacity = 16 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>
    /// The value's JSON text. An array's or object's text is kept on it (values are immutable), so a value written again
    /// or inside another one costs a copy.
    /// </summary>
    public static string Write(JsonValue value) => Write(value, keepAlways: true);

    /// <summary>
    /// The value's JSON text, kept on the value only when it is short (<see cref="KeptSmallTextLength"/> characters or
    /// fewer; an array's or object's text already kept is used): for text read and dropped, such as a history event's
    /// input or output. A state's output is the next state's input, so a short text is written once for both; a long
    /// one is not pinned to every value a history holds (thousands of states over a 250 KB value held gigabytes).
    /// </summary>
    public static string WriteKeptIfShort(JsonValue value) => Write(value, keepAlways: false);

    /// <summary>The longest text <see cref="WriteKeptIfShort"/> keeps on its value.</summary>
    internal const int KeptSmallTextLength = 4096;

    private static string Write(JsonValue value, bool keepAlways)
    {
        switch (value.Kind)
        {
            case JsonKind.Undefined:
                return string.Empty;
            case JsonKind.String when NeedsNoEscaping(value.GetString()):
                return string.Concat("\"", value.GetString(), "\"");
            case JsonKind.Array when value.GetArray().Text is { } arrayText:
                return arrayText;
            case JsonKind.Object when value.GetObject().Text is { } objectText:
                return objectText;
        }

        var sb = t_builder ?? new StringBuilder();
        t_builder = null; // a write re-entered on this thread (none today) takes a builder of its own
        Write(sb, value, 0);
        var text = sb.ToString();
        if (sb.Capacity <= KeptBuilderCapacity)
        {
            sb.Clear();
            t_builder = sb;
        }

        var keep = keepAlways || text.Length <= KeptSmallTextLength;
        if (keep && value.Kind == JsonKind.Array)
        {
            value.GetArray().Text = text;
        }
        else if (keep && value.Kind == JsonKind.Object)
        {
            value.GetObject().Text = text;
        }

        return text;
    }

    public static void Write(StringBuilder sb, JsonValue value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException("The value nests too deeply to write.");
        }

        switch (value.Kind)
        {
            case JsonKind.Undefined:
            case JsonKind.Null:
                sb.Append("null");
                break;
            case JsonKind.Boolean:
                sb.Append(value.IsTrue ? "true" : "false");
                break;
            case JsonKind.Number:
                AppendNumber(sb, value);
                break;
            case JsonKind.String:
                AppendQuoted(sb, value.GetString());
                break;
            case JsonKind.Array when value.GetArray().Text is { } arrayText:
                sb.Append(arrayText);
                break;
            case JsonKind.Object when value.GetObject().Text is { } objectText:
                sb.Append(objectText);
                break;
            case JsonKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in value.GetArray().AsSpan())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Write(sb, item, depth + 1);
                }

                sb.Append(']');
                break;
            default:
                sb.Append('{');
                var firstMember = true;
                foreach (var member in value.GetObject().AsSpan())
                {
                    if (!firstMember)
                    {
                        sb.Append(',');
                    }

                    firstMember = false;
                    AppendQuoted(sb, member.Key);
                    sb.Append(':');
                    Write(sb, member.Value, depth + 1);
                }

                sb.Append('}');
                break;
        }
    }

    /// <summary>
    /// The length (UTF-16 code units) of the text <see cref="Write(JsonValue)"/> gives, without writing it. The count stops
    /// once past <paramref name="limit"/> and returns a number past it, so it takes at most about that many steps however
    /// much the value shares its parts (each value counted adds a character or more); an array or object already written
    /// counts its kept text. A value nested deeper than <see cref="MaxDepth"/>, which cannot be written, counts as past
    /// the limit.
    /// </summary>
    public static long Length(JsonValue value, long limit)
    {
        var length = 0L;
        AddLength(value, ref length, Math.Min(limit, MaxCountedLength), 0, null);
        return length;
    }

    /// <summary>
    /// The exact length of the text <see cref="Write(JsonValue)"/> would give (at most <see cref="MaxCountedLength"/>),
    /// counting each array, object and long string once however often it appears: for the message about a value too long
    /// to write, whose parts can repeat far past what a walk of every copy could count.
    /// </summary>
    public static long SharedLength(JsonValue value)
    {
        var length = 0L;
        AddLength(value, ref length, MaxCountedLength, 0, new Dictionary<object, long>(ReferenceEqualityComparer.Instance));
        return length;
    }

    /// <summary>Where <see cref="SharedLength"/> stops counting (far past any limit, far from overflowing).</summary>
    public const long MaxCountedLength = long.MaxValue / 4;

    /// <summary>The length of <see cref="NumberText"/> without making the text.</summary>
    public static int NumberLength(JsonValue value) => value.Form switch
    {
        JsonValue.NumberForm.Int64 => Digits(value.RawInt64),
        _ => value.RawText?.Length ?? JavaDoubleFormatter.Length(value.NumberAsDouble()),
    };

    /// <summary>The length of a JSON string literal as <see cref="AppendQuoted"/> writes it (quotes and escapes).</summary>
    public static long QuotedLength(string s)
    {
        // Most strings need no escape: two vectorized scans tell.
        var span = s.AsSpan();
        // Control characters and surrogates (and U+E000 up); as ushort, because the char overload boxes on short spans.
        var control = MemoryMarshal.Cast<char, ushort>(span).IndexOfAnyExceptInRange((ushort)' ', (ushort)0xD7FF);
        var quote = span.IndexOfAny('"', '\\');
        var length = s.Length + 2L;
        if (control < 0 && quote < 0)
        {
            return length;
        }

        for (var i = control < 0 ? quote : quote < 0 ? control : Math.Min(control, quote); i < s.Length; i++)
        {
            if (IsEscaped(s, i))
            {
                // \", \\, \n, \r, \t, \b and \f take two characters; \u00XX and \udXXX six.
                length += s[i] is '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' ? 1 : 5;
            }
        }

        return length;
    }

    /// <summary>
    /// Adds the length of <paramref name="value"/>'s text, stopping once past <paramref name="limit"/>; with
    /// <paramref name="shared"/>, each array, object and long string is counted once and its length remembered.
    /// </summary>
    private static void AddLength(JsonValue value, ref long length, long limit, int depth, Dictionary<object, long>? shared)
    {
        if (depth > MaxDepth)
        {
            length = limit + 1;
            return;
        }

        switch (value.Kind)
        {
            case JsonKind.Undefined:
            case JsonKind.Null:
                length += 4;
                return;
            case JsonKind.Boolean:
                length += value.IsTrue ? 4 : 5;
                return;
            case JsonKind.Number:
                length += NumberLength(value);
                return;
            case JsonKind.String:
                var s = value.GetString();
                length = Math.Min(length + (shared is not null && s.Length > 256 ? Remembered(shared, s) : QuotedLength(s)), MaxCountedLength);
                return;
            case JsonKind.Array when value.GetArray().Text is { } arrayText:
                length += arrayText.Length;
                return;
            case JsonKind.Object when value.GetObject().Text is { } objectText:
                length += objectText.Length;
                return;
        }

        if (shared is null)
        {
            AddContainerLength(value, ref length, limit, depth, null);
            return;
        }

        var container = value.Kind == JsonKind.Array ? (object)value.GetArray() : value.GetObject();
        if (!shared.TryGetValue(container, out var known))
        {
            AddContainerLength(value, ref known, MaxCountedLength, depth, shared);
            shared[container] = known;
        }

        length = Math.Min(length + known, MaxCountedLength);
    }

    private static void AddContainerLength(JsonValue value, ref long length, long limit, int depth, Dictionary<object, long>? shared)
    {
        if (value.Kind == JsonKind.Array)
        {
            var array = value.GetArray();
            length += 1 + Math.Max(array.Count, 1); // the brackets and the commas
            foreach (var item in array.AsSpan())
            {
                AddLength(item, ref length, limit, depth + 1, shared);
                if (length > limit)
                {
                    return;
                }
            }

            return;
        }

        var obj = value.GetObject();
        length += 1 + Math.Max(obj.Count, 1); // the braces and the commas
        foreach (var member in obj.AsSpan())
        {
            length += QuotedLength(member.Key) + 1;
            AddLength(member.Value, ref length, limit, depth + 1, shared);
            if (length > limit)
            {
                return;
            }
        }
    }

    // A long string's quoted length, scanned once however often it appears.
    private static long Remembered(Dictionary<object, long> shared, string s)
    {
        if (!shared.TryGetValue(s, out var known))
        {
            known = QuotedLength(s);
            shared[s] = known;
        }

        return known;
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

    public static void AppendNumber(StringBuilder sb, JsonValue value)
    {
        if (value.Form == JsonValue.NumberForm.Int64)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.RawInt64}"); // formatted into the builder, no string
        }
        else
        {
            sb.Append(NumberText(value));
        }
    }

    /// <summary>A number's JSON text: a long's digits, an integer beyond 64 bits as kept, a double as Java writes it.</summary>
    public static string NumberText(JsonValue value) => value.Form switch
    {
        JsonValue.NumberForm.Int64 => value.RawInt64.ToString(CultureInfo.InvariantCulture),
        JsonValue.NumberForm.BigInteger => value.RawText!,

        // A double that overflowed keeps its source text; there is no JSON spelling of infinity.
        _ => value.RawText ?? JavaDoubleFormatter.Format(value.NumberAsDouble()),
    };

    private static bool NeedsNoEscaping(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (IsEscaped(s, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <c>s[i]</c> is written escaped: a control character, <c>"</c>, <c>\</c> or a lone surrogate.</summary>
    private static bool IsEscaped(string s, int i)
    {
        var c = s[i];
        return c < 0x20 || c == '"' || c == '\\' || (char.IsSurrogate(c) && IsLoneSurrogate(s, i));
    }

    /// <summary>Whether <c>s[i]</c> is a surrogate that is not half of a pair.</summary>
    private static bool IsLoneSurrogate(string s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));
    }

    public static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!IsEscaped(s, i))
            {
                continue;
            }

            sb.Append(s, start, i - start);
            start = i + 1;
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case >= '\uD800' and <= '\uDFFF':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append("\\u00").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    break;
            }
        }

        sb.Append(s, start, s.Length - start);
        sb.Append('"');
    }

}
