using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.UpdateMapRunAsync"/>. Updates an in-progress Map Run's configuration to include changes to the settings that control maximum concurrency and Map Run failure.</summary>
public sealed record UpdateMapRunRequest
{
    /// <summary>The Amazon Resource Name (ARN) of a Map Run. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public required string MapRunArn { get; init; }

    /// <summary>The maximum number of child workflow executions that can be specified to run in parallel for the Map Run at the same time. Range at least 0.</summary>
    [JsonPropertyName("maxConcurrency")]
    public int? MaxConcurrency { get; init; }

    /// <summary>The maximum number of failed items before the Map Run fails. Range at least 0.</summary>
    [JsonPropertyName("toleratedFailureCount")]
    public long? ToleratedFailureCount { get; init; }

    /// <summary>The maximum percentage of failed items before the Map Run fails. Range 0–100.</summary>
    [JsonPropertyName("toleratedFailurePercentage")]
    public float? ToleratedFailurePercentage { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.UpdateMapRunAsync"/>.</summary>
public sealed record UpdateMapRunResponse
{

}
