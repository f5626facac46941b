using System;
using System.ComponentModel;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// What generated code needs from a running state and the failures it raises, with the exact texts of the
/// interpreter's evaluators (the differential tests compare them). Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CompiledExpressions
{
    /// <summary>The context object (<c>$$</c>) as JSONPath evaluation sees it in <paramref name="frame"/>.</summary>
    /// <param name="frame">The running state.</param>
    /// <returns>The context object (empty when the state does not read it).</returns>
    public static JsonValue ContextObject(StateFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.EvaluationContext.ContextObject;
    }

    /// <summary>
    /// A member of the context object read without building it: <c>$$.Execution</c>, <c>$$.StateMachine</c> and
    /// <c>$$.Task</c> (undefined when the object has none). False for other members, and when the context object was
    /// given from outside: the caller then reads <see cref="ContextObject"/>.
    /// </summary>
    /// <param name="frame">The running state.</param>
    /// <param name="name">The member's name.</param>
    /// <param name="value">The member, or undefined when the context object has no such member.</param>
    /// <returns>Whether the member was read.</returns>
    public static bool TryGetContextMember(StateFrame frame, string name, out JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.TryGetContextMember(name, out value);
    }

    /// <summary>
    /// <c>$$.Map.Item.Value</c> read from the frame without building the context object: true while a Map's ItemSelector
    /// runs in <paramref name="frame"/> (and no context object was given from outside); otherwise the caller evaluates
    /// the path over <see cref="ContextObject"/>.
    /// </summary>
    /// <param name="frame">The running state.</param>
    /// <param name="value">The current item.</param>
    /// <returns>Whether the frame has a current item.</returns>
    public static bool TryGetMapItemValue(StateFrame frame, out JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.MapItemIndex >= 0 && frame.ContextOverride.IsUndefined)
        {
            value = frame.MapItemValue;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary><c>$$.Map.Item.Index</c> read from the frame, as <see cref="TryGetMapItemValue"/>.</summary>
    /// <param name="frame">The running state.</param>
    /// <param name="index">The current item's index.</param>
    /// <returns>Whether the frame has a current item.</returns>
    public static bool TryGetMapItemIndex(StateFrame frame, out JsonValue index)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.MapItemIndex >= 0 && frame.ContextOverride.IsUndefined)
        {
            index = frame.MapItemIndex;
            return true;
        }

        index = default;
        return false;
    }

    /// <summary>A variable (<c>$name</c>) visible in <paramref name="frame"/>.</summary>
    /// <param name="frame">The running state.</param>
    /// <param name="name">The variable name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>Whether the variable is defined.</returns>
    public static bool TryGetVariable(StateFrame frame, string name, out JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.EvaluationContext.Variables.TryGetValue(name, out value);
    }

    /// <summary><c>States.Runtime</c> with a cause computed by the generator (a path that names nothing, an undefined variable).</summary>
    /// <param name="cause">The cause text.</param>
    /// <returns>The failure.</returns>
    public static EvaluationResult RuntimeFailure(string cause) => EvaluationResult.Failure(StatesErrorNames.Runtime, cause);

    /// <summary>The failure of a payload template's <c>.$</c> path that named nothing.</summary>
    /// <param name="path">The path text.</param>
    /// <param name="field">The member name with its <c>.$</c>.</param>
    /// <param name="input">The value the template was applied to.</param>
    /// <returns>The failure.</returns>
    public static EvaluationResult TemplatePathNotFound(string path, string field, JsonValue input) =>
        EvaluationResult.Failure(
            StatesErrorNames.Runtime,
            "The JSONPath '" + path + "' specified for the field '" + field + "' could not be found in the input '" + input.ToJsonString() + "'");

    /// <summary>The failure of a ResultPath that cannot be applied to the raw input.</summary>
    /// <param name="path">The ResultPath text.</param>
    /// <param name="input">The raw input.</param>
    /// <returns>The failure.</returns>
    public static EvaluationResult ResultPathMismatch(string path, JsonValue input) =>
        EvaluationResult.Failure(
            StatesErrorNames.ResultPathMatchFailure,
            "Unable to apply ResultPath \"" + path + "\" to input \"" + input.ToJsonString() + "\"");

    /// <summary>A fixed failure, built once (a field the generator found invalid fails the same way at run time).</summary>
    /// <param name="error">The error name.</param>
    /// <param name="cause">The cause.</param>
    /// <returns>An expression that always fails.</returns>
    public static StateExpression Fail(string error, string cause)
    {
        var failure = EvaluationResult.Failure(error, cause);
        return (_, _) => failure;
    }

    /// <summary>A ResultPath of <c>null</c>: the raw input is the output and the result is discarded.</summary>
    public static ResultCombiner RawInput { get; } = static (raw, _, _) => EvaluationResult.Success(raw);

    /// <summary>A combiner that evaluates <paramref name="expression"/> on the result (JSONPath <c>Assign</c>).</summary>
    /// <param name="expression">The expression over the result.</param>
    /// <returns>The combiner.</returns>
    public static ResultCombiner OnResult(StateExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return (_, result, frame) => expression(result, frame);
    }

    /// <summary>A combiner that always fails, built once.</summary>
    /// <param name="error">The error name.</param>
    /// <param name="cause">The cause.</param>
    /// <returns>The combiner.</returns>
    public static ResultCombiner FailCombiner(string error, string cause)
    {
        var failure = EvaluationResult.Failure(error, cause);
        return (_, _, _) => failure;
    }

    /// <summary>A fixed value, built once.</summary>
    /// <param name="value">The value.</param>
    /// <returns>An expression that always gives <paramref name="value"/>.</returns>
    public static StateExpression Constant(JsonValue value)
    {
        var success = EvaluationResult.Success(value);
        return (_, _) => success;
    }
}

