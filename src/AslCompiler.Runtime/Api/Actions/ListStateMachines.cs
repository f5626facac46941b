using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.ListStateMachinesAsync"/>. Lists the existing state machines. If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page.</summary>
public sealed record ListStateMachinesRequest
{
    /// <summary>The maximum number of results that are returned per call. You can use nextToken to obtain further pages of results. The default is 100 and the maximum allowed page size is 1000. A value of 0 uses the default. This is only an upper limit. Range 0–1000.</summary>
    [JsonPropertyName("maxResults")]
    public int? MaxResults { get; init; }

    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–1024.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.ListStateMachinesAsync"/>.</summary>
public sealed record ListStateMachinesResponse
{
    /// <summary>If nextToken is returned, there are more results available. The value of nextToken is a unique pagination token for each page. Make the call again using the returned token to retrieve the next page. Keep all other arguments unchanged. Each pagination token expires after 24 hours. Length 1–1024.</summary>
    [JsonPropertyName("nextToken")]
    public string? NextToken { get; init; }

    /// <summary>The state machines of this page, in creation order.</summary>
    [JsonPropertyName("stateMachines")]
    public required IReadOnlyList<StateMachineListItem> StateMachines { get; init; }
}
