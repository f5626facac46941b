using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>Contains details about an activity that failed during an execution.</summary>
public sealed record ActivityFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about an activity scheduled during an execution.</summary>
public sealed record ActivityScheduledEventDetails
{
    /// <summary>The Amazon Resource Name (ARN) of the scheduled activity. Length 1–256.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The maximum allowed duration between two heartbeats for the activity task.</summary>
    [JsonPropertyName("heartbeatInSeconds")]
    public long? HeartbeatInSeconds { get; init; }

    /// <summary>The JSON data input to the activity task. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Contains details about the input for an execution history event.</summary>
    [JsonPropertyName("inputDetails")]
    public HistoryEventExecutionDataDetails? InputDetails { get; init; }

    /// <summary>The maximum allowed duration of the activity task.</summary>
    [JsonPropertyName("timeoutInSeconds")]
    public long? TimeoutInSeconds { get; init; }
}

/// <summary>Contains details about an activity schedule failure that occurred during an execution.</summary>
public sealed record ActivityScheduleFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about the start of an activity during an execution.</summary>
public sealed record ActivityStartedEventDetails
{
    /// <summary>The name of the worker that the task is assigned to. These names are provided by the workers when calling GetActivityTask. Length at most 256.</summary>
    [JsonPropertyName("workerName")]
    public string? WorkerName { get; init; }
}

/// <summary>Contains details about an activity that successfully terminated during an execution.</summary>
public sealed record ActivitySucceededEventDetails
{
    /// <summary>The JSON data output by the activity task. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Contains details about the output of an execution history event.</summary>
    [JsonPropertyName("outputDetails")]
    public HistoryEventExecutionDataDetails? OutputDetails { get; init; }
}

/// <summary>Contains details about an activity timeout that occurred during an execution.</summary>
public sealed record ActivityTimedOutEventDetails
{
    /// <summary>A more detailed explanation of the cause of the timeout. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Provides details about assigned variables in an execution history event.</summary>
public sealed record AssignedVariablesDetails
{
    /// <summary>Indicates whether assigned variables were truncated in the response. Always false for API calls. In CloudWatch logs, the value will be true if the data is truncated due to size limits.</summary>
    [JsonPropertyName("truncated")]
    public bool? Truncated { get; init; }
}

/// <summary>Contains details about an evaluation failure that occurred while processing a state, for example, when a JSONata expression throws an error.</summary>
public sealed record EvaluationFailedEventDetails
{
    /// <summary>The name of the state in which the evaluation error occurred. Length 1–80.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The location of the field in the state in which the evaluation error occurred. Length 0–256.</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }
}

/// <summary>Contains details about an abort of an execution.</summary>
public sealed record ExecutionAbortedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about an execution failure event.</summary>
public sealed record ExecutionFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a redriven execution.</summary>
public sealed record ExecutionRedrivenEventDetails
{
    /// <summary>The number of times you've redriven an execution. If you have not yet redriven an execution, the redriveCount is 0. This count is not updated for redrives that failed to start or are pending to be redriven.</summary>
    [JsonPropertyName("redriveCount")]
    public int? RedriveCount { get; init; }
}

/// <summary>Contains details about the start of the execution.</summary>
public sealed record ExecutionStartedEventDetails
{
    /// <summary>The JSON data input to the execution. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Contains details about the input for an execution history event.</summary>
    [JsonPropertyName("inputDetails")]
    public HistoryEventExecutionDataDetails? InputDetails { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the IAM role used for executing AWS Lambda tasks. Length 1–256.</summary>
    [JsonPropertyName("roleArn")]
    public string? RoleArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies a state machine alias used for starting the state machine execution. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public string? StateMachineAliasArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies a state machine version used for starting the state machine execution. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public string? StateMachineVersionArn { get; init; }
}

/// <summary>Contains details about the successful termination of the execution.</summary>
public sealed record ExecutionSucceededEventDetails
{
    /// <summary>The JSON data output by the execution. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Contains details about the output of an execution history event.</summary>
    [JsonPropertyName("outputDetails")]
    public HistoryEventExecutionDataDetails? OutputDetails { get; init; }
}

/// <summary>Contains details about the execution timeout that occurred during the execution.</summary>
public sealed record ExecutionTimedOutEventDetails
{
    /// <summary>A more detailed explanation of the cause of the timeout. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Provides details about input or output in an execution history event.</summary>
public sealed record HistoryEventExecutionDataDetails
{
    /// <summary>Indicates whether input or output was truncated in the response. Always false for API calls. In CloudWatch logs, the value will be true if the data is truncated due to size limits.</summary>
    [JsonPropertyName("truncated")]
    public bool? Truncated { get; init; }
}

/// <summary>Contains details about a Lambda function that failed during an execution.</summary>
public sealed record LambdaFunctionFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a Lambda function scheduled during an execution.</summary>
public sealed record LambdaFunctionScheduledEventDetails
{
    /// <summary>The Amazon Resource Name (ARN) of the scheduled Lambda function. Length 1–256.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The JSON data input to the Lambda function. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Contains details about input for an execution history event.</summary>
    [JsonPropertyName("inputDetails")]
    public HistoryEventExecutionDataDetails? InputDetails { get; init; }