/// <summary>
/// A JSONPath the generator does not turn into straight code (filters, wildcards, slices, unions, functions), parsed
/// once and evaluated by the runtime's evaluator. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CompiledJsonPath
{
    private readonly JsonPathExpression _path;

    /// <summary>Parses the path; throws <see cref="JsonPathSyntaxException"/> when it does not parse (the generator checked it).</summary>
    /// <param name="path">The path text.</param>
    public CompiledJsonPath(string path) => _path = JsonPathParser.Parse(path);

    /// <summary>Evaluates the path against <paramref name="value"/> in <paramref name="frame"/>.</summary>
    /// <param name="value">The value the path applies to.</param>
    /// <param name="frame">The running state.</param>
    /// <returns>The value or the failure.</returns>
    public EvaluationResult Evaluate(JsonValue value, StateFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return JsonPathEvaluator.Evaluate(_path, value, frame.EvaluationContext);
    }

    /// <summary>Applies the path as a ResultPath: puts <paramref name="result"/> into <paramref name="input"/>.</summary>
    /// <param name="input">The raw input.</param>
    /// <param name="result">The result.</param>
    /// <returns>The combined value or the failure.</returns>
    public EvaluationResult ApplyResult(JsonValue input, JsonValue result) => AslCompiler.Runtime.JsonPath.ResultPath.Apply(_path, input, result);
}

/// <summary>An intrinsic function call (<c>States.Format(...)</c>), parsed once, evaluated by the runtime. Not meant to be used by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CompiledIntrinsic
{
    private readonly IntrinsicFunctionCall _call;

    /// <summary>Parses the call; throws <see cref="JsonPathSyntaxException"/> when it does not parse (the generator checked it).</summary>
    /// <param name="call">The call text.</param>
    public CompiledIntrinsic(string call) => _call = IntrinsicFunctionParser.Parse(call);

    /// <summary>Evaluates the call against <paramref name="value"/> in <paramref name="frame"/>.</summary>
    /// <param name="value">The value its paths apply to.</param>
    /// <param name="frame">The running state.</param>
    /// <returns>The value or the failure.</returns>
    public EvaluationResult Evaluate(JsonValue value, StateFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Intrinsics.Evaluate(_call, value, frame.EvaluationContext);
    }
}
