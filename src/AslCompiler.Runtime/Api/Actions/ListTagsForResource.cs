using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.ListTagsForResourceAsync"/>. List tags for a given resource. Tags may only contain Unicode letters, digits, white space, or these symbols: _ . : / = + - @.</summary>
public sealed record ListTagsForResourceRequest
{
    /// <summary>The Amazon Resource Name (ARN) for the Step Functions state machine or activity. Length 1–256.</summary>
    [JsonPropertyName("resourceArn")]
    public required string ResourceArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.ListTagsForResourceAsync"/>.</summary>
public sealed record ListTagsForResourceResponse
{
    /// <summary>An array of tags associated with the resource.</summary>
    [JsonPropertyName("tags")]
    public required IReadOnlyList<Tag> Tags { get; init; }
}
