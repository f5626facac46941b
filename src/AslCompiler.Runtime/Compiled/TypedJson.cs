using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// Converts typed inputs and outputs of generated <c>RunAsync</c> overloads with System.Text.Json: with serializer options
/// (by reflection unless they carry a <c>JsonSerializerContext</c>), or with a <see cref="JsonTypeInfo{T}"/> (a
/// context's metadata; trim and AOT safe). Not meant to be called by hand.
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

    /// <summary>The JSON value of <paramref name="value"/>, written with <paramref name="typeInfo"/>'s metadata (no reflection).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The type's metadata, for example a <c>JsonSerializerContext</c>'s <c>MyJsonContext.Default.Order</c>.</param>
    /// <returns>The JSON value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public static JsonValue ToJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonValue.Parse(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }

    /// <summary>The value of <paramref name="json"/> as a <typeparamref name="T"/>, read with <paramref name="typeInfo"/>'s metadata (no reflection).</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="json">The JSON value.</param>
    /// <param name="typeInfo">The type's metadata, for example a <c>JsonSerializerContext</c>'s <c>MyJsonContext.Default.Receipt</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public static T FromJson<T>(JsonValue json, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.Deserialize(json.ToUtf8Bytes(), typeInfo)!;
    }
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