    /// <summary>The credentials that Step Functions uses for the task.</summary>
    [JsonPropertyName("taskCredentials")]
    public TaskCredentials? TaskCredentials { get; init; }

    /// <summary>The maximum allowed duration of the Lambda function.</summary>
    [JsonPropertyName("timeoutInSeconds")]
    public long? TimeoutInSeconds { get; init; }
}

/// <summary>Contains details about a failed Lambda function schedule event that occurred during an execution.</summary>
public sealed record LambdaFunctionScheduleFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a lambda function that failed to start during an execution.</summary>
public sealed record LambdaFunctionStartFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a Lambda function that successfully terminated during an execution.</summary>
public sealed record LambdaFunctionSucceededEventDetails
{
    /// <summary>The JSON data output by the Lambda function. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Contains details about the output of an execution history event.</summary>
    [JsonPropertyName("outputDetails")]
    public HistoryEventExecutionDataDetails? OutputDetails { get; init; }
}

/// <summary>Contains details about a Lambda function timeout that occurred during an execution.</summary>
public sealed record LambdaFunctionTimedOutEventDetails
{
    /// <summary>A more detailed explanation of the cause of the timeout. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about an iteration of a Map state.</summary>
public sealed record MapIterationEventDetails
{
    /// <summary>The index of the array belonging to the Map state iteration. Range at least 0.</summary>
    [JsonPropertyName("index")]
    public int? Index { get; init; }

    /// <summary>The name of the iteration’s parent Map state. Length 1–80.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary>Contains details about a Map Run failure event that occurred during a state machine execution.</summary>
public sealed record MapRunFailedEventDetails
{
    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the Map Run failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a Map Run that was redriven.</summary>
public sealed record MapRunRedrivenEventDetails
{
    /// <summary>The Amazon Resource Name (ARN) of a Map Run that was redriven. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public string? MapRunArn { get; init; }

    /// <summary>The number of times the Map Run has been redriven at this point in the execution's history including this event. The redrive count for a redriven Map Run is always greater than 0.</summary>
    [JsonPropertyName("redriveCount")]
    public int? RedriveCount { get; init; }
}

/// <summary>Contains details about a Map Run that was started during a state machine execution.</summary>
public sealed record MapRunStartedEventDetails
{
    /// <summary>The Amazon Resource Name (ARN) of a Map Run that was started. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public string? MapRunArn { get; init; }
}

/// <summary>Details about a Map state that was started.</summary>
public sealed record MapStateStartedEventDetails
{
    /// <summary>The size of the array for Map state iterations. Range at least 0.</summary>
    [JsonPropertyName("length")]
    public int? Length { get; init; }
}

/// <summary>Contains details about a state entered during an execution.</summary>
public sealed record StateEnteredEventDetails
{
    /// <summary>The name of the state. Length 1–80.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The string that contains the JSON input data for the state. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Contains details about the input for an execution history event.</summary>
    [JsonPropertyName("inputDetails")]
    public HistoryEventExecutionDataDetails? InputDetails { get; init; }
}

/// <summary>Contains details about an exit from a state during an execution.</summary>
public sealed record StateExitedEventDetails
{
    /// <summary>The name of the state. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Map of variable name and value as a serialized JSON representation.</summary>
    [JsonPropertyName("assignedVariables")]
    public IReadOnlyDictionary<string, string>? AssignedVariables { get; init; }

