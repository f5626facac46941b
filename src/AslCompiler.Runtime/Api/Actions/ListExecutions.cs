using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.ListExecutionsAsync"/>. Lists all executions of a state machine or a Map Run.</summary>
public sealed record ListExecutionsRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the Map Run that started the child workflow executions. If the mapRunArn field is specified, a list of all of the child workflow executions started by a Map Run is returned. For more information, see Examining Map Run in the AWS Step Functions Developer Guide. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public string? MapRunArn { get; init; }

    /// <summary>The maximum number of results that are returned per call. You can use nextToken to obtain further pages of results. The default is 100 and the maximum allowed page size is 1000. A value of 0 uses the default. This is only an upper limit. Range 0–1000.</summary>
    [JsonPropertyName("maxResults")]
    public int? MaxResults { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–3096.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }

    /// <summary>Sets a filter to list executions based on whether or not they have been redriven. For a Distributed Map, redriveFilter sets a filter to list child workflow executions based on whether or not they have been redriven.</summary>
    [JsonPropertyName("redriveFilter")]
    public ExecutionRedriveFilter? RedriveFilter { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine whose executions is listed. You can specify either a mapRunArn or a stateMachineArn, but not both. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public string? StateMachineArn { get; init; }

    /// <summary>If specified, only list the executions whose current execution status matches the given filter. If you provide a PENDING_REDRIVE statusFilter, you must specify mapRunArn. For more information, see Child workflow execution redrive behaviour in the AWS Step Functions Developer Guide.</summary>
    [JsonPropertyName("statusFilter")]
    public ExecutionStatus? StatusFilter { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.ListExecutionsAsync"/>.</summary>
public sealed record ListExecutionsResponse
{
    /// <summary>The list of matching executions.</summary>
    [JsonPropertyName("executions")]
    public required IReadOnlyList<ExecutionListItem> Executions { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–3096.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
