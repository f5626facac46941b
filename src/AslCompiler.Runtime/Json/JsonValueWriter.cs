using System;
using System.Globalization;
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
    /// (a state's output, then the next state's input, in the history) or inside another one costs a copy.
    /// </summary>
    public static string Write(JsonValue value)
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

        if (value.Kind == JsonKind.Array)
        {
            value.GetArray().Text = text;
        }
        else if (value.Kind == JsonKind.Object)
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
