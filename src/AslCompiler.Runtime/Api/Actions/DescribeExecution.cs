using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DescribeExecutionAsync"/>. Provides information about a state machine execution, such as the state machine associated with the execution, the execution input and output, and relevant execution metadata.</summary>
public sealed record DescribeExecutionRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the execution to describe. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>If your state machine definition is encrypted with a AWS KMS key, callers must have kms:Decrypt permission to decrypt the definition. Alternatively, you can call DescribeStateMachine API with includedData = METADATA_ONLY to get a successful response without the encrypted definition.</summary>
    [JsonPropertyName("includedData")]
    public IncludedData? IncludedData { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DescribeExecutionAsync"/>.</summary>
public sealed record DescribeExecutionResponse
{
    /// <summary>The cause string if the state machine execution failed. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error string if the state machine execution failed. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the execution. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>The string that contains the JSON input data of the execution. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Provides details about execution input or output.</summary>
    [JsonPropertyName("inputDetails")]
    public CloudWatchEventsExecutionDataDetails? InputDetails { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies a Map Run, which dispatched this execution. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public string? MapRunArn { get; init; }

    /// <summary>The name of the execution. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The JSON output data of the execution. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. This field is set only if the execution succeeds. If the execution fails, this field is null. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Provides details about execution input or output.</summary>
    [JsonPropertyName("outputDetails")]
    public CloudWatchEventsExecutionDataDetails? OutputDetails { get; init; }

    /// <summary>The number of times you've redriven an execution. If you have not yet redriven an execution, the redriveCount is 0. This count is only updated if you successfully redrive an execution.</summary>
    [JsonPropertyName("redriveCount")]
    public int? RedriveCount { get; init; }

    /// <summary>The date the execution was last redriven. If you have not yet redriven an execution, the redriveDate is null. The redriveDate is unavailable if you redrive a Map Run that starts child workflow executions of type EXPRESS.</summary>
    [JsonPropertyName("redriveDate")]
    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>Indicates whether or not an execution can be redriven at a given point in time.</summary>
    [JsonPropertyName("redriveStatus")]
    public ExecutionRedriveStatus? RedriveStatus { get; init; }

    /// <summary>When redriveStatus is NOT_REDRIVABLE, redriveStatusReason specifies the reason why an execution cannot be redriven. Length at most 262144.</summary>
    [JsonPropertyName("redriveStatusReason")]
    public string? RedriveStatusReason { get; init; }

    /// <summary>The date the execution is started.</summary>
    [JsonPropertyName("startDate")]
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine alias associated with the execution. The alias ARN is a combination of state machine ARN and the alias name separated by a colon (:). Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public string? StateMachineAliasArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the executed stated machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine version associated with the execution. The version ARN is a combination of state machine ARN and the version number separated by a colon (:). For example, stateMachineARN:1. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public string? StateMachineVersionArn { get; init; }

    /// <summary>The current status of the execution.</summary>
    [JsonPropertyName("status")]
    public required ExecutionStatus Status { get; init; }

    /// <summary>If the execution ended, the date the execution stopped.</summary>
    [JsonPropertyName("stopDate")]
    public DateTimeOffset? StopDate { get; init; }

    /// <summary>The AWS X-Ray trace header that was passed to the execution. For X-Ray traces, all AWS services use the X-Amzn-Trace-Id header from the HTTP request. Using the header is the preferred mechanism to identify a trace. Length 0–256. Pattern &lt;c&gt;\p{ASCII}*&lt;/c&gt;.</summary>
    [JsonPropertyName("traceHeader")]
    public string? TraceHeader { get; init; }
}
