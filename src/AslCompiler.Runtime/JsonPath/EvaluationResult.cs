using System;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>The value an evaluation produced, or the Step Functions error (name and cause) it raised. No exceptions on the hot path.</summary>
public readonly record struct EvaluationResult
{
    private EvaluationResult(JsonValue value, string? error, string? cause)
    {
        Value = value;
        Error = error;
        Cause = cause;
    }

    /// <summary>The value (undefined on failure).</summary>
    public JsonValue Value { get; }

    /// <summary>The error name, e.g. <c>States.Runtime</c>, or null on success.</summary>
    public string? Error { get; }

    /// <summary>The error's cause text, or null on success.</summary>
    public string? Cause { get; }

    /// <summary>Whether the evaluation succeeded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A success.</summary>
    public static EvaluationResult Success(JsonValue value) => new(value, null, null);

    /// <summary>A failure.</summary>
    public static EvaluationResult Failure(string error, string cause)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error, cause ?? string.Empty);
    }

    /// <summary>The AWS-style error object: <c>{"error":"States.xxx","cause":"..."}</c>.</summary>
    public JsonValue ToErrorObject() => JsonValue.CreateObject(
        new("error", Error ?? string.Empty),
        new("cause", Cause ?? string.Empty));

    /// <summary>The JSON text of the value, or of the error object on failure.</summary>
    public override string ToString() => IsSuccess ? Value.ToJsonString() : ToErrorObject().ToJsonString();
}

/// <summary>The error names Step Functions raises while evaluating paths, templates and intrinsic functions.</summary>
public static class StatesErrorNames
{
    /// <summary><c>States.Runtime</c></summary>
    public const string Runtime = "States.Runtime";

    /// <summary><c>States.IntrinsicFailure</c></summary>
    public const string IntrinsicFailure = "States.IntrinsicFailure";

    /// <summary><c>States.ResultPathMatchFailure</c></summary>
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
}
