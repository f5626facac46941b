using System;
using AslCompiler.Language.Json;

namespace AslCompiler.Runtime.Json;

public readonly partial struct JsonValue
{
    /// <summary>The value of a node read by the language core's <see cref="JsonSyntaxReader"/>.</summary>
    /// <exception cref="InvalidOperationException">The node nests deeper than a payload may (1,000 levels).</exception>
    public static JsonValue FromSyntax(JsonSyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return FromSyntax(node, 0);
    }

    private static JsonValue FromSyntax(JsonSyntaxNode node, int depth)
    {
        // The syntax reader bounds nesting (JsonReaderOptions.MaxDepth), but that limit may be raised: a value
        // nests at most as deeply as a payload may, which also keeps this recursion within any thread's stack.
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException("The JSON value nests deeper than " + MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels, the most a payload may nest.");
        }

        switch (node)
        {
            case JsonObjectSyntax obj:
                var builder = new JsonObjectBuilder(obj.Count);
                foreach (var property in obj.Properties)
                {
                    builder.Set(property.Name, FromSyntax(property.Value, depth + 1));
                }

                return FromObject(builder.ToObject());
            case JsonArraySyntax array:
                var items = new JsonValue[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromSyntax(array[i], depth + 1);
                }

                return FromArray(JsonArrayValue.FromOwnedArray(items));
            case JsonStringSyntax s:
                return FromString(s.Value);
            case JsonNumberSyntax n:
                return TryParseNumber(n.Text.AsSpan(), out var number) ? number : throw new FormatException($"'{n.Text}' is not a JSON number.");
            case JsonBooleanSyntax b:
                return FromBoolean(b.Value);
            default:
                return Null;
        }
    }
}
