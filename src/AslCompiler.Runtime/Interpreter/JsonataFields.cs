using System;
using System.Text.RegularExpressions;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Interpreter;

/// <summary>Which members of <c>$states</c> a JSONata field sees (AWS makes <c>result</c> and <c>errorOutput</c> available per field).</summary>
internal enum StatesBinding
{
    /// <summary><c>$states.input</c> and <c>$states.context</c> only.</summary>
    Input,

    /// <summary>Also <c>$states.result</c> (Output and Assign of Task, Parallel and Map).</summary>
    Result,

    /// <summary>Also <c>$states.errorOutput</c> (Output and Assign of a Catcher).</summary>
    ErrorOutput,
}

/// <summary>
/// Compiles JSONata fields (<c>{% %}</c> templates) into kernel delegates, each expression parsed once. Failures are
/// <c>States.QueryEvaluationError</c> with AWS's cause text, and record an <c>EvaluationFailed</c> event.
/// </summary>
internal sealed partial class JsonataFields
{
    private static Cached? s_options;

    private readonly bool _usesContext;
    private readonly Func<string, Compiled.JsonataCompiledBody?>? _compiled;

    /// <summary>
    /// Creates the compiler for one state; <paramref name="usesContext"/> says whether any field reads <c>$states.context</c>;
    /// <paramref name="compiled"/> gives the generated C# of expressions by their text, when a generated class has it.
    /// </summary>
    public JsonataFields(bool usesContext, Func<string, Compiled.JsonataCompiledBody?>? compiled = null)
    {
        _usesContext = usesContext;
        _compiled = compiled;
    }

    /// <summary>A template field evaluated on the state input (Arguments, ItemSelector, Credentials, BatchInput ...).</summary>
    public StateExpression? Template(JsonSyntaxNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        var template = Create(JsonValue.FromSyntax(node), _compiled);
        return (_, frame) => Evaluate(template, field, frame, default, default);
    }

    /// <summary>A combiner (Output, Assign) over the raw input and the result or error output, as <paramref name="binding"/> says.</summary>
    public ResultCombiner? Combiner(JsonSyntaxNode? node, string field, StatesBinding binding)
    {
        if (node is null)
        {
            return null;
        }

        var template = Create(JsonValue.FromSyntax(node), _compiled);
        return binding switch
        {
            StatesBinding.Result => (raw, result, frame) => Evaluate(template, field, frame, result, default, raw),
            StatesBinding.ErrorOutput => (raw, error, frame) => Evaluate(template, field, frame, default, error, raw),
            _ => (raw, _, frame) => Evaluate(template, field, frame, default, default, raw),
        };
    }

    /// <summary>
    /// A literal or <c>{% %}</c> field (TimeoutSeconds, Seconds, MaxConcurrency, Error ...): a literal passes through; an
    /// expression must produce a value of <paramref name="expected"/> kind (null: any).
    /// </summary>
    public StateExpression? Value(LiteralOrExpression? field, string name, JsonKind? expected, string? expectedName = null)
    {
        if (field is null)
        {
            return null;
        }

        var literal = JsonValue.FromSyntax(field.Syntax);
        if (!field.IsExpression)
        {
            return (_, _) => EvaluationResult.Success(literal);
        }

        var template = Create(literal, _compiled);
        var text = field.Expression!.Trim();
        return (_, frame) =>
        {
            var r = Evaluate(template, name, frame, default, default);
            if (r.IsSuccess && expected is { } kind && r.Value.Kind != kind)
            {
                return Fail(frame, JsonataStatesErrors.UnexpectedType(text, name, expectedName ?? JsonValue.KindName(kind), r.Value), name);
            }

            if (r.IsSuccess && JsonataFieldRange.Problem(name, r.Value) is { } problem)
            {
                return Fail(frame, problem, name);
            }

            return r;
        };
    }

    /// <summary>A Choice rule's <c>Condition</c>: a boolean.</summary>
    public StateExpression Condition(LiteralOrExpression? condition) =>
        Value(condition, "Condition", JsonKind.Boolean)
        ?? (static (_, frame) => Fail(frame, "The Choice rule has no Condition.", null));

    /// <summary>A Map's <c>Items</c> (an array, or a template producing one); absent: the state input must be an array.</summary>
    public StateExpression MapItems(JsonSyntaxNode? node)
    {
        if (node is null)
        {
            return static (value, frame) => value.Kind == JsonKind.Array
                ? EvaluationResult.Success(value)
                : Fail(frame, "Map state input must be an array but was: " + value.ToJsonString(), null);
        }

        var template = Create(JsonValue.FromSyntax(node), _compiled);
        var text = node is JsonStringSyntax s && AslKeywords.IsJsonataExpression(s.Value) ? s.Value.Substring(2, s.Value.Length - 4).Trim() : node.ToJsonString();
        return (_, frame) =>
        {
            var r = Evaluate(template, "Items", frame, default, default);
            if (r.IsSuccess && r.Value.Kind != JsonKind.Array)
            {
                return Fail(frame, JsonataStatesErrors.UnexpectedType(text, "Items", "array", r.Value), "Items");
            }

            return r;
        };
    }

