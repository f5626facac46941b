using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.TagResourceAsync"/>. Add a tag to a Step Functions resource. An array of key-value pairs. For more information, see Using Cost Allocation Tags in the AWS Billing and Cost Management User Guide, and Controlling Access Using IAM Tags.</summary>
public sealed record TagResourceRequest
{
    /// <summary>The Amazon Resource Name (ARN) for the Step Functions state machine or activity. Length 1–256.</summary>
    [JsonPropertyName("resourceArn")]
    public required string ResourceArn { get; init; }

    /// <summary>The list of tags to add to a resource. Tags may only contain Unicode letters, digits, white space, or these symbols: _ . : / = + - @.</summary>
    [JsonPropertyName("tags")]
    public required IReadOnlyList<Tag> Tags { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.TagResourceAsync"/>.</summary>
public sealed record TagResourceResponse
{

}
