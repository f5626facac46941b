using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>A <c>Pass</c> state: passes its input (or a fixed <c>Result</c>) to its output.</summary>
public sealed class PassState : State
{
    internal static readonly FieldSet Fields = MakeFields(
        "InputPath", "Parameters", "Result", "ResultPath", "OutputPath", "Output", "Assign", "Next", "End");

    internal PassState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        InputPath = FieldReader.Path(syntax, "InputPath");
        Parameters = FieldReader.Raw(syntax, "Parameters");
        Result = FieldReader.Raw(syntax, "Result");
        ResultPath = FieldReader.Path(syntax, "ResultPath");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Pass;

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>Parameters</c> payload template (JSONPath).</summary>
    public JsonSyntaxNode? Parameters { get; }

    /// <summary><c>Result</c>: the fixed output, verbatim.</summary>
    public JsonSyntaxNode? Result { get; }

    /// <summary><c>ResultPath</c> (JSONPath); JSON null discards the result.</summary>
    public NullablePath? ResultPath { get; }

    /// <summary><c>OutputPath</c> (JSONPath); JSON null gives <c>{}</c>.</summary>
    public NullablePath? OutputPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>: workflow variables to set.</summary>
    public JsonSyntaxNode? Assign { get; }
}

/// <summary>A <c>Succeed</c> state: ends its graph successfully.</summary>
public sealed class SucceedState : State
{
    internal static readonly FieldSet Fields = MakeFields("InputPath", "OutputPath", "Output");

    internal SucceedState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        InputPath = FieldReader.Path(syntax, "InputPath");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Succeed;

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>OutputPath</c> (JSONPath).</summary>
    public NullablePath? OutputPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }
}

/// <summary>A <c>Fail</c> state: ends the execution with an error and a cause.</summary>
public sealed class FailState : State
{
    internal static readonly FieldSet Fields = MakeFields("Error", "ErrorPath", "Cause", "CausePath");

    internal FailState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        Error = FieldReader.LiteralOrExpression(syntax, "Error");
        ErrorPath = FieldReader.String(syntax, "ErrorPath");
        Cause = FieldReader.LiteralOrExpression(syntax, "Cause");
        CausePath = FieldReader.String(syntax, "CausePath");
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Fail;

    /// <summary><c>Error</c>: a literal error name, or a JSONata expression.</summary>
    public LiteralOrExpression? Error { get; }

    /// <summary><c>ErrorPath</c> (JSONPath): a reference path or intrinsic function giving the error name.</summary>
    public string? ErrorPath { get; }

    /// <summary><c>Cause</c>: a literal cause, or a JSONata expression.</summary>
    public LiteralOrExpression? Cause { get; }

    /// <summary><c>CausePath</c> (JSONPath): a reference path or intrinsic function giving the cause.</summary>
    public string? CausePath { get; }
}

/// <summary>A <c>Wait</c> state: pauses for <c>Seconds</c> or until <c>Timestamp</c> (or their Path forms).</summary>
public sealed class WaitState : State
{
    internal static readonly FieldSet Fields = MakeFields(
        "InputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "OutputPath", "Output", "Assign", "Next", "End");

    internal WaitState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        InputPath = FieldReader.Path(syntax, "InputPath");
        Seconds = FieldReader.LiteralOrExpression(syntax, "Seconds");
        SecondsPath = FieldReader.String(syntax, "SecondsPath");
        Timestamp = FieldReader.LiteralOrExpression(syntax, "Timestamp");
        TimestampPath = FieldReader.String(syntax, "TimestampPath");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Wait;

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>Seconds</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? Seconds { get; }

    /// <summary><c>SecondsPath</c> (JSONPath).</summary>
    public string? SecondsPath { get; }

    /// <summary><c>Timestamp</c>: a literal RFC 3339 timestamp string, or a JSONata expression.</summary>
    public LiteralOrExpression? Timestamp { get; }

    /// <summary><c>TimestampPath</c> (JSONPath).</summary>
    public string? TimestampPath { get; }

    /// <summary><c>OutputPath</c> (JSONPath).</summary>
    public NullablePath? OutputPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>.</summary>
    public JsonSyntaxNode? Assign { get; }
}

/// <summary>A <c>Task</c> state: calls the <c>Resource</c>.</summary>
public sealed class TaskState : State
{
    internal static readonly FieldSet Fields = MakeFields(
        "Resource",
        "Credentials",
        "TimeoutSeconds",
        "TimeoutSecondsPath",
        "HeartbeatSeconds",
        "HeartbeatSecondsPath",
        "InputPath",
        "Parameters",
        "Arguments",
        "ResultSelector",
        "ResultPath",
        "OutputPath",
        "Output",
        "Assign",
        "Retry",
        "Catch",
        "Next",
        "End");

    internal TaskState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        Resource = FieldReader.String(syntax, "Resource");
        Credentials = FieldReader.Raw(syntax, "Credentials");
        TimeoutSeconds = FieldReader.LiteralOrExpression(syntax, "TimeoutSeconds");
        TimeoutSecondsPath = FieldReader.String(syntax, "TimeoutSecondsPath");
        HeartbeatSeconds = FieldReader.LiteralOrExpression(syntax, "HeartbeatSeconds");
        HeartbeatSecondsPath = FieldReader.String(syntax, "HeartbeatSecondsPath");
        InputPath = FieldReader.Path(syntax, "InputPath");
        Parameters = FieldReader.Raw(syntax, "Parameters");
        Arguments = FieldReader.Raw(syntax, "Arguments");
        ResultSelector = FieldReader.Raw(syntax, "ResultSelector");
        ResultPath = FieldReader.Path(syntax, "ResultPath");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
        var children = new List<AslNode>();
        (Retry, Catch) = ReadErrorHandling(syntax, children);
        SetChildren(children);
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Task;

    /// <summary><c>Resource</c>: the ARN of the work to do.</summary>
    public string? Resource { get; }

    /// <summary><c>Credentials</c>: the role to assume (an object, e.g. <c>{"RoleArn": ...}</c>), verbatim.</summary>
    public JsonSyntaxNode? Credentials { get; }

    /// <summary><c>TimeoutSeconds</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? TimeoutSeconds { get; }

    /// <summary><c>TimeoutSecondsPath</c> (JSONPath).</summary>
    public string? TimeoutSecondsPath { get; }

    /// <summary><c>HeartbeatSeconds</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? HeartbeatSeconds { get; }

    /// <summary><c>HeartbeatSecondsPath</c> (JSONPath).</summary>
    public string? HeartbeatSecondsPath { get; }

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>Parameters</c> payload template (JSONPath).</summary>
    public JsonSyntaxNode? Parameters { get; }

    /// <summary><c>Arguments</c> (JSONata).</summary>
    public JsonSyntaxNode? Arguments { get; }

    /// <summary><c>ResultSelector</c> payload template (JSONPath).</summary>
    public JsonSyntaxNode? ResultSelector { get; }

    /// <summary><c>ResultPath</c> (JSONPath).</summary>
    public NullablePath? ResultPath { get; }

    /// <summary><c>OutputPath</c> (JSONPath).</summary>
    public NullablePath? OutputPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>.</summary>
    public JsonSyntaxNode? Assign { get; }

    /// <summary><c>Retry</c>: the retriers (object elements only), or <see langword="null"/> when the field is absent or not an array.</summary>
    public IReadOnlyList<Retrier>? Retry { get; }

    /// <summary><c>Catch</c>: the catchers (object elements only), or <see langword="null"/> when the field is absent or not an array.</summary>
    public IReadOnlyList<Catcher>? Catch { get; }
}
