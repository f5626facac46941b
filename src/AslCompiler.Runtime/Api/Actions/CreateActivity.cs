using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.CreateActivityAsync"/>. Creates an activity. An activity is a task that you write in any programming language and host on any machine that has access to AWS Step Functions.</summary>
public sealed record CreateActivityRequest
{
    /// <summary>Settings to configure server-side encryption.</summary>
    [JsonPropertyName("encryptionConfiguration")]
    public EncryptionConfiguration? EncryptionConfiguration { get; init; }

    /// <summary>The name of the activity to create. This name must be unique for your AWS account and region for 90 days. For more information, see Limits Related to State Machine Executions in the AWS Step Functions Developer Guide. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The list of tags to add to a resource. An array of key-value pairs. For more information, see Using Cost Allocation Tags in the AWS Billing and Cost Management User Guide, and Controlling Access Using IAM Tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.CreateActivityAsync"/>.</summary>
public sealed record CreateActivityResponse
{
    /// <summary>The Amazon Resource Name (ARN) that identifies the created activity. Length 1–256.</summary>
    [JsonPropertyName("activityArn")]
    public required string ActivityArn { get; init; }

    /// <summary>The date the activity is created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }
}
