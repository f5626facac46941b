using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.StopExecutionAsync"/>. Stops an execution. This API action is not supported by EXPRESS state machines. For an execution with encryption enabled, Step Functions will encrypt the error and cause fields using the AWS KMS key for the execution role.</summary>
public sealed record StopExecutionRequest
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the execution to stop. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.StopExecutionAsync"/>.</summary>
public sealed record StopExecutionResponse
{
    /// <summary>The date the execution is stopped.</summary>
    [JsonPropertyName("stopDate")]
    public required DateTimeOffset StopDate { get; init; }
}
