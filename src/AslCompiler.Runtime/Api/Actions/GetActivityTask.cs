using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.GetActivityTaskAsync"/>. Used by workers to retrieve a task (with the specified activity ARN) which has been scheduled for execution by a running state machine.</summary>
public sealed record GetActivityTaskRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the activity to retrieve tasks from (assigned when you create the task using CreateActivity.). Length 1–256.</summary>
    [JsonPropertyName("activityArn")]
    public required string ActivityArn { get; init; }

    /// <summary>You can provide an arbitrary name in order to identify the worker that the task is assigned to. This name is used when it is logged in the execution history. Length 1–80.</summary>
    [JsonPropertyName("workerName")]
    public string? WorkerName { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.GetActivityTaskAsync"/>.</summary>
public sealed record GetActivityTaskResponse
{
    /// <summary>The string that contains the JSON input data for the task. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>A token that identifies the scheduled task. This token must be copied and included in subsequent calls to SendTaskHeartbeat, SendTaskSuccess or SendTaskFailure in order to report the progress or completion of the task. Length 1–2048.</summary>
    [JsonPropertyName("taskToken")]
    public string? TaskToken { get; init; }
}
