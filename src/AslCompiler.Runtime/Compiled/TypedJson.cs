using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// Converts typed inputs and outputs of generated <c>RunAsync</c> overloads with System.Text.Json. Pass options whose
/// <c>TypeInfoResolver</c> is a <c>JsonSerializerContext</c> to use source-generated serialization. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TypedJson
{
    /// <summary>The JSON value of <paramref name="value"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="options">Serializer options, or null for the defaults.</param>
    /// <returns>The JSON value.</returns>
    [RequiresUnreferencedCode("Without a JsonSerializerContext in the options, System.Text.Json serializes by reflection.")]
    [RequiresDynamicCode("Without a JsonSerializerContext in the options, System.Text.Json serializes by reflection.")]
    public static JsonValue ToJson<T>(T value, JsonSerializerOptions? options) =>
        JsonValue.Parse(JsonSerializer.SerializeToUtf8Bytes(value, options ?? JsonSerializerOptions.Default));

    /// <summary>The value of <paramref name="json"/> as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="json">The JSON value.</param>
    /// <param name="options">Serializer options, or null for the defaults.</param>
    /// <returns>The value.</returns>
    [RequiresUnreferencedCode("Without a JsonSerializerContext in the options, System.Text.Json deserializes by reflection.")]
    [RequiresDynamicCode("Without a JsonSerializerContext in the options, System.Text.Json deserializes by reflection.")]
    public static T FromJson<T>(JsonValue json, JsonSerializerOptions? options) =>
        JsonSerializer.Deserialize<T>(json.ToUtf8Bytes(), options ?? JsonSerializerOptions.Default)!;
}

/// <summary>Thrown by a generated typed <c>RunAsync</c> when the execution does not succeed.</summary>
public sealed class StateMachineExecutionException : Exception
{
    /// <summary>Creates the exception for a finished execution.</summary>
    /// <param name="result">The execution's result.</param>
    public StateMachineExecutionException(ExecutionResult result)
        : base(MessageOf(result ?? throw new ArgumentNullException(nameof(result)))) => Result = result;

    /// <summary>Creates the exception.</summary>
    public StateMachineExecutionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public StateMachineExecutionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StateMachineExecutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The execution's result (status, error, cause, history), when the exception comes from a run.</summary>
    public ExecutionResult? Result { get; }

    /// <summary>The Step Functions error name (e.g. <c>States.TaskFailed</c>), or null.</summary>
    public string? Error => Result?.Error;

    /// <summary>The error's cause, or null.</summary>
    public string? CauseText => Result?.Cause;

    /// <summary>Throws when <paramref name="result"/> is not <see cref="ExecutionStatus.Succeeded"/>.</summary>
    /// <param name="result">The execution's result.</param>
    public static void ThrowIfNotSucceeded(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status != ExecutionStatus.Succeeded)
        {
            throw new StateMachineExecutionException(result);
        }
    }

    private static string MessageOf(ExecutionResult result) =>
        "The execution " + result.StatusName + (result.Error is null ? "." : ": " + result.Error + (result.Cause is null ? string.Empty : " (" + result.Cause + ")"));
}
