using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// A mock for TestState: the state's resource is not called and <see cref="Result"/> (or
/// <see cref="ErrorOutput"/>) stands in for its answer. Added by AWS after the 2025-10 reference.
/// </summary>
public sealed record MockInput
{
    /// <summary>The JSON text the resource would have returned.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; init; }

    /// <summary>The error the resource would have raised.</summary>
    [JsonPropertyName("errorOutput")]
    public MockErrorOutput? ErrorOutput { get; init; }

    /// <summary>How strictly <see cref="Result"/> is checked against the service's API shape; STRICT by default.</summary>
    [JsonPropertyName("fieldValidationMode")]
    public MockResponseValidationMode? FieldValidationMode { get; init; }
}

/// <summary>A mocked error: its name and cause.</summary>
public sealed record MockErrorOutput
{
    /// <summary>The error name, e.g. <c>States.Timeout</c> or a service exception name.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>A more detailed explanation of the error.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }
}

/// <summary>How a mocked result is checked against the shape of the mocked service's response.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MockResponseValidationMode>))]
public enum MockResponseValidationMode
{
    /// <summary><c>STRICT</c>: every field must be known to the API shape and of the right type.</summary>
    [JsonStringEnumMemberName("STRICT")]
    Strict,

    /// <summary><c>PRESENT</c>: only the fields present are checked.</summary>
    [JsonStringEnumMemberName("PRESENT")]
    Present,

    /// <summary><c>NONE</c>: no check.</summary>
    [JsonStringEnumMemberName("NONE")]
    None,
}

/// <summary>Conditions to test a state under: a retry attempt, Map iteration failures, reader data.</summary>
public sealed record TestStateConfiguration
{
    /// <summary>How many times the state has already been retried.</summary>
    [JsonPropertyName("retrierRetryCount")]
    public int? RetrierRetryCount { get; init; }

    /// <summary>The state (inside a Map or Parallel) the mocked error comes from.</summary>
    [JsonPropertyName("errorCausedByState")]
    public string? ErrorCausedByState { get; init; }

    /// <summary>How many Map iterations have failed.</summary>
    [JsonPropertyName("mapIterationFailureCount")]
    public int? MapIterationFailureCount { get; init; }

    /// <summary>The data an ItemReader would have read (JSON text).</summary>
    [JsonPropertyName("mapItemReaderData")]
    public string? MapItemReaderData { get; init; }
}
