using System;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Interpreter;

/// <summary>Compiles a JSONPath Choice rule (given as JSON) into a condition delegate: paths parsed once, operators resolved once.</summary>
internal static class ChoiceConditions
{
    private static readonly EvaluationResult True = EvaluationResult.Success(JsonValue.True);
    private static readonly EvaluationResult False = EvaluationResult.Success(JsonValue.False);

    public static StateExpression Compile(JsonValue rule, int depth = 0)
    {
        if (depth > 256 || !rule.TryGetObject(out var obj))
        {
            return JsonPathFields.Fail(StatesErrors.Runtime, "A Choice rule must be an object.");
        }

        if (obj.TryGetValue("And", out var and) || obj.TryGetValue("Or", out and))
        {
            var isAnd = obj.ContainsKey("And");
            if (!and.TryGetArray(out var rules))
            {
                return JsonPathFields.Fail(StatesErrors.Runtime, "And/Or takes an array of rules.");
            }

            var parts = new StateExpression[rules.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = Compile(rules[i], depth + 1);
            }

            return (value, frame) =>
            {
                foreach (var part in parts)
                {
                    var r = part(value, frame);
                    if (!r.IsSuccess)
                    {
                        return r;
                    }

                    if (r.Value.IsTrue != isAnd)
                    {
                        return isAnd ? False : True;
                    }
                }

                return isAnd ? True : False;
            };
        }

        if (obj.TryGetValue("Not", out var not))
        {
            var inner = Compile(not, depth + 1);
            return (value, frame) =>
            {
                var r = inner(value, frame);
                return !r.IsSuccess ? r : r.Value.IsTrue ? False : True;
            };
        }

        if (!obj.TryGetValue("Variable", out var variable) || !variable.TryGetString(out var variableText))
        {
            return JsonPathFields.Fail(StatesErrors.Runtime, "A Choice rule needs a Variable.");
        }

        if (!JsonPathEvaluator.TryGetPath(variableText, out var variablePath, out var variableError))
        {
            return JsonPathFields.Fail(StatesErrors.Runtime, "Invalid path '" + variableText + "': " + variableError!.Message);
        }

        foreach (var member in obj.AsSpan())
        {
            var name = member.Key;
            if (name is "Variable" or "Next" or "Comment" or "Assign" or "Output")
            {
                continue;
            }

            if (name == "IsPresent")
            {
                var expected = member.Value.IsTrue;
                return (value, frame) =>
                    JsonPathEvaluator.Evaluate(variablePath!, value, frame.EvaluationContext).IsSuccess == expected ? True : False;
            }

            var op = name;
            JsonPathExpression? operandPath = null;
            var operand = member.Value;
            if (name.EndsWith("Path", StringComparison.Ordinal))
            {
                op = name[..^4];
                if (!operand.TryGetString(out var operandText) || !JsonPathEvaluator.TryGetPath(operandText, out operandPath, out _))
                {
                    return JsonPathFields.Fail(StatesErrors.Runtime, name + " must be a valid path.");
                }
            }

            var compare = Comparer(op);
            if (compare is null)
            {
                return JsonPathFields.Fail(StatesErrors.Runtime, "Unknown Choice operator '" + name + "'.");
            }

            return (value, frame) =>
            {
                var context = frame.EvaluationContext;
                var left = JsonPathEvaluator.Evaluate(variablePath!, value, context);
                if (!left.IsSuccess)
                {
                    return left;
                }

                var right = operand;
                if (operandPath is not null)
                {
                    var resolved = JsonPathEvaluator.Evaluate(operandPath, value, context);
                    if (!resolved.IsSuccess)
                    {
                        return resolved;
                    }

                    right = resolved.Value;
                }

                return compare(left.Value, right) ? True : False;
            };
        }

        return JsonPathFields.Fail(StatesErrors.Runtime, "The Choice rule has no comparison operator.");
    }

    private static Func<JsonValue, JsonValue, bool>? Comparer(string op) => op switch
    {
        "IsNull" => static (v, o) => v.IsNull == o.IsTrue,
        "IsNumeric" => static (v, o) => v.IsNumber == o.IsTrue,
        "IsString" => static (v, o) => v.IsString == o.IsTrue,
        "IsBoolean" => static (v, o) => v.IsBoolean == o.IsTrue,
        "IsTimestamp" => static (v, o) => (v.TryGetString(out var s) && ChoiceRuleEvaluator.TryParseTimestamp(s, out _)) == o.IsTrue,
        "StringEquals" => static (v, o) => Strings(v, o, out var c) && c == 0,
        "StringLessThan" => static (v, o) => Strings(v, o, out var c) && c < 0,
        "StringGreaterThan" => static (v, o) => Strings(v, o, out var c) && c > 0,
        "StringLessThanEquals" => static (v, o) => Strings(v, o, out var c) && c <= 0,
        "StringGreaterThanEquals" => static (v, o) => Strings(v, o, out var c) && c >= 0,
        "StringMatches" => static (v, o) => v.TryGetString(out var s) && o.TryGetString(out var p) && ChoiceRuleEvaluator.StringMatches(s, p),
        "NumericEquals" => static (v, o) => v.IsNumber && o.IsNumber && JsonValue.CompareNumbers(v, o) == 0,
        "NumericLessThan" => static (v, o) => v.IsNumber && o.IsNumber && JsonValue.CompareNumbers(v, o) < 0,
        "NumericGreaterThan" => static (v, o) => v.IsNumber && o.IsNumber && JsonValue.CompareNumbers(v, o) > 0,
        "NumericLessThanEquals" => static (v, o) => v.IsNumber && o.IsNumber && JsonValue.CompareNumbers(v, o) <= 0,
        "NumericGreaterThanEquals" => static (v, o) => v.IsNumber && o.IsNumber && JsonValue.CompareNumbers(v, o) >= 0,
        "BooleanEquals" => static (v, o) => v.IsBoolean && o.IsBoolean && v.IsTrue == o.IsTrue,
        "TimestampEquals" => static (v, o) => Timestamps(v, o, out var c) && c == 0,
        "TimestampLessThan" => static (v, o) => Timestamps(v, o, out var c) && c < 0,
        "TimestampGreaterThan" => static (v, o) => Timestamps(v, o, out var c) && c > 0,
        "TimestampLessThanEquals" => static (v, o) => Timestamps(v, o, out var c) && c <= 0,
        "TimestampGreaterThanEquals" => static (v, o) => Timestamps(v, o, out var c) && c >= 0,
        _ => null,
    };

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