    /// <summary>A Wait's <c>Timestamp</c>: a string in ISO-8601 extended offset date-time format.</summary>
    public StateExpression? Timestamp(LiteralOrExpression? field)
    {
        var value = Value(field, "Timestamp", null);
        if (value is null)
        {
            return null;
        }

        return (input, frame) =>
        {
            var r = value(input, frame);
            if (!r.IsSuccess)
            {
                return r;
            }

            if (r.Value.TryGetString(out var text) && NormalizeTimestamp(text) is { } normalized && ChoiceRuleEvaluator.TryParseTimestamp(normalized, out _))
            {
                return EvaluationResult.Success(normalized);
            }

            var shown = r.Value.TryGetString(out var s) ? s : r.Value.ToJsonString();
            return Fail(frame, "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: " + shown, "Timestamp");
        };
    }

    /// <summary>
    /// An ISO-8601 extended offset date-time with its fraction cut to 7 digits (AWS accepts nanoseconds; .NET reads
    /// ticks), or null when the text is not one.
    /// </summary>
    internal static string? NormalizeTimestamp(string text)
    {
        var match = IsoOffsetDateTime().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var fraction = match.Groups["fraction"].Value;
        return fraction.Length <= 8 ? text : match.Groups["head"].Value + fraction[..8] + match.Groups["offset"].Value;
    }

    [GeneratedRegex(@"^(?<head>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<fraction>\.\d+)?(?<offset>Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex IsoOffsetDateTime();

    private static JsonataPayloadTemplate Create(JsonValue template, Func<string, Compiled.JsonataCompiledBody?>? compiled)
    {
        try
        {
            return JsonataPayloadTemplate.CreateWithCompiled(template, compiled);
        }
        catch (ArgumentException e)
        {
            throw new AslCompilationException(e.Message);
        }
    }

    private EvaluationResult Evaluate(JsonataPayloadTemplate template, string field, StateFrame frame, JsonValue result, JsonValue errorOutput) =>
        Evaluate(template, field, frame, result, errorOutput, frame.StateInput);

    private EvaluationResult Evaluate(JsonataPayloadTemplate template, string field, StateFrame frame, JsonValue result, JsonValue errorOutput, JsonValue input)
    {
        if (!template.HasExpressions)
        {
            return EvaluationResult.Success(template.Template);
        }

        var variables = frame.Variables.IsEmpty ? JsonataBindings.Empty : JsonataBindings.FromObject(frame.Variables.ToJson());
        var bindings = variables.WithStates(input, _usesContext ? frame.ContextObject : default, result, errorOutput);
        var r = template.Evaluate(bindings, OptionsFor(frame), field);
        if (r.IsSuccess)
        {
            return EvaluationResult.Success(r.Value);
        }

        return Fail(frame, r.Detail!, LocationOf(r.Detail!) ?? field);
    }

    private static EvaluationResult Fail(StateFrame frame, string detail, string? location)
    {
        var cause = JsonataStatesErrors.Cause(frame.StateName, frame.EnteredEventId, detail);
        frame.ReportEvaluationFailure(StatesErrors.QueryEvaluationError, cause, location);
        return EvaluationResult.Failure(StatesErrors.QueryEvaluationError, cause);
    }

    /// <summary>The field path quoted in a cause detail (<c>... specified for the field 'Output/x' ...</c>).</summary>
    private static string? LocationOf(string detail)
    {
        const string Marker = "specified for the field '";
        var start = detail.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        var end = detail.IndexOf('\'', start);
        return end < 0 ? null : detail[start..end];
    }

    /// <summary>
    /// The Step Functions options on the frame's clock and random source (the execution's, or a journaled frame's own),
    /// cached for the last pair seen (a journaled frame's clock keeps its own).
    /// </summary>
    private static JsonataOptions OptionsFor(StateFrame frame)
    {
        var clock = frame.Clock;
        if (clock is JournaledClock journaled)
        {
            // Both are the frame's: made once per frame, its random source (seeded for replay) only when first drawn from.
            return journaled.Options ??= JsonataOptions.StepFunctions with { Clock = clock, RandomFrame = frame };
        }

        var random = frame.Random;
        var cached = s_options;
        if (cached is not null && ReferenceEquals(cached.Clock, clock) && ReferenceEquals(cached.Random, random))
        {
            return cached.Options;
        }

        cached = new Cached(clock, random, JsonataOptions.StepFunctions with { Clock = clock, Random = random });
        s_options = cached;
        return cached.Options;
    }

    private sealed record Cached(TimeProvider Clock, Random Random, JsonataOptions Options);
}
