using System;
using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>Typed, tolerant reads of object members: a wrong JSON type gives <see langword="null"/>, never an exception.</summary>
internal static class FieldReader
{
    public static JsonSyntaxNode? Raw(JsonObjectSyntax obj, string name) => obj[name];

    public static string? String(JsonObjectSyntax obj, string name) => (obj[name] as JsonStringSyntax)?.Value;

    public static bool? Boolean(JsonObjectSyntax obj, string name) => (obj[name] as JsonBooleanSyntax)?.Value;

    public static long? Integer(JsonObjectSyntax obj, string name) =>
        obj[name] is JsonNumberSyntax number && number.TryGetInt64(out var value) ? value : null;

    public static decimal? Number(JsonObjectSyntax obj, string name) =>
        obj[name] is JsonNumberSyntax number && number.TryGetDecimal(out var value) ? value : null;

    public static IReadOnlyList<string>? StringArray(JsonObjectSyntax obj, string name)
    {
        if (obj[name] is not JsonArraySyntax array)
        {
            return null;
        }

        var values = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonStringSyntax text)
            {
                return null;
            }

            values[i] = text.Value;
        }

        return values;
    }

    public static NullablePath? Path(JsonObjectSyntax obj, string name) =>
        obj.TryGetProperty(name, out var property) && property.Value.Kind is JsonSyntaxKind.Text or JsonSyntaxKind.Null
            ? new NullablePath(property)
            : null;

    public static LiteralOrExpression? LiteralOrExpression(JsonObjectSyntax obj, string name) =>
        obj.TryGetProperty(name, out var property) ? new LiteralOrExpression(property) : null;

    public static TEnum? Enum<TEnum>(JsonObjectSyntax obj, string name, Func<string, TEnum> parse)
        where TEnum : struct
    {
        var text = String(obj, name);
        return text is null ? null : parse(text);
    }

    public static JsonObjectSyntax? Object(JsonObjectSyntax obj, string name) => obj[name] as JsonObjectSyntax;

    /// <summary>The object elements of an array member; other elements are skipped (the raw array keeps them).</summary>
    public static IEnumerable<JsonObjectSyntax> ObjectItems(JsonObjectSyntax obj, string name)
    {
        if (obj[name] is JsonArraySyntax array)
        {
            foreach (var item in array.Items)
            {
                if (item is JsonObjectSyntax element)
                {
                    yield return element;
                }
            }
        }
    }
}
