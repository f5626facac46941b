using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.StartExecutionAsync"/>. Starts a state machine execution. A qualified state machine ARN can either refer to a Distributed Map state defined within a state machine, a version ARN, or an alias ARN. The following are some examples of qualified and unqualified state machine ARNs:.</summary>
public sealed record StartExecutionRequest
{
    /// <summary>The string that contains the JSON input data for the execution, for example: "{\"first_name\" : \"Alejandro\"}" If you don't include any JSON input data, you still must include the two braces, for example: "{}" Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Optional name of the execution. This name must be unique for your AWS account, Region, and state machine for 90 days. For more information, see Limits Related to State Machine Executions in the AWS Step Functions Developer Guide. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine to execute. The stateMachineArn parameter accepts one of the following inputs:. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>Passes the AWS X-Ray trace header. The trace header can also be passed in the request payload. For X-Ray traces, all AWS services use the X-Amzn-Trace-Id header from the HTTP request. Using the header is the preferred mechanism to identify a trace. Length 0–256. Pattern &lt;c&gt;\p{ASCII}*&lt;/c&gt;.</summary>
    [JsonPropertyName("traceHeader")]
    public string? TraceHeader { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.StartExecutionAsync"/>.</summary>
public sealed record StartExecutionResponse
{
    /// <summary>The Amazon Resource Name (ARN) that identifies the execution. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>The date the execution is started.</summary>
    [JsonPropertyName("startDate")]
    public required DateTimeOffset StartDate { get; init; }
}