    /// <summary>Provides details about input or output in an execution history event.</summary>
    [JsonPropertyName("assignedVariablesDetails")]
    public AssignedVariablesDetails? AssignedVariablesDetails { get; init; }

    /// <summary>The JSON output data of the state. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Contains details about the output of an execution history event.</summary>
    [JsonPropertyName("outputDetails")]
    public HistoryEventExecutionDataDetails? OutputDetails { get; init; }
}

/// <summary>Contains details about the credentials that Step Functions uses for a task.</summary>
public sealed record TaskCredentials
{
    /// <summary>The ARN of an IAM role that Step Functions assumes for the task. The role can allow cross- account access to resources. Length 1–2000.</summary>
    [JsonPropertyName("roleArn")]
    public string? RoleArn { get; init; }
}

/// <summary>Contains details about a task failure event.</summary>
public sealed record TaskFailedEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a task scheduled during an execution.</summary>
public sealed record TaskScheduledEventDetails
{
    /// <summary>The JSON data passed to the resource referenced in a task state. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length 0–262144.</summary>
    [JsonPropertyName("parameters")]
    public required string Parameters { get; init; }

    /// <summary>The region of the scheduled task. Length 1–80.</summary>
    [JsonPropertyName("region")]
    public required string Region { get; init; }

    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>The maximum allowed duration between two heartbeats for the task.</summary>
    [JsonPropertyName("heartbeatInSeconds")]
    public long? HeartbeatInSeconds { get; init; }

    /// <summary>The credentials that Step Functions uses for the task.</summary>
    [JsonPropertyName("taskCredentials")]
    public TaskCredentials? TaskCredentials { get; init; }

    /// <summary>The maximum allowed duration of the task.</summary>
    [JsonPropertyName("timeoutInSeconds")]
    public long? TimeoutInSeconds { get; init; }
}

/// <summary>Contains details about the start of a task during an execution.</summary>
public sealed record TaskStartedEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }
}

/// <summary>Contains details about a task that failed to start during an execution.</summary>
public sealed record TaskStartFailedEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a task that failed to submit during an execution.</summary>
public sealed record TaskSubmitFailedEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Contains details about a task submitted to a resource .</summary>
public sealed record TaskSubmittedEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>The response from a resource when a task has started. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Contains details about the output of an execution history event.</summary>
    [JsonPropertyName("outputDetails")]
    public HistoryEventExecutionDataDetails? OutputDetails { get; init; }
}

/// <summary>Contains details about the successful completion of a task state.</summary>
public sealed record TaskSucceededEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>The full JSON response from a resource when a task has succeeded. This response becomes the output of the related task. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>Contains details about the output of an execution history event.</summary>
    [JsonPropertyName("outputDetails")]
    public HistoryEventExecutionDataDetails? OutputDetails { get; init; }
}

/// <summary>Contains details about a resource timeout that occurred during an execution.</summary>
public sealed record TaskTimedOutEventDetails
{
    /// <summary>The action of the resource called by a task state. Length 1–80.</summary>
    [JsonPropertyName("resource")]
    public required string Resource { get; init; }

    /// <summary>The service name of the resource in a task state. Length 1–80.</summary>
    [JsonPropertyName("resourceType")]
    public required string ResourceType { get; init; }

    /// <summary>A more detailed explanation of the cause of the failure. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error code of the failure. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
