using System;
using System.ComponentModel;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// The JSONPath Choice comparison operators as plain functions of the variable's value and the operand (a literal
/// of the rule, or the value of its <c>...Path</c>), with the interpreter's semantics: a value of the wrong type never
/// matches. Generated Choice rules call these. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ChoiceOperators
{
    /// <summary><c>IsNull</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool IsNull(JsonValue value, JsonValue operand) => value.IsNull == operand.IsTrue;

    /// <summary><c>IsNumeric</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool IsNumeric(JsonValue value, JsonValue operand) => value.IsNumber == operand.IsTrue;

    /// <summary><c>IsString</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool IsString(JsonValue value, JsonValue operand) => value.IsString == operand.IsTrue;

    /// <summary><c>IsBoolean</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool IsBoolean(JsonValue value, JsonValue operand) => value.IsBoolean == operand.IsTrue;

    /// <summary><c>IsTimestamp</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool IsTimestamp(JsonValue value, JsonValue operand) =>
        (value.TryGetString(out var s) && ChoiceRuleEvaluator.TryParseTimestamp(s, out _)) == operand.IsTrue;

    /// <summary><c>StringEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringEquals(JsonValue value, JsonValue operand) => Strings(value, operand, out var c) && c == 0;

    /// <summary><c>StringEquals</c> against a literal.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The literal.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringEquals(JsonValue value, string operand) => value.TryGetString(out var s) && string.Equals(s, operand, StringComparison.Ordinal);

    /// <summary><c>StringLessThan</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringLessThan(JsonValue value, JsonValue operand) => Strings(value, operand, out var c) && c < 0;

    /// <summary><c>StringGreaterThan</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringGreaterThan(JsonValue value, JsonValue operand) => Strings(value, operand, out var c) && c > 0;

    /// <summary><c>StringLessThanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringLessThanEquals(JsonValue value, JsonValue operand) => Strings(value, operand, out var c) && c <= 0;

    /// <summary><c>StringGreaterThanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringGreaterThanEquals(JsonValue value, JsonValue operand) => Strings(value, operand, out var c) && c >= 0;

    /// <summary><c>StringMatches</c> (<c>*</c> wildcards, <c>\</c> escapes).</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The pattern.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool StringMatches(JsonValue value, JsonValue operand) =>
        value.TryGetString(out var s) && operand.TryGetString(out var p) && ChoiceRuleEvaluator.StringMatches(s, p);

    /// <summary><c>NumericEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool NumericEquals(JsonValue value, JsonValue operand) => value.IsNumber && operand.IsNumber && JsonValue.CompareNumbers(value, operand) == 0;

    /// <summary><c>NumericLessThan</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool NumericLessThan(JsonValue value, JsonValue operand) => value.IsNumber && operand.IsNumber && JsonValue.CompareNumbers(value, operand) < 0;

    /// <summary><c>NumericGreaterThan</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool NumericGreaterThan(JsonValue value, JsonValue operand) => value.IsNumber && operand.IsNumber && JsonValue.CompareNumbers(value, operand) > 0;

    /// <summary><c>NumericLessThanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool NumericLessThanEquals(JsonValue value, JsonValue operand) => value.IsNumber && operand.IsNumber && JsonValue.CompareNumbers(value, operand) <= 0;

    /// <summary><c>NumericGreaterThanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool NumericGreaterThanEquals(JsonValue value, JsonValue operand) => value.IsNumber && operand.IsNumber && JsonValue.CompareNumbers(value, operand) >= 0;

    /// <summary><c>BooleanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool BooleanEquals(JsonValue value, JsonValue operand) => value.IsBoolean && operand.IsBoolean && value.IsTrue == operand.IsTrue;

    /// <summary><c>TimestampEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool TimestampEquals(JsonValue value, JsonValue operand) => Timestamps(value, operand, out var c) && c == 0;

    /// <summary><c>TimestampLessThan</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool TimestampLessThan(JsonValue value, JsonValue operand) => Timestamps(value, operand, out var c) && c < 0;

    /// <summary><c>TimestampGreaterThan</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool TimestampGreaterThan(JsonValue value, JsonValue operand) => Timestamps(value, operand, out var c) && c > 0;

    /// <summary><c>TimestampLessThanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool TimestampLessThanEquals(JsonValue value, JsonValue operand) => Timestamps(value, operand, out var c) && c <= 0;

    /// <summary><c>TimestampGreaterThanEquals</c>.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="operand">The operand.</param>
    /// <returns>Whether the rule matches.</returns>
    public static bool TimestampGreaterThanEquals(JsonValue value, JsonValue operand) => Timestamps(value, operand, out var c) && c >= 0;

    private static bool Strings(JsonValue v, JsonValue o, out int comparison)
    {
        comparison = 0;
        if (!v.TryGetString(out var s) || !o.TryGetString(out var t))
        {
            return false;
        }

        comparison = string.CompareOrdinal(s, t);
        return true;
    }

    private static bool Timestamps(JsonValue v, JsonValue o, out int comparison)
    {
        comparison = 0;
        if (!v.TryGetString(out var s) || !o.TryGetString(out var t) ||
            !ChoiceRuleEvaluator.TryParseTimestamp(s, out var l) || !ChoiceRuleEvaluator.TryParseTimestamp(t, out var r))
        {
            return false;
        }

        comparison = l.CompareTo(r);
        return true;
    }
}
