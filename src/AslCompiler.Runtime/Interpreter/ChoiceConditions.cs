using System;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Compiled;
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
        if (depth > ChoiceRuleEvaluator.MaxRuleDepth)
        {
            return JsonPathFields.Fail(StatesErrors.Runtime, ChoiceRuleEvaluator.NestedTooDeep);
        }

        if (!rule.TryGetObject(out var obj))
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
                var definite = variablePath!.HasDefiniteSegments;
                return (value, frame) =>
                    CompiledJson.IsPresent(JsonPathEvaluator.Evaluate(variablePath, value, frame.EvaluationContext), definite, expected);
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

    // One implementation of each operator, shared with generated code (Compiled/ChoiceOperators).
    private static Func<JsonValue, JsonValue, bool>? Comparer(string op) => op switch
    {
        "IsNull" => ChoiceOperators.IsNull,
        "IsNumeric" => ChoiceOperators.IsNumeric,
        "IsString" => ChoiceOperators.IsString,
        "IsBoolean" => ChoiceOperators.IsBoolean,
        "IsTimestamp" => ChoiceOperators.IsTimestamp,
        "StringEquals" => ChoiceOperators.StringEquals,
        "StringLessThan" => ChoiceOperators.StringLessThan,
        "StringGreaterThan" => ChoiceOperators.StringGreaterThan,
        "StringLessThanEquals" => ChoiceOperators.StringLessThanEquals,
        "StringGreaterThanEquals" => ChoiceOperators.StringGreaterThanEquals,
        "StringMatches" => ChoiceOperators.StringMatches,
        "NumericEquals" => ChoiceOperators.NumericEquals,
        "NumericLessThan" => ChoiceOperators.NumericLessThan,
        "NumericGreaterThan" => ChoiceOperators.NumericGreaterThan,
        "NumericLessThanEquals" => ChoiceOperators.NumericLessThanEquals,
        "NumericGreaterThanEquals" => ChoiceOperators.NumericGreaterThanEquals,
        "BooleanEquals" => ChoiceOperators.BooleanEquals,
        "TimestampEquals" => ChoiceOperators.TimestampEquals,
        "TimestampLessThan" => ChoiceOperators.TimestampLessThan,
        "TimestampGreaterThan" => ChoiceOperators.TimestampGreaterThan,
        "TimestampLessThanEquals" => ChoiceOperators.TimestampLessThanEquals,
        "TimestampGreaterThanEquals" => ChoiceOperators.TimestampGreaterThanEquals,
        _ => null,
    };
}
