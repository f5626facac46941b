using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DeleteActivityAsync"/>. Deletes an activity.</summary>
public sealed record DeleteActivityRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the activity to delete. Length 1–256.</summary>
    [JsonPropertyName("activityArn")]
    public required string ActivityArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DeleteActivityAsync"/>.</summary>
public sealed record DeleteActivityResponse
{

}
