using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.ListMapRunsAsync"/>. Lists all Map Runs that were started by a given state machine execution. Use this API action to obtain Map Run ARNs, and then call DescribeMapRun to obtain more information, if needed.</summary>
public sealed record ListMapRunsRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the execution for which the Map Runs must be listed. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>The maximum number of results that are returned per call. You can use nextToken to obtain further pages of results. The default is 100 and the maximum allowed page size is 1000. A value of 0 uses the default. This is only an upper limit. Range 0–1000.</summary>
    [JsonPropertyName("maxResults")]
    public int? MaxResults { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–1024.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.ListMapRunsAsync"/>.</summary>
public sealed record ListMapRunsResponse
{
    /// <summary>An array that lists information related to a Map Run, such as the Amazon Resource Name (ARN) of the Map Run and the ARN of the state machine that started the Map Run.</summary>
    [JsonPropertyName("mapRuns")]
    public required IReadOnlyList<MapRunListItem> MapRuns { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–1024.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}
