using System;
using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// Evaluates a JSONPath Choice rule given as JSON (<c>{"Variable":"$.x","NumericGreaterThan":5}</c>, <c>And</c>,
/// <c>Or</c>, <c>Not</c>, every String/Numeric/Boolean/Timestamp comparison and its <c>Path</c> form, the <c>Is*</c>
/// tests and <c>StringMatches</c>). The result is <c>true</c> or <c>false</c>, or a <c>States.Runtime</c> error.
/// </summary>
public static class ChoiceRuleEvaluator
{
    /// <summary>
    /// How deeply And, Or and Not may nest in one rule: as deeply as a payload may nest, so every rule a definition
    /// can hold is evaluated, and a deeper hand-built one is an error rather than a stack overflow.
    /// </summary>
    public const int MaxRuleDepth = JsonValue.DefaultMaxDepth;

    /// <summary>The cause of a rule nested deeper than <see cref="MaxRuleDepth"/>.</summary>
    internal static readonly string NestedTooDeep =
        "A Choice rule is nested more than " + MaxRuleDepth.ToString(CultureInfo.InvariantCulture) + " levels deep (And, Or, Not).";

    /// <summary>Evaluates a rule against a state input.</summary>
    public static EvaluationResult Evaluate(JsonValue rule, JsonValue input, EvaluationContext? context = null) =>
        Evaluate(rule, input, context ?? EvaluationContext.Empty, 0);

