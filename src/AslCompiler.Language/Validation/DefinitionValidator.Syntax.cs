using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.Jsonata;
using AslCompiler.Language.JsonPath;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>Syntax checks of path, intrinsic and JSONata strings, with the shared parsers of the language core.</summary>
internal sealed partial class DefinitionValidator
{
    /// <summary>
    /// Argument kinds per intrinsic: <c>s</c> string, <c>n</c> number, <c>b</c> boolean, <c>a</c> any; a trailing
    /// <c>*</c> repeats the last kind; <c>?</c> marks the rest optional.
    /// </summary>
    private static readonly Dictionary<string, string> IntrinsicSignatures = new(StringComparer.Ordinal)
    {
        ["States.Format"] = "s?a*", // the template alone is a call too (AWS: "one or more arguments", as many after it as it has {})
        ["States.StringToJson"] = "s",
        ["States.JsonToString"] = "a",
        ["States.Array"] = "?a*",
        ["States.ArrayPartition"] = "an",
        ["States.ArrayContains"] = "aa",
        ["States.ArrayRange"] = "nnn",
        ["States.ArrayGetItem"] = "an",
        ["States.ArrayLength"] = "a",
        ["States.ArrayUnique"] = "a",
        ["States.Base64Encode"] = "s",
        ["States.Base64Decode"] = "s",
        ["States.Hash"] = "as",
        ["States.JsonMerge"] = "aab",
        ["States.MathRandom"] = "nn?n",
        ["States.MathAdd"] = "nn",
        ["States.StringSplit"] = "ss",
        ["States.UUID"] = string.Empty,
    };

    /// <summary>The intrinsics that return a string: the only ones allowed in ErrorPath and CausePath.</summary>
    private static readonly HashSet<string> StringIntrinsics = new(StringComparer.Ordinal)
    {
        "States.ArrayGetItem", "States.Base64Encode", "States.Base64Decode", "States.Format", "States.JsonToString", "States.Hash", "States.UUID",
    };

    private static readonly HashSet<string> HashAlgorithms = new(StringComparer.Ordinal) { "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512" };

    /// <summary>Whether <paramref name="value"/> is a JSONPath of the given kind; else the problem and its character range.</summary>
    private static bool CheckJsonPath(string value, PathKind kind, out string? error, out int start, out int end)
    {
        var ok = kind == PathKind.Reference
            ? JsonPathParser.TryParseReferencePath(value, out _, out var syntaxError)
            : JsonPathParser.TryParse(value, out _, out syntaxError);
        if (ok)
        {
            error = null;
            start = end = 0;
            return true;
        }

        error = syntaxError?.Message;
        start = Math.Max(0, Math.Min(syntaxError?.Offset ?? 0, value.Length));
        end = Math.Min(start + 1, value.Length);
        if (kind == PathKind.Reference && start == 0)
        {
            end = value.Length;
        }

        return false;
    }

    /// <summary>Whether <paramref name="value"/> is a valid intrinsic call: syntax, known name, arity and literal argument types.</summary>
    private static bool CheckIntrinsic(string value, out string? error, out int start, out int end) =>
        CheckIntrinsic(value, stringResult: false, out error, out start, out end);

    private static bool CheckIntrinsic(string value, bool stringResult, out string? error, out int start, out int end)
    {
        if (!IntrinsicFunctionParser.TryParse(value, out var call, out var syntaxError))
        {
            error = syntaxError?.Message;
            start = Math.Max(0, Math.Min(syntaxError?.Offset ?? 0, value.Length));
            end = Math.Min(start + Math.Max(1, syntaxError?.Length ?? 1), value.Length);
            return false;
        }

        if (stringResult && !StringIntrinsics.Contains(call!.Name))
        {
            error = call.Name + " does not return a string";
            start = call.Offset;
            end = call.Offset + call.Name.Length;
            return false;
        }

        return CheckCall(call!, out error, out start, out end);
    }

