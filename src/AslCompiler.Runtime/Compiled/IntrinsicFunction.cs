using System;
using System.ComponentModel;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// One intrinsic function call of generated code. The generator emits the evaluation of the arguments as C# (paths,
/// literals, nested calls) and hands their values to <see cref="Invoke"/>, which runs the function with the
/// interpreter's implementation (<see cref="Intrinsics"/>: same argument rules, limits and error texts). The call is
/// read once, when the generated class is initialized. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IntrinsicFunction
{
    private readonly IntrinsicFunctionCall _call;
    private readonly bool _random;

    /// <summary>Reads the call; throws <see cref="JsonPathSyntaxException"/> when it does not parse (the generator checked it).</summary>
    /// <param name="call">The call text, e.g. <c>States.MathAdd($.i, 1)</c>.</param>
    public IntrinsicFunction(string call)
    {
        _call = IntrinsicFunctionParser.Parse(call);
        _random = _call.Name is "States.UUID" or "States.MathRandom";
    }

    /// <summary>Runs the function on its evaluated arguments.</summary>
    /// <param name="arguments">The arguments' values in order (given up by the caller).</param>
    /// <param name="frame">The running state (its random source, for <c>States.UUID</c> and <c>States.MathRandom</c>).</param>
    /// <returns>The value or the failure.</returns>
    public EvaluationResult Invoke(JsonValue[] arguments, StateFrame frame)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(frame);
        return Intrinsics.Invoke(_call, arguments, _random ? frame.EvaluationContext : EvaluationContext.Empty);
    }

    /// <summary>The failure of a path argument that named nothing, as the interpreter words it.</summary>
    /// <param name="path">The path text.</param>
    /// <param name="input">The value the call was applied to.</param>
    /// <returns>The failure.</returns>
    public static EvaluationResult ArgumentNotFound(string path, JsonValue input) =>
        EvaluationResult.Failure(StatesErrorNames.Runtime, "The JsonPath argument for the field '" + path + "' could not be found in the input '" + input.ToJsonString() + "'");
}
