using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.StartSyncExecutionAsync"/>. Starts a Synchronous Express state machine execution. StartSyncExecution is not available for STANDARD workflows.</summary>
public sealed record StartSyncExecutionRequest
{
    /// <summary>If your state machine definition is encrypted with a AWS KMS key, callers must have kms:Decrypt permission to decrypt the definition. Alternatively, you can call the API with includedData = METADATA_ONLY to get a successful response without the encrypted definition.</summary>
    [JsonPropertyName("includedData")]
    public IncludedData? IncludedData { get; init; }

    /// <summary>The string that contains the JSON input data for the execution, for example: "{\"first_name\" : \"Alejandro\"}" If you don't include any JSON input data, you still must include the two braces, for example: "{}" Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>The name of the execution. Length 1–80.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine to execute. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>Passes the AWS X-Ray trace header. The trace header can also be passed in the request payload. For X-Ray traces, all AWS services use the X-Amzn-Trace-Id header from the HTTP request. Using the header is the preferred mechanism to identify a trace. Length 0–256. Pattern &lt;c&gt;\p{ASCII}*&lt;/c&gt;.</summary>
    [JsonPropertyName("traceHeader")]
    public string? TraceHeader { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.StartSyncExecutionAsync"/>.</summary>
public sealed record StartSyncExecutionResponse
{
    /// <summary>An object that describes workflow billing details, including billed duration and memory use.</summary>
    [JsonPropertyName("billingDetails")]
    public BillingDetails? BillingDetails { get; init; }

    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
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

    /// <summary>The name of the execution. Length 1–80.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The JSON output data of the execution. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. This field is set only if the execution succeeds. If the execution fails, this field is null. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Provides details about execution input or output.</summary>
    [JsonPropertyName("outputDetails")]
    public CloudWatchEventsExecutionDataDetails? OutputDetails { get; init; }

    /// <summary>The date the execution is started.</summary>
    [JsonPropertyName("startDate")]
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the state machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public string? StateMachineArn { get; init; }

    /// <summary>The current status of the execution.</summary>
    [JsonPropertyName("status")]
    public required SyncExecutionStatus Status { get; init; }

    /// <summary>If the execution has already ended, the date the execution stopped.</summary>
    [JsonPropertyName("stopDate")]
    public required DateTimeOffset StopDate { get; init; }

    /// <summary>The AWS X-Ray trace header that was passed to the execution. For X-Ray traces, all AWS services use the X-Amzn-Trace-Id header from the HTTP request. Using the header is the preferred mechanism to identify a trace. Length 0–256. Pattern &lt;c&gt;\p{ASCII}*&lt;/c&gt;.</summary>
    [JsonPropertyName("traceHeader")]
    public string? TraceHeader { get; init; }
}