    private static bool CheckCall(IntrinsicFunctionCall call, out string? error, out int start, out int end)
    {
        start = call.Offset;
        end = call.Offset + call.Name.Length;
        if (!IntrinsicSignatures.TryGetValue(call.Name, out var signature))
        {
            error = "Unknown intrinsic function '" + call.Name + "'";
            return false;
        }

        var optionalFrom = signature.IndexOf('?');
        var kinds = signature.Replace("?", string.Empty);
        var variadic = kinds.Length > 0 && kinds[kinds.Length - 1] == '*';
        if (variadic)
        {
            kinds = kinds.Remove(kinds.Length - 1);
        }

        var min = optionalFrom >= 0 ? optionalFrom : (variadic ? kinds.Length : kinds.Length);
        var max = variadic ? int.MaxValue : kinds.Length;
        var count = call.Arguments.Count;
        if (count < min || count > max)
        {
            error = string.Format(
                CultureInfo.InvariantCulture,
                "{0} takes {1} argument{2}, not {3}",
                call.Name,
                min == max ? min.ToString(CultureInfo.InvariantCulture) : max == int.MaxValue ? "at least " + min.ToString(CultureInfo.InvariantCulture) : min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture),
                max == 1 && min == 1 ? string.Empty : "s",
                count);
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var argument = call.Arguments[i];
            if (argument is IntrinsicFunctionCall nested)
            {
                if (!CheckCall(nested, out error, out start, out end))
                {
                    return false;
                }

                continue;
            }

            var kind = kinds.Length == 0 ? 'a' : kinds[Math.Min(i, kinds.Length - 1)];
            var literal = argument switch
            {
                IntrinsicStringArgument => 's',
                IntrinsicNumberArgument => 'n',
                IntrinsicBooleanArgument => 'b',
                IntrinsicNullArgument => '0',
                _ => 'a',
            };
            if (kind != 'a' && literal != 'a' && literal != kind)
            {
                error = string.Format(
                    CultureInfo.InvariantCulture,
                    "argument {0} of {1} must be {2}",
                    i + 1,
                    call.Name,
                    kind switch { 's' => "a string", 'n' => "a number", _ => "a boolean" });
                start = argument.Offset;
                end = argument.Offset + argument.Length;
                return false;
            }

            if (call.Name == "States.Hash" && i == 1 && argument is IntrinsicStringArgument algorithm && !HashAlgorithms.Contains(algorithm.Value))
            {
                error = "the hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512";
                start = argument.Offset;
                end = argument.Offset + argument.Length;
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Checks the JSONata expression inside a <c>{% %}</c> string and remembers the variables it reads.</summary>
    /// <summary>
    /// What <c>$states.result</c> and <c>$states.errorOutput</c> the JSONata field being checked may read: the result in a
    /// Task's, Parallel's or Map's own <c>Output</c> and <c>Assign</c>, the error output in a catcher's. Set by the fields'
    /// checks around them; nothing elsewhere.
    /// </summary>
    private (bool Result, bool ErrorOutput) _statesAvailable;

    /// <summary>Why the field being checked may not read <c>$states.</c><paramref name="member"/>, or null.</summary>
    private string? StatesMemberProblem(string? member) => member switch
    {
        "result" when !_statesAvailable.Result =>
            "$states.result is not available in this field: only the Output and Assign of a Task, Parallel or Map state read the state's result",
        "errorOutput" when !_statesAvailable.ErrorOutput =>
            "$states.errorOutput is not available in this field: only a catcher's Output and Assign read the error output",
        _ => null,
    };

    /// <summary>Runs <paramref name="check"/> with <see cref="_statesAvailable"/> set to <paramref name="available"/>.</summary>
    private void WithStates((bool Result, bool ErrorOutput) available, Action check)
    {
        var outer = _statesAvailable;
        _statesAvailable = available;
        try
        {
            check();
        }
        finally
        {
            _statesAvailable = outer;
        }
    }

    private void CheckJsonataString(JsonStringSyntax text)
    {
        var template = JsonataTemplate.Parse(text);
        if (template is null)
        {
            return;
        }

        var result = template.Result;
        if (!result.Success)
        {
            var span = text.Span;
            if (_source is not null && template.GetErrorSourceRange() is { } range && range.Start >= 0 && range.End <= _source.Length)
            {
                span = _source.GetSpan(range.Start, Math.Max(range.Start, range.End));
            }

            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                "Invalid JSONata expression: " + (result.Error?.Message ?? "syntax error"),
                text,
                span);
            return;
        }

        var references = result.References;
        foreach (var (referenced, position) in Jsonata.JsonataTopLevel.ForbiddenReferences(result.Root!, references))
        {
            // The States Language: an expression "MUST NOT reference "$" or unqualified field names at the top level"
            // and "MUST NOT reference "$$"": there is no input document to read them from.
            var at = JsonataTemplate.ExpressionOffset + position;
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                referenced == "$$"
                    ? "Reference to '$$' is not supported: a JSONata expression reads the state's input as $states.input and the context object as $states.context"
                    : string.Format(CultureInfo.InvariantCulture, "Reference to '{0}' at the top level is not supported: a JSONata expression reads the state's input as $states.input", referenced),
                text,
                InnerSpan(text, at, at + referenced.Length));
        }

        // $ and $$, a name the expression binds itself, or a built-in function: none is a workflow variable.
        bool OwnOrBuiltIn(string name) =>
            name.Length == 0 || name == "$" || references.IsDeclared(name) || Jsonata.JsonataFunctionNames.IsBuiltIn(name);

        foreach (var variable in references.Variables)
        {
            var name = variable.Name;
            if (name == "states" && !references.IsDeclared(name) && StatesMemberProblem(variable.Member) is { } problem)
            {
                // AWS: reading either where it is not accessible "will be caught at creation, update, or validation".
                var at = JsonataTemplate.ExpressionOffset + variable.Position;
                Error(AslDiagnosticCodes.SchemaValidationFailed, problem, text, InnerSpan(text, at, at + "$states".Length + 1 + variable.Member!.Length));
            }

            // A built-in function passed as a value ($map(xs, $string), $reduce(xs, $append)) is no variable.
            if (OwnOrBuiltIn(name))
            {
                continue;
            }

            _variableUses.Add((name, text, JsonataTemplate.ExpressionOffset + variable.Position, _region, _stateName));
        }

        // A called function that is neither built in nor defined by the expression: Assign gives variables JSON values,
        // never functions, so the call fails when it runs (T1006). $eval is JSONata's, but Step Functions removed it.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in references.Functions)
        {
            var name = function.Name;
            if (name == "states" || OwnOrBuiltIn(name) || !reported.Add(name))
            {
                continue;
            }

            var start = JsonataTemplate.ExpressionOffset + function.Position;
            Warning(
                AslDiagnosticCodes.UnknownFunction,
                name == "eval"
                    ? "The function '$eval' is not available in Step Functions' JSONata (use $parse to read JSON text): calling it fails"
                    : string.Format(CultureInfo.InvariantCulture, "The function '${0}' is not a JSONata function of Step Functions and the expression does not define it: calling it fails", name),
                text,
                InnerSpan(text, start, start + 1 + name.Length));
        }
    }
}
