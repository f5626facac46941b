using System;
using System.Collections.Generic;

namespace AslCompiler.Language.Model;

/// <summary>The comparison operators of a JSONPath Choice rule; each member is named exactly as ASL spells it.</summary>
public enum ComparisonOperator
{
    /// <summary><c>StringEquals</c>.</summary>
    StringEquals,

    /// <summary><c>StringEqualsPath</c>.</summary>
    StringEqualsPath,

    /// <summary><c>StringLessThan</c>.</summary>
    StringLessThan,

    /// <summary><c>StringLessThanPath</c>.</summary>
    StringLessThanPath,

    /// <summary><c>StringGreaterThan</c>.</summary>
    StringGreaterThan,

    /// <summary><c>StringGreaterThanPath</c>.</summary>
    StringGreaterThanPath,

    /// <summary><c>StringLessThanEquals</c>.</summary>
    StringLessThanEquals,

    /// <summary><c>StringLessThanEqualsPath</c>.</summary>
    StringLessThanEqualsPath,

    /// <summary><c>StringGreaterThanEquals</c>.</summary>
    StringGreaterThanEquals,

    /// <summary><c>StringGreaterThanEqualsPath</c>.</summary>
    StringGreaterThanEqualsPath,

    /// <summary><c>StringMatches</c>: a pattern with <c>*</c> wildcards.</summary>
    StringMatches,

    /// <summary><c>NumericEquals</c>.</summary>
    NumericEquals,

    /// <summary><c>NumericEqualsPath</c>.</summary>
    NumericEqualsPath,

    /// <summary><c>NumericLessThan</c>.</summary>
    NumericLessThan,

    /// <summary><c>NumericLessThanPath</c>.</summary>
    NumericLessThanPath,

    /// <summary><c>NumericGreaterThan</c>.</summary>
    NumericGreaterThan,

    /// <summary><c>NumericGreaterThanPath</c>.</summary>
    NumericGreaterThanPath,

    /// <summary><c>NumericLessThanEquals</c>.</summary>
    NumericLessThanEquals,

    /// <summary><c>NumericLessThanEqualsPath</c>.</summary>
    NumericLessThanEqualsPath,

    /// <summary><c>NumericGreaterThanEquals</c>.</summary>
    NumericGreaterThanEquals,

    /// <summary><c>NumericGreaterThanEqualsPath</c>.</summary>
    NumericGreaterThanEqualsPath,

    /// <summary><c>BooleanEquals</c>.</summary>
    BooleanEquals,

    /// <summary><c>BooleanEqualsPath</c>.</summary>
    BooleanEqualsPath,

    /// <summary><c>TimestampEquals</c>.</summary>
    TimestampEquals,

    /// <summary><c>TimestampEqualsPath</c>.</summary>
    TimestampEqualsPath,

    /// <summary><c>TimestampLessThan</c>.</summary>
    TimestampLessThan,

    /// <summary><c>TimestampLessThanPath</c>.</summary>
    TimestampLessThanPath,

    /// <summary><c>TimestampGreaterThan</c>.</summary>
    TimestampGreaterThan,

    /// <summary><c>TimestampGreaterThanPath</c>.</summary>
    TimestampGreaterThanPath,

    /// <summary><c>TimestampLessThanEquals</c>.</summary>
    TimestampLessThanEquals,

    /// <summary><c>TimestampLessThanEqualsPath</c>.</summary>
    TimestampLessThanEqualsPath,

    /// <summary><c>TimestampGreaterThanEquals</c>.</summary>
    TimestampGreaterThanEquals,

    /// <summary><c>TimestampGreaterThanEqualsPath</c>.</summary>
    TimestampGreaterThanEqualsPath,

    /// <summary><c>IsNull</c>.</summary>
    IsNull,

    /// <summary><c>IsPresent</c>.</summary>
    IsPresent,

    /// <summary><c>IsNumeric</c>.</summary>
    IsNumeric,

    /// <summary><c>IsString</c>.</summary>
    IsString,

    /// <summary><c>IsBoolean</c>.</summary>
    IsBoolean,

    /// <summary><c>IsTimestamp</c>.</summary>
    IsTimestamp,
}

/// <summary>The JSON value an operator expects on its right-hand side.</summary>
public enum ComparisonOperandKind
{
    /// <summary>A string (String* operators and StringMatches).</summary>
    String,

    /// <summary>A number (Numeric* operators).</summary>
    Number,

    /// <summary>A boolean (BooleanEquals and the Is* type tests).</summary>
    Boolean,

    /// <summary>An RFC 3339 timestamp string (Timestamp* operators).</summary>
    Timestamp,

    /// <summary>A reference path (every <c>...Path</c> operator).</summary>
    Path,
}

/// <summary>Facts about the comparison operators.</summary>
public static class ComparisonOperators
{
    // Declaration order is value order, 0 to IsTimestamp.
    private static readonly ComparisonOperator[] Values = BuildValues();
    private static readonly string[] Names = Array.ConvertAll(Values, v => v.ToString());
    private static readonly Dictionary<string, ComparisonOperator> ByName = BuildIndex();

    /// <summary>Every operator, in declaration order.</summary>
    public static IReadOnlyList<ComparisonOperator> All => Values;

    /// <summary>Every operator name, as ASL spells it, in declaration order.</summary>
    public static IReadOnlyList<string> AllNames => Names;

    /// <summary>Finds the operator spelt <paramref name="name"/> (case-sensitive).</summary>
    public static bool TryParse(string name, out ComparisonOperator value) => ByName.TryGetValue(name, out value);

    /// <summary>The ASL spelling of <paramref name="value"/>.</summary>
    public static string ToAslString(ComparisonOperator value) => Names[(int)value];

    /// <summary>Whether the operator compares against another path (its name ends in <c>Path</c>).</summary>
    public static bool IsPathOperator(ComparisonOperator value) =>
        Names[(int)value].EndsWith("Path", StringComparison.Ordinal);

    /// <summary>What the operator expects as its operand.</summary>
    public static ComparisonOperandKind GetOperandKind(ComparisonOperator value)
    {
        if (IsPathOperator(value))
        {
            return ComparisonOperandKind.Path;
        }

        var name = Names[(int)value];
        if (name.StartsWith("String", StringComparison.Ordinal))
        {
            return ComparisonOperandKind.String;
        }

        if (name.StartsWith("Numeric", StringComparison.Ordinal))
        {
            return ComparisonOperandKind.Number;
        }

        if (name.StartsWith("Timestamp", StringComparison.Ordinal))
        {
            return ComparisonOperandKind.Timestamp;
        }

        return ComparisonOperandKind.Boolean;
    }

    private static ComparisonOperator[] BuildValues()
    {
        var values = new ComparisonOperator[(int)ComparisonOperator.IsTimestamp + 1];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (ComparisonOperator)i;
        }

        return values;
    }

    private static Dictionary<string, ComparisonOperator> BuildIndex()
    {
        var index = new Dictionary<string, ComparisonOperator>(Values.Length, StringComparer.Ordinal);
        for (var i = 0; i < Values.Length; i++)
        {
            index[Names[i]] = Values[i];
        }

        return index;
    }
}
