using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>One element of <c>Retry</c>: which errors to retry, and how.</summary>
public sealed class Retrier : AslNode
{
    internal static readonly FieldSet Fields = new(
        "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");

    internal Retrier(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        ErrorEquals = FieldReader.StringArray(syntax, "ErrorEquals");
        IntervalSeconds = FieldReader.Integer(syntax, "IntervalSeconds");
        MaxAttempts = FieldReader.Integer(syntax, "MaxAttempts");
        BackoffRate = FieldReader.Number(syntax, "BackoffRate");
        MaxDelaySeconds = FieldReader.Integer(syntax, "MaxDelaySeconds");
        JitterStrategy = FieldReader.Enum(syntax, "JitterStrategy", AslKeywords.ParseJitterStrategy);
        Comment = FieldReader.String(syntax, "Comment");
    }

    /// <summary><c>ErrorEquals</c>, when it is an array of strings.</summary>
    public IReadOnlyList<string>? ErrorEquals { get; }

    /// <summary><c>IntervalSeconds</c> before the first retry (AWS default 1).</summary>
    public long? IntervalSeconds { get; }

    /// <summary><c>MaxAttempts</c> (AWS default 3).</summary>
    public long? MaxAttempts { get; }

    /// <summary><c>BackoffRate</c> multiplier (AWS default 2.0).</summary>
    public decimal? BackoffRate { get; }

    /// <summary><c>MaxDelaySeconds</c>: the cap on any one interval.</summary>
    public long? MaxDelaySeconds { get; }

    /// <summary><c>JitterStrategy</c>.</summary>
    public JitterStrategy? JitterStrategy { get; }

    /// <summary><c>Comment</c>.</summary>
    public string? Comment { get; }
}

/// <summary>One element of <c>Catch</c>: which errors to catch, and where to go.</summary>
public sealed class Catcher : AslNode
{
    internal static readonly FieldSet Fields = new("ErrorEquals", "ResultPath", "Output", "Assign", "Next", "Comment");

    internal Catcher(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        ErrorEquals = FieldReader.StringArray(syntax, "ErrorEquals");
        ResultPath = FieldReader.Path(syntax, "ResultPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
        Next = FieldReader.String(syntax, "Next");
        Comment = FieldReader.String(syntax, "Comment");
    }

    /// <summary><c>ErrorEquals</c>, when it is an array of strings.</summary>
    public IReadOnlyList<string>? ErrorEquals { get; }

    /// <summary><c>ResultPath</c> (JSONPath): where the error output goes.</summary>
    public NullablePath? ResultPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>.</summary>
    public JsonSyntaxNode? Assign { get; }

    /// <summary><c>Next</c>: the fallback state.</summary>
    public string? Next { get; }

    /// <summary><c>Comment</c>.</summary>
    public string? Comment { get; }
}
