using System;
using System.Globalization;
using System.Text;

namespace AslCompiler.Language.Json;

/// <summary>Writes syntax nodes back to JSON text. Numbers keep their source spelling.</summary>
internal static class JsonSyntaxWriter
{
    public static string Write(JsonSyntaxNode node, bool indented)
    {
        // Compact text is about as long as the source it was read from: sized once instead of grown by doubling
        // (capped below the large object heap; a longer text grows in chunks).
        var builder = new StringBuilder(indented ? 256 : Math.Min(Math.Max(node.Span.Length, 16), 32 * 1024));
        Write(builder, node, indented, 0);
        return builder.ToString();
    }

    public static string QuoteString(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendQuoted(builder, value);
        return builder.ToString();
    }

    public static void AppendQuoted(StringBuilder builder, string value)
    {
        if (!NeedsEscaping(value))
        {
            // The common case (names, paths, ARNs): one copy.
            builder.Append('"').Append(value).Append('"');
            return;
        }

        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
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

        builder.Append('"');
    }

    private static bool NeedsEscaping(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return true;
            }
        }

        return false;
    }

    private static void Write(StringBuilder builder, JsonSyntaxNode node, bool indented, int depth)
    {
        switch (node)
        {
            case JsonObjectSyntax obj:
                if (obj.Count == 0)
                {
                    builder.Append("{}");
                    return;
                }

                builder.Append('{');
                for (var i = 0; i < obj.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    NewLine(builder, indented, depth + 1);
                    AppendQuoted(builder, obj.Properties[i].Name);
                    builder.Append(indented ? ": " : ":");
                    Write(builder, obj.Properties[i].Value, indented, depth + 1);
                }

                NewLine(builder, indented, depth);
                builder.Append('}');
                return;
            case JsonArraySyntax array:
                if (array.Count == 0)
                {
                    builder.Append("[]");
                    return;
                }

                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    NewLine(builder, indented, depth + 1);
                    Write(builder, array[i], indented, depth + 1);
                }

                NewLine(builder, indented, depth);
                builder.Append(']');
                return;
            case JsonStringSyntax text:
                AppendQuoted(builder, text.Value);
                return;
            case JsonNumberSyntax number:
                builder.Append(number.Text);
                return;
            case JsonBooleanSyntax boolean:
                builder.Append(boolean.Value ? "true" : "false");
                return;
            default:
                builder.Append("null");
                return;
        }
    }

    private static void NewLine(StringBuilder builder, bool indented, int depth)
    {
        if (indented)
        {
            builder.Append('\n').Append(' ', depth * 2);
        }
    }
}
