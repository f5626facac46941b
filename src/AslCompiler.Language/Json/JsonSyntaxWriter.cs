using System;
using System.Collections.Generic;
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
        Write(builder, node, indented);
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

    // Iterative, with the open containers on a stack of its own: a tree read with a raised depth limit
    // (JsonReaderOptions.MaxDepth) may nest far deeper than the call stack could follow.
    private static void Write(StringBuilder builder, JsonSyntaxNode root, bool indented)
    {
        var open = new Stack<(JsonSyntaxNode Container, int Next)>();
        var node = root;
        while (true)
        {
            WriteValueStart(builder, node, open);

            // Close the containers that are done and find the next value to write, if any.
            while (true)
            {
                if (open.Count == 0)
                {
                    return;
                }

                var (container, next) = open.Pop();
                var depth = open.Count;
                var obj = container as JsonObjectSyntax;
                var count = obj?.Count ?? ((JsonArraySyntax)container).Count;
                if (next == count)
                {
                    NewLine(builder, indented, depth);
                    builder.Append(obj is null ? ']' : '}');
                    continue;
                }

                if (next > 0)
                {
                    builder.Append(',');
                }

                NewLine(builder, indented, depth + 1);
                if (obj is not null)
                {
                    AppendQuoted(builder, obj.Properties[next].Name);
                    builder.Append(indented ? ": " : ":");
                    node = obj.Properties[next].Value;
                }
                else
                {
                    node = ((JsonArraySyntax)container)[next];
                }

                open.Push((container, next + 1));
                break;
            }
        }
    }

    // A scalar or an empty container whole; a container with members only its opening bracket (its members follow).
    private static void WriteValueStart(StringBuilder builder, JsonSyntaxNode node, Stack<(JsonSyntaxNode Container, int Next)> open)
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
                open.Push((obj, 0));
                return;
            case JsonArraySyntax array:
                if (array.Count == 0)
                {
                    builder.Append("[]");
                    return;
                }

                builder.Append('[');
                open.Push((array, 0));
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
