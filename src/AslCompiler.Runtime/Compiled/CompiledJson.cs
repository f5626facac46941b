using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using AslCompiler.Language.Json;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// JSON building blocks for code that <c>AslCompiler.Generator</c> emits: constants read once, objects and arrays
/// built from owned arrays, and the boolean results of conditions. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CompiledJson
{
    /// <summary>The successful result <c>true</c>.</summary>
    public static EvaluationResult True { get; } = EvaluationResult.Success(JsonValue.True);

    /// <summary>The successful result <c>false</c>.</summary>
    public static EvaluationResult False { get; } = EvaluationResult.Success(JsonValue.False);

    /// <summary>The result of a condition: <see cref="True"/> or <see cref="False"/> (a Choice rule's comparison).</summary>
    /// <param name="value">The condition's value.</param>
    /// <returns><see cref="True"/> or <see cref="False"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static EvaluationResult Condition(bool value) => value ? True : False;

    /// <summary>A member of an object being built for <see cref="Object"/> (the pair, shorter to write in generated code).</summary>
    /// <param name="name">The member's name.</param>
    /// <param name="value">The member's value.</param>
    /// <returns>The pair.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KeyValuePair<string, JsonValue> Member(string name, JsonValue value) => new(name, value);

    /// <summary>
    /// The answer of a Choice rule's <c>IsPresent</c> from its Variable's evaluation: a path of definite segments that
    /// names nothing is not present; any other path always is (its matches, maybe none), so its failure (a JSONPath limit,
    /// an invalid regular expression, an undefined variable) is the rule's failure, not an answer.
    /// </summary>
    /// <param name="variable">The Variable path's evaluation.</param>
    /// <param name="definite">Whether the path's segments are definite (<c>JsonPathExpression.HasDefiniteSegments</c>).</param>
    /// <param name="expected">The rule's IsPresent value.</param>
    /// <returns><see cref="True"/>, <see cref="False"/>, or the failure.</returns>
    public static EvaluationResult IsPresent(EvaluationResult variable, bool definite, bool expected) =>
        variable.IsSuccess || definite ? (variable.IsSuccess == expected ? True : False) : variable;

    /// <summary>
    /// Reads a constant of the definition the way the interpreter does (<see cref="JsonSyntaxReader"/> then
    /// <see cref="JsonValue.FromSyntax(JsonSyntaxNode)"/>), so numbers keep the same form.
    /// </summary>
    /// <param name="json">The constant's JSON text, as the generator copied it from the definition.</param>
    /// <returns>The value.</returns>
    public static JsonValue Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = JsonSyntaxReader.Parse(json);
        if (!parsed.Success || parsed.Root is null)
        {
            throw new ArgumentException("The generated constant is not valid JSON: " + json, nameof(json));
        }

        return JsonValue.FromSyntax(parsed.Root);
    }

    /// <summary>An object over <paramref name="members"/>, which the caller gives up (no copy).</summary>
    /// <param name="members">The members in order.</param>
    /// <returns>The object value.</returns>
    public static JsonValue Object(KeyValuePair<string, JsonValue>[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return JsonValue.FromObject(JsonObjectValue.FromOwnedArray(members));
    }

    /// <summary>An array over <paramref name="items"/>, which the caller gives up (no copy).</summary>
    /// <param name="items">The items in order.</param>
    /// <returns>The array value.</returns>
    public static JsonValue Array(JsonValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return JsonValue.FromArray(JsonArrayValue.FromOwnedArray(items));
    }

    /// <summary>
    /// <paramref name="value"/>, an array or object just built, with <paramref name="bound"/> kept on it as the payload
    /// check's bound of its size, so a later check (a Map's result over its iterations' outputs) need not walk it again.
    /// The generator passes only a bound it proved or measured; -1 (none known) keeps nothing.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="bound">An upper bound of its JSON text's UTF-8 size, or -1.</param>
    /// <returns><paramref name="value"/>.</returns>
    public static JsonValue WithBound(JsonValue value, long bound)
    {
        PayloadSize.KeepBound(value, bound < 0 ? -1 : PayloadSize.SizeOf(bound));
        return value;
    }

    /// <summary>The value of a member, when <paramref name="value"/> is an object that has it.</summary>
    /// <param name="value">The value to step into.</param>
    /// <param name="name">The member name.</param>
    /// <param name="member">The member's value.</param>
    /// <returns>Whether the member exists.</returns>
    public static bool TryGetMember(JsonValue value, string name, out JsonValue member)
    {
        if (value.TryGetObject(out var obj) && obj.TryGetValue(name, out member))
        {
            return true;
        }

        member = default;
        return false;
    }

    /// <summary>An array item, when <paramref name="value"/> is an array; a negative index counts from the end.</summary>
    /// <param name="value">The value to step into.</param>
    /// <param name="index">The index.</param>
    /// <param name="item">The item.</param>
    /// <returns>Whether the item exists.</returns>
    public static bool TryGetItem(JsonValue value, int index, out JsonValue item)
    {
        if (value.TryGetArray(out var array))
        {
            var i = index < 0 ? index + array.Count : index;
            if ((uint)i < (uint)array.Count)
            {
                item = array[i];
                return true;
            }
        }

        item = default;
        return false;
    }
}
