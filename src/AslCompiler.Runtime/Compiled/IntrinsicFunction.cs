using System;
using System.ComponentModel;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// One intrinsic function call of generated code. The generator emits the evaluation of the arguments as C# (paths,
/// literals, nested calls) and hands their values to <see cref="Invoke(JsonValue[], StateFrame)"/>, which runs the function with the
/// interpreter's implementation (<see cref="Intrinsics"/>: same argument rules, limits and error texts). The call is
/// read once, when the generated class is initialized. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IntrinsicFunction
{
    private readonly IntrinsicFunctionCall _call;
    private readonly bool _random;
    private readonly Function _function;

    // States.Format with a literal template: the text around its placeholders (one more than the placeholders).
    private readonly string[]? _pieces;

    // Calls whose common case is answered here without the argument array and the lookup by name; every other case
    // (and every failure) goes to the interpreter's implementation.
    private enum Function
    {
        Other,
        MathAdd,
        ArrayLength,
        Format,
    }

    /// <summary>Reads the call; throws <see cref="JsonPathSyntaxException"/> when it does not parse (the generator checked it).</summary>
    /// <param name="call">The call text, e.g. <c>States.MathAdd($.i, 1)</c>.</param>
    public IntrinsicFunction(string call)
    {
        _call = IntrinsicFunctionParser.Parse(call);
        _random = _call.Name is "States.UUID" or "States.MathRandom";
        _function = _call.Name switch
        {
            "States.MathAdd" when _call.Arguments.Count == 2 => Function.MathAdd,
            "States.ArrayLength" when _call.Arguments.Count == 1 => Function.ArrayLength,
            _ => Function.Other,
        };

        if (_call.Name == "States.Format" && _call.Arguments.Count > 0 && _call.Arguments[0] is IntrinsicStringArgument template &&
            template.TemplatePieces.Count == _call.Arguments.Count)
        {
            _function = Function.Format;
            _pieces = [.. template.TemplatePieces];
        }
    }

    // Format's common case: every argument a string or a scalar (printed as Intrinsics.Format prints it).
    private bool TryFormat(JsonValue[] arguments, out string text)
    {
        text = string.Empty;
        var pieces = _pieces!;
        if (arguments.Length != pieces.Length)
        {
            return false;
        }

        var parts = new string[(2 * pieces.Length) - 1];
        parts[0] = pieces[0];
        for (var i = 1; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            switch (argument.Kind)
            {
                case JsonKind.String:
                    parts[(2 * i) - 1] = argument.GetString();
                    break;
                case JsonKind.Number:
                    parts[(2 * i) - 1] = JsonValueWriter.NumberText(argument);
                    break;
                case JsonKind.Boolean:
                    parts[(2 * i) - 1] = argument.IsTrue ? "true" : "false";
                    break;
                case JsonKind.Null:
                    parts[(2 * i) - 1] = "null";
                    break;
                default:
                    return false;
            }

            parts[2 * i] = pieces[i];
        }

        // Past the limit (one long string given many times), Intrinsics gives the failure.
        long length = 0;
        foreach (var part in parts)
        {
            length += part.Length;
        }

        if (length > Intrinsics.MaxStringLength)
        {
            return false;
        }

        text = string.Concat(parts);
        return true;
    }

    /// <summary>Runs a function of one argument (no array for the common cases).</summary>
    /// <param name="argument">The argument's value.</param>
    /// <param name="frame">The running state.</param>
    /// <returns>The value or the failure.</returns>
    public EvaluationResult Invoke(JsonValue argument, StateFrame frame)
    {
        if (_function == Function.ArrayLength && argument.TryGetArray(out var array))
        {
            return EvaluationResult.Success(array.Count);
        }

        return Invoke(new[] { argument }, frame);
    }

    /// <summary>Runs a function of two arguments (no array for the common cases).</summary>
    /// <param name="first">The first argument's value.</param>
    /// <param name="second">The second argument's value.</param>
    /// <param name="frame">The running state.</param>
    /// <returns>The value or the failure.</returns>
    public EvaluationResult Invoke(JsonValue first, JsonValue second, StateFrame frame)
    {
        // MathAdd of two ints whose sum is an int (no rounding, no range error); the rest goes to Intrinsics.
        if (_function == Function.MathAdd && first.Form == JsonValue.NumberForm.Int64 && second.Form == JsonValue.NumberForm.Int64 &&
            first.TryGetInt64(out var a) && second.TryGetInt64(out var b) && a is >= int.MinValue and <= int.MaxValue &&
            b is >= int.MinValue and <= int.MaxValue && a + b is >= int.MinValue and <= int.MaxValue)
        {
            return EvaluationResult.Success(a + b);
        }

        return Invoke(new[] { first, second }, frame);
    }

    /// <summary>Runs the function on its evaluated arguments.</summary>
    /// <param name="arguments">The arguments' values in order (given up by the caller).</param>
    /// <param name="frame">The running state (its random source, for <c>States.UUID</c> and <c>States.MathRandom</c>).</param>
    /// <returns>The value or the failure.</returns>
    public EvaluationResult Invoke(JsonValue[] arguments, StateFrame frame)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(frame);
        if (_function == Function.Format && TryFormat(arguments, out var text))
        {
            return EvaluationResult.Success(text);
        }

        return Intrinsics.Invoke(_call, arguments, _random ? frame.EvaluationContext : EvaluationContext.Empty);
    }

    /// <summary>The failure of a path argument that named nothing, as the interpreter words it.</summary>
    /// <param name="path">The path text.</param>
    /// <param name="input">The value the call was applied to.</param>
    /// <returns>The failure.</returns>
    public static EvaluationResult ArgumentNotFound(string path, JsonValue input) =>
        EvaluationResult.Failure(StatesErrorNames.Runtime, "The JsonPath argument for the field '" + path + "' could not be found in the input '" + input.ToJsonString() + "'");
}
