using System;
using System.Collections.Generic;
using System.ComponentModel;
using AslCompiler.Language.Json;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// JSONata fields of generated states: each <c>{% %}</c> expression runs as the C# the generator emitted for it (or,
/// outside what the generator compiles, is parsed once and evaluated by the evaluator), with the interpreter's bindings
/// and error texts. One factory per state (it knows whether the state reads <c>$states.context</c>). Not meant to be
/// used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonataFieldFactory
{
    private readonly JsonataFields _fields;

    /// <summary>Creates the factory for one state.</summary>
    /// <param name="usesContext">Whether any field of the state reads <c>$states.context</c>.</param>
    public JsonataFieldFactory(bool usesContext) => _fields = new JsonataFields(usesContext);

    /// <summary>
    /// Creates the factory for one state whose expressions the generator compiled to C#: an expression found in
    /// <paramref name="compiled"/> (by its text) runs that code; any other is parsed once and evaluated by the evaluator.
    /// </summary>
    /// <param name="usesContext">Whether any field of the state reads <c>$states.context</c>.</param>
    /// <param name="compiled">The generated code of the state's expressions.</param>
    public JsonataFieldFactory(bool usesContext, params JsonataCompiledExpression[] compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        var table = new Dictionary<string, JsonataCompiledBody>(compiled.Length, StringComparer.Ordinal);
        foreach (var expression in compiled)
        {
            table[expression.Text] = expression.Body;
        }

        _fields = new JsonataFields(usesContext, table.Count == 0 ? null : text => table.TryGetValue(text, out var body) ? body : null);
    }

    /// <summary>A template field evaluated on the state input (Arguments, ItemSelector, Credentials, BatchInput ...).</summary>
    /// <param name="json">The field's JSON text.</param>
    /// <param name="field">The field name.</param>
    /// <returns>The expression.</returns>
    public StateExpression Template(string json, string field) => _fields.Template(Node(json), field)!;

    /// <summary>An Output or Assign over the raw input (<c>$states.input</c>) and nothing else.</summary>
    /// <param name="json">The field's JSON text.</param>
    /// <param name="field">The field name.</param>
    /// <returns>The combiner.</returns>
    public ResultCombiner InputCombiner(string json, string field) => _fields.Combiner(Node(json), field, StatesBinding.Input)!;

    /// <summary>An Output or Assign that also sees <c>$states.result</c>.</summary>
    /// <param name="json">The field's JSON text.</param>
    /// <param name="field">The field name.</param>
    /// <returns>The combiner.</returns>
    public ResultCombiner ResultCombiner(string json, string field) => _fields.Combiner(Node(json), field, StatesBinding.Result)!;

    /// <summary>A Catcher's Output or Assign, which sees <c>$states.errorOutput</c>.</summary>
    /// <param name="json">The field's JSON text.</param>
    /// <param name="field">The field name.</param>
    /// <returns>The combiner.</returns>
    public ResultCombiner ErrorCombiner(string json, string field) => _fields.Combiner(Node(json), field, StatesBinding.ErrorOutput)!;

    /// <summary>
    /// A <c>{% %}</c> value field (TimeoutSeconds, Seconds, MaxConcurrency, Error, Condition ...) that must produce a value of
    /// <paramref name="expected"/> kind (null: any). Literal values are constants in the generated code.
    /// </summary>
    /// <param name="json">The field's JSON text (a string <c>{% ... %}</c>).</param>
    /// <param name="name">The field name.</param>
    /// <param name="expression">The expression text between the delimiters, trimmed.</param>
    /// <param name="expected">The kind the value must have, or null.</param>
    /// <returns>The expression.</returns>
    public StateExpression Value(string json, string name, string expression, JsonKind? expected)
    {
        var template = Template(json, name);
        if (expected is not { } kind)
        {
            return template;
        }

        return (value, frame) =>
        {
            var r = template(value, frame);
            if (r.IsSuccess && r.Value.Kind != kind)
            {
                return Fail(frame, JsonataStatesErrors.UnexpectedType(expression, name, JsonValue.KindName(kind), r.Value), name);
            }

            if (r.IsSuccess && JsonataFieldRange.Problem(name, r.Value) is { } problem)
            {
                return Fail(frame, problem, name);
            }

            return r;
        };
    }

    /// <summary>A Choice rule without a <c>Condition</c>.</summary>
    /// <returns>An expression that fails as the interpreter does.</returns>
    public static StateExpression MissingCondition() => static (_, frame) => Fail(frame, "The Choice rule has no Condition.", null);

    /// <summary>A Map without <c>Items</c>: the state input must be an array.</summary>
    /// <returns>The expression.</returns>
    public static StateExpression InputItems() => static (value, frame) => value.Kind == JsonKind.Array
        ? EvaluationResult.Success(value)
        : Fail(frame, "Map state input must be an array but was: " + value.ToJsonString(), null);

    /// <summary>A Map's <c>Items</c>: must produce an array.</summary>
    /// <param name="json">The field's JSON text.</param>
    /// <param name="text">The text quoted in a type error (the expression, or the JSON of a literal).</param>
    /// <returns>The expression.</returns>
    public StateExpression Items(string json, string text)
    {
        var template = Template(json, "Items");
        return (value, frame) =>
        {
            var r = template(value, frame);
            if (r.IsSuccess && r.Value.Kind != JsonKind.Array)
            {
                return Fail(frame, JsonataStatesErrors.UnexpectedType(text, "Items", "array", r.Value), "Items");
            }

            return r;
        };
    }

    /// <summary>A Wait's <c>Timestamp</c>: an ISO-8601 extended offset date-time string.</summary>
    /// <param name="inner">The field's value expression (a constant or <see cref="Value"/>).</param>
    /// <returns>The expression.</returns>
    public static StateExpression Timestamp(StateExpression inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return (input, frame) =>
        {
            var r = inner(input, frame);
            if (!r.IsSuccess)
            {
                return r;
            }

            if (r.Value.TryGetString(out var text) && JsonataFields.NormalizeTimestamp(text) is { } normalized && ChoiceRuleEvaluator.TryParseTimestamp(normalized, out _))
            {
                return EvaluationResult.Success(normalized);
            }

            var shown = r.Value.TryGetString(out var s) ? s : r.Value.ToJsonString();
            return Fail(frame, "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: " + shown, "Timestamp");
        };
    }

    private static JsonSyntaxNode Node(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var parsed = JsonSyntaxReader.Parse(json);
        return parsed.Success && parsed.Root is not null
            ? parsed.Root
            : throw new ArgumentException("The generated field is not valid JSON: " + json, nameof(json));
    }

    private static EvaluationResult Fail(StateFrame frame, string detail, string? location)
    {
        var cause = JsonataStatesErrors.Cause(frame.StateName, frame.EnteredEventId, detail);
        frame.ReportEvaluationFailure(StatesErrors.QueryEvaluationError, cause, location);
        return EvaluationResult.Failure(StatesErrors.QueryEvaluationError, cause);
    }
}
