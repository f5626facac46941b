using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.RedriveExecutionAsync"/>. Restarts unsuccessful executions of Standard workflows that didn't complete successfully in the last 14 days. These include failed, aborted, or timed out executions.</summary>
public sealed record RedriveExecutionRequest
{
    /// <summary>A unique, case-sensitive identifier that you provide to ensure the idempotency of the request. If you don’t specify a client token, the AWS SDK automatically generates a client token and uses it for the request to ensure idempotency. Length 1–64. Pattern &lt;c&gt;[!-~]+&lt;/c&gt;.</summary>
    [JsonPropertyName("clientToken")]
    public string? ClientToken { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the execution to be redriven. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.RedriveExecutionAsync"/>.</summary>
public sealed record RedriveExecutionResponse
{
    /// <summary>The date the execution was last redriven.</summary>
    [JsonPropertyName("redriveDate")]
    public required DateTimeOffset RedriveDate { get; init; }
}
