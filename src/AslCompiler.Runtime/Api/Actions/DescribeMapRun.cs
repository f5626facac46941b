using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DescribeMapRunAsync"/>. Provides information about a Map Run's configuration, progress, and results. If you've redriven a Map Run, this API action also returns information about the redrives of that Map Run.</summary>
public sealed record DescribeMapRunRequest
{
    /// <summary>The Amazon Resource Name (ARN) that identifies a Map Run. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public required string MapRunArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DescribeMapRunAsync"/>.</summary>
public sealed record DescribeMapRunResponse
{
    /// <summary>The Amazon Resource Name (ARN) that identifies the execution in which the Map Run was started. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>A JSON object that contains information about the total number of child workflow executions for the Map Run, and the count of child workflow executions for each status, such as failed and succeeded.</summary>
    [JsonPropertyName("executionCounts")]
    public required MapRunExecutionCounts ExecutionCounts { get; init; }

    /// <summary>A JSON object that contains information about the total number of items, and the item count for each processing status, such as pending and failed.</summary>
    [JsonPropertyName("itemCounts")]
    public required MapRunItemCounts ItemCounts { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies a Map Run. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public required string MapRunArn { get; init; }

    /// <summary>The maximum number of child workflow executions configured to run in parallel for the Map Run at the same time. Range at least 0.</summary>
    [JsonPropertyName("maxConcurrency")]
    public required int MaxConcurrency { get; init; }

    /// <summary>The number of times you've redriven a Map Run. If you have not yet redriven a Map Run, the redriveCount is 0. This count is only updated if you successfully redrive a Map Run.</summary>
    [JsonPropertyName("redriveCount")]
    public int? RedriveCount { get; init; }

    /// <summary>The date a Map Run was last redriven. If you have not yet redriven a Map Run, the redriveDate is null.</summary>
    [JsonPropertyName("redriveDate")]
    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>The date when the Map Run was started.</summary>
    [JsonPropertyName("startDate")]
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The current status of the Map Run.</summary>
    [JsonPropertyName("status")]
    public required MapRunStatus Status { get; init; }

    /// <summary>The date when the Map Run was stopped.</summary>
    [JsonPropertyName("stopDate")]
    public DateTimeOffset? StopDate { get; init; }

    /// <summary>The maximum number of failed child workflow executions before the Map Run fails. Range at least 0.</summary>
    [JsonPropertyName("toleratedFailureCount")]
    public required long ToleratedFailureCount { get; init; }

    /// <summary>The maximum percentage of failed child workflow executions before the Map Run fails. Range 0–100.</summary>
    [JsonPropertyName("toleratedFailurePercentage")]
    public required float ToleratedFailurePercentage { get; init; }
}
