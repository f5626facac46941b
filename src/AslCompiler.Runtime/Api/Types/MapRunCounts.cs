using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>Contains details about all of the child workflow executions started by a Map Run.</summary>
public sealed record MapRunExecutionCounts
{
    /// <summary>The total number of child workflow executions that were started by a Map Run and were running, but were either stopped by the user or by Step Functions because the Map Run failed. Range at least 0.</summary>
    [JsonPropertyName("aborted")]
    public required long Aborted { get; init; }

    /// <summary>The total number of child workflow executions that were started by a Map Run, but have failed. Range at least 0.</summary>
    [JsonPropertyName("failed")]
    public required long Failed { get; init; }

    /// <summary>The total number of child workflow executions that were started by a Map Run, but haven't started executing yet. Range at least 0.</summary>
    [JsonPropertyName("pending")]
    public required long Pending { get; init; }

    /// <summary>Returns the count of child workflow executions whose results were written by ResultWriter. For more information, see ResultWriter in the AWS Step Functions Developer Guide. Range at least 0.</summary>
    [JsonPropertyName("resultsWritten")]
    public required long ResultsWritten { get; init; }

    /// <summary>The total number of child workflow executions that were started by a Map Run and are currently in-progress. Range at least 0.</summary>
    [JsonPropertyName("running")]
    public required long Running { get; init; }

    /// <summary>The total number of child workflow executions that were started by a Map Run and have completed successfully. Range at least 0.</summary>
    [JsonPropertyName("succeeded")]
    public required long Succeeded { get; init; }

    /// <summary>The total number of child workflow executions that were started by a Map Run and have timed out. Range at least 0.</summary>
    [JsonPropertyName("timedOut")]
    public required long TimedOut { get; init; }

    /// <summary>The total number of child workflow executions that were started by a Map Run. Range at least 0.</summary>
    [JsonPropertyName("total")]
    public required long Total { get; init; }

    /// <summary>The number of FAILED, ABORTED, or TIMED_OUT child workflow executions that cannot be redriven because their execution status is terminal. For example, child workflows with an execution status of FAILED, ABORTED, or TIMED_OUT and a redriveStatus of NOT_REDRIVABLE.</summary>
    [JsonPropertyName("failuresNotRedrivable")]
    public long? FailuresNotRedrivable { get; init; }

    /// <summary>The number of unsuccessful child workflow executions currently waiting to be redriven. The status of these child workflow executions could be FAILED, ABORTED, or TIMED_OUT in the original execution attempt or a previous redrive attempt.</summary>
    [JsonPropertyName("pendingRedrive")]
    public long? PendingRedrive { get; init; }
}

/// <summary>Contains details about items that were processed in all of the child workflow executions that were started by a Map Run.</summary>
public sealed record MapRunItemCounts
{
    /// <summary>The total number of items processed in child workflow executions that were either stopped by the user or by Step Functions, because the Map Run failed. Range at least 0.</summary>
    [JsonPropertyName("aborted")]
    public required long Aborted { get; init; }

    /// <summary>The total number of items processed in child workflow executions that have failed. Range at least 0.</summary>
    [JsonPropertyName("failed")]
    public required long Failed { get; init; }

    /// <summary>The total number of items to process in child workflow executions that haven't started running yet. Range at least 0.</summary>
    [JsonPropertyName("pending")]
    public required long Pending { get; init; }

    /// <summary>Returns the count of items whose results were written by ResultWriter. For more information, see ResultWriter in the AWS Step Functions Developer Guide. Range at least 0.</summary>
    [JsonPropertyName("resultsWritten")]
    public required long ResultsWritten { get; init; }

    /// <summary>The total number of items being processed in child workflow executions that are currently in- progress. Range at least 0.</summary>
    [JsonPropertyName("running")]
    public required long Running { get; init; }

    /// <summary>The total number of items processed in child workflow executions that have completed successfully. Range at least 0.</summary>
    [JsonPropertyName("succeeded")]
    public required long Succeeded { get; init; }

    /// <summary>The total number of items processed in child workflow executions that have timed out. Range at least 0.</summary>
    [JsonPropertyName("timedOut")]
    public required long TimedOut { get; init; }

    /// <summary>The total number of items processed in all the child workflow executions started by a Map Run. Range at least 0.</summary>
    [JsonPropertyName("total")]
    public required long Total { get; init; }

    /// <summary>The number of FAILED, ABORTED, or TIMED_OUT items in child workflow executions that cannot be redriven because the execution status of those child workflows is terminal. For example, child workflows with an execution status of FAILED, ABORTED, or TIMED_OUT and a redriveStatus of NOT_REDRIVABLE.</summary>
    [JsonPropertyName("failuresNotRedrivable")]
    public long? FailuresNotRedrivable { get; init; }

    /// <summary>The number of unsuccessful items in child workflow executions currently waiting to be redriven.</summary>
    [JsonPropertyName("pendingRedrive")]
    public long? PendingRedrive { get; init; }
}
