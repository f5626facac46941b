using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Generator;

/// <summary>Searches a syntax tree's text without writing it out.</summary>
internal static class JsonSyntaxSearch
{
    /// <summary>
    /// Whether <paramref name="node"/>'s compact JSON text contains <paramref name="text"/>, for a
    /// <paramref name="text"/> of characters that JSON never escapes and that an escape never produces (no quote,
    /// backslash, control character, letter or digit: <c>$$</c>, say). Such a text can only lie inside one member name
    /// or string value, so those are searched one by one instead of writing the whole text.
    /// </summary>
    public static bool ContainsVerbatim(JsonSyntaxNode node, string text)
    {
        foreach (var c in text)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsLetterOrDigit(c))
            {
                throw new ArgumentException("The text must be made of characters JSON writes verbatim outside escapes.", nameof(text));
            }
        }

        var pending = new Stack<JsonSyntaxNode>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObjectSyntax obj:
                    foreach (var property in obj.Properties)
                    {
                        if (property.Name.IndexOf(text, StringComparison.Ordinal) >= 0)
                        {
                            return true;
                        }

                        pending.Push(property.Value);
                    }

                    break;
                case JsonArraySyntax array:
                    foreach (var item in array.Items)
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonStringSyntax value when value.Value.IndexOf(text, StringComparison.Ordinal) >= 0:
                    return true;
            }
        }

        return false;
    }
}
