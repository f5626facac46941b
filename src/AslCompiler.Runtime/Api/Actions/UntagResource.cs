using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.UntagResourceAsync"/>. Remove a tag from a Step Functions resource.</summary>
public sealed record UntagResourceRequest
{
    /// <summary>The Amazon Resource Name (ARN) for the Step Functions state machine or activity. Length 1–256.</summary>
    [JsonPropertyName("resourceArn")]
    public required string ResourceArn { get; init; }

    /// <summary>The list of tags to remove from the resource. Length 1–128.</summary>
    [JsonPropertyName("tagKeys")]
    public required IReadOnlyList<string> TagKeys { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.UntagResourceAsync"/>.</summary>
public sealed record UntagResourceResponse
{

}
