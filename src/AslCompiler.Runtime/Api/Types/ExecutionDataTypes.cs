using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>An object that describes workflow billing details.</summary>
public sealed record BillingDetails
{
    /// <summary>Billed duration of your workflow, in milliseconds. Range at least 0.</summary>
    [JsonPropertyName("billedDurationInMilliseconds")]
    public long? BilledDurationInMilliseconds { get; init; }

    /// <summary>Billed memory consumption of your workflow, in MB. Range at least 0.</summary>
    [JsonPropertyName("billedMemoryUsedInMB")]
    public long? BilledMemoryUsedInMB { get; init; }
}

/// <summary>Provides details about execution input or output.</summary>
public sealed record CloudWatchEventsExecutionDataDetails
{
    /// <summary>Indicates whether input or output was included in the response. Always true for API calls.</summary>
    [JsonPropertyName("included")]
    public bool? Included { get; init; }
}

/// <summary>Tags are key-value pairs that can be associated with Step Functions state machines and activities. An array of key-value pairs.</summary>
public sealed record Tag
{
    /// <summary>The key of a tag. Length 1–128.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The value of a tag. Length 0–256.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; init; }
}

/// <summary>Describes potential issues found during state machine validation. Rather than raise an exception, validation will return a list of diagnostic elements containing diagnostic information.</summary>
public sealed record ValidateStateMachineDefinitionDiagnostic
{
    /// <summary>Identifying code for the diagnostic.</summary>
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    /// <summary>Message describing the diagnostic condition.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>A value of ERROR means that you cannot create or update a state machine with this definition. WARNING level diagnostics alert you to potential issues, but they will not prevent you from creating or updating your state machine.</summary>
    [JsonPropertyName("severity")]
    public required ValidateStateMachineDefinitionSeverity Severity { get; init; }

    /// <summary>Location of the issue in the state machine, if available. For errors specific to a field, the location could be in the format: /States/&lt;StateName&gt;/ &lt;FieldName&gt;, for example: /States/FailState/ErrorPath.</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }
}
