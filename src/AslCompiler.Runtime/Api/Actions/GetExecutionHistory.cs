using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.GetExecutionHistoryAsync"/>. Returns the history of the specified execution as a list of events. By default, the results are returned in ascending order of the timeStamp of the events. Use the reverseOrder parameter to get the latest events first.</summary>
public sealed record GetExecutionHistoryRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the execution. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>You can select whether execution data (input or output of a history event) is returned. The default is true.</summary>
    [JsonPropertyName("includeExecutionData")]
    public bool? IncludeExecutionData { get; init; }

    /// <summary>The maximum number of results that are returned per call. You can use nextToken to obtain further pages of results. The default is 100 and the maximum allowed page size is 1000. A value of 0 uses the default. This is only an upper limit. Range 0–1000.</summary>
    [JsonPropertyName("maxResults")]
    public int? MaxResults { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–1024.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }

    /// <summary>Lists events in descending order of their timeStamp.</summary>
    [JsonPropertyName("reverseOrder")]
    public bool? ReverseOrder { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.GetExecutionHistoryAsync"/>.</summary>
public sealed record GetExecutionHistoryResponse
{
    /// <summary>The list of events that occurred in the execution.</summary>
    [JsonPropertyName("events")]
    public required IReadOnlyList<HistoryEvent> Events { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–1024.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
