using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DescribeActivityAsync"/>. Describes an activity. This operation is eventually consistent. The results are best effort and may not reflect very recent updates and changes.</summary>
public sealed record DescribeActivityRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the activity to describe. Length 1–256.</summary>
    [JsonPropertyName("activityArn")]
    public required string ActivityArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DescribeActivityAsync"/>.</summary>
public sealed record DescribeActivityResponse
{
    /// <summary>The Amazon Resource Name (ARN) that identifies the activity. Length 1–256.</summary>
    [JsonPropertyName("activityArn")]
    public required string ActivityArn { get; init; }

    /// <summary>The date the activity is created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>Settings for configured server-side encryption.</summary>
    [JsonPropertyName("encryptionConfiguration")]
    public EncryptionConfiguration? EncryptionConfiguration { get; init; }

    /// <summary>The name of the activity. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }
}