    private static EvaluationResult Evaluate(JsonValue rule, JsonValue input, EvaluationContext context, int depth)
    {
        if (depth > MaxRuleDepth)
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, NestedTooDeep);
        }

        if (!rule.TryGetObject(out var obj))
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "A Choice rule must be an object.");
        }

        if (obj.TryGetValue("And", out var and) || obj.TryGetValue("Or", out and))
        {
            var isAnd = obj.ContainsKey("And");
            if (!and.TryGetArray(out var rules))
            {
                return EvaluationResult.Failure(StatesErrorNames.Runtime, "And/Or takes an array of rules.");
            }

            foreach (var inner in rules.AsSpan())
            {
                var r = Evaluate(inner, input, context, depth + 1);
                if (!r.IsSuccess)
                {
                    return r;
                }

                if (r.Value.IsTrue != isAnd)
                {
                    return EvaluationResult.Success(!isAnd);
                }
            }

            return EvaluationResult.Success(isAnd);
        }

        if (obj.TryGetValue("Not", out var not))
        {
            var r = Evaluate(not, input, context, depth + 1);
            return r.IsSuccess ? EvaluationResult.Success(!r.Value.IsTrue) : r;
        }

        if (!obj.TryGetValue("Variable", out var variablePath) || !variablePath.TryGetString(out var variableText))
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "A Choice rule needs a Variable.");
        }

        foreach (var member in obj.AsSpan())
        {
            var name = member.Key;
            if (name is "Variable" or "Next" or "Comment" or "Assign" or "Output")
            {
                continue;
            }

            var variable = JsonPathEvaluator.Evaluate(variableText, input, context);
            if (name == "IsPresent")
            {
                var definite = JsonPathEvaluator.TryGetPath(variableText, out var parsed, out _) && parsed!.HasDefiniteSegments;
                return Compiled.CompiledJson.IsPresent(variable, definite, member.Value.IsTrue);
            }

            if (!variable.IsSuccess)
            {
                return variable;
            }

            var operand = member.Value;
            var op = name;
            if (name.EndsWith("Path", StringComparison.Ordinal))
            {
                op = name[..^4];
                if (!operand.TryGetString(out var operandPath))
                {
                    return EvaluationResult.Failure(StatesErrorNames.Runtime, name + " must be a path.");
                }

                var resolved = JsonPathEvaluator.Evaluate(operandPath, input, context);
                if (!resolved.IsSuccess)
                {
                    return resolved;
                }

                operand = resolved.Value;
            }

            return Compare(op, variable.Value, operand) is bool b
                ? EvaluationResult.Success(b)
                : EvaluationResult.Failure(StatesErrorNames.Runtime, "Unknown Choice operator '" + name + "'.");
        }

        return EvaluationResult.Failure(StatesErrorNames.Runtime, "The Choice rule has no comparison operator.");
    }

    private static bool? Compare(string op, JsonValue value, JsonValue operand)
    {
        switch (op)
        {
            case "IsNull":
                return value.IsNull == operand.IsTrue;
            case "IsNumeric":
                return value.IsNumber == operand.IsTrue;
            case "IsString":
                return value.IsString == operand.IsTrue;
            case "IsBoolean":
                return value.IsBoolean == operand.IsTrue;
            case "IsTimestamp":
                return (value.TryGetString(out var ts) && TryParseTimestamp(ts, out _)) == operand.IsTrue;
            case "StringEquals":
            case "StringLessThan":
            case "StringGreaterThan":
            case "StringLessThanEquals":
            case "StringGreaterThanEquals":
                return value.TryGetString(out var s) && operand.TryGetString(out var o) && Holds(op["String".Length..], string.CompareOrdinal(s, o));
            case "StringMatches":
                return value.TryGetString(out var text) && operand.TryGetString(out var pattern) && StringMatches(text, pattern);
            case "NumericEquals":
            case "NumericLessThan":
            case "NumericGreaterThan":
            case "NumericLessThanEquals":
            case "NumericGreaterThanEquals":
                return value.IsNumber && operand.IsNumber && Holds(op["Numeric".Length..], JsonValue.CompareNumbers(value, operand));
            case "BooleanEquals":
                return value.IsBoolean && operand.IsBoolean && value.IsTrue == operand.IsTrue;
            case "TimestampEquals":
            case "TimestampLessThan":
            case "TimestampGreaterThan":
            case "TimestampLessThanEquals":
            case "TimestampGreaterThanEquals":
                return value.TryGetString(out var left) && operand.TryGetString(out var right) &&
                       TryParseTimestamp(left, out var l) && TryParseTimestamp(right, out var r) &&
                       Holds(op["Timestamp".Length..], l.CompareTo(r));
            default:
                return null;
        }
    }

    private static bool Holds(string relation, int comparison) => relation switch
    {
        "Equals" => comparison == 0,
        "LessThan" => comparison < 0,
        "GreaterThan" => comparison > 0,
        "LessThanEquals" => comparison <= 0,
        _ => comparison >= 0,
    };

    /// <summary>
    /// Whether <paramref name="text"/> matches a StringMatches pattern: <c>*</c> matches any run of characters,
    /// <c>\*</c> a literal star and <c>\\</c> a literal backslash.
    /// </summary>
    public static bool StringMatches(string text, string pattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);

        // Tokens: literal chars and stars (-1); iterative wildcard matching with backtracking to the last star (linear-ish, no regex).
        const int Star = -1;
        var tokens = pattern.Length <= 256 ? stackalloc int[pattern.Length] : new int[pattern.Length];
        var count = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && (pattern[i + 1] == '*' || pattern[i + 1] == '\\'))
            {
                tokens[count++] = pattern[++i];
            }
            else
            {
                tokens[count++] = c == '*' ? Star : c;
            }
        }

        tokens = tokens[..count];
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < tokens.Length && tokens[p] != Star && tokens[p] == text[t])
            {
                t++;
                p++;
            }
            else if (p < tokens.Length && tokens[p] == Star)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < tokens.Length && tokens[p] == Star)
        {
            p++;
        }

        return p == tokens.Length;
    }

    /// <summary>
    /// Reads an RFC 3339 timestamp as Step Functions accepts it: <c>yyyy-MM-ddTHH:mm:ss</c>, optional fraction, and
    /// an uppercase <c>T</c> and a <c>Z</c> or numeric offset.
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 20 || text[10] != 'T')
        {
            return false;
        }

        var last = text[^1];
        if (last != 'Z' && !(text.Length >= 25 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':'))
        {
            return false;
        }

        // Up to nanoseconds, as a Wait's timestamp: .NET's patterns stop at 7 fraction digits (100 ns ticks), so the 8th
        // and 9th are dropped (a pattern of 9 Fs matched nothing, and a Wait's timestamp was "not a timestamp" here).
        if (text.Length > 20 && text[19] == '.')
        {
            var digits = 0;
            while (20 + digits < text.Length && char.IsAsciiDigit(text[20 + digits]))
            {
                digits++;
            }

            // A point needs a digit after it (.NET's F pattern takes "55.Z"; RFC 3339, and a Wait, do not).
            if (digits is 0 or > 9)
            {
                return false;
            }

            if (digits > 7)
            {
                text = string.Concat(text.AsSpan(0, 27), text.AsSpan(20 + digits));
            }
        }

        return DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out value);
    }
}
