using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.UpdateStateMachineAsync"/>. Updates an existing state machine by modifying its definition, roleArn, loggingConfiguration, or EncryptionConfiguration. Running executions will continue to use the previous definition and roleArn.</summary>
public sealed record UpdateStateMachineRequest
{
    /// <summary>The Amazon States Language definition of the state machine. See Amazon States Language. Length 1–1048576.</summary>
    [JsonPropertyName("definition")]
    public string? Definition { get; init; }

    /// <summary>Settings to configure server-side encryption.</summary>
    [JsonPropertyName("encryptionConfiguration")]
    public EncryptionConfiguration? EncryptionConfiguration { get; init; }

    /// <summary>Use the LoggingConfiguration data type to set CloudWatch Logs options.</summary>
    [JsonPropertyName("loggingConfiguration")]
    public LoggingConfiguration? LoggingConfiguration { get; init; }

    /// <summary>Specifies whether the state machine version is published. The default is false. To publish a version after updating the state machine, set publish to true.</summary>
    [JsonPropertyName("publish")]
    public bool? Publish { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the IAM role of the state machine. Length 1–256.</summary>
    [JsonPropertyName("roleArn")]
    public string? RoleArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>Selects whether AWS X-Ray tracing is enabled.</summary>
    [JsonPropertyName("tracingConfiguration")]
    public TracingConfiguration? TracingConfiguration { get; init; }

    /// <summary>An optional description of the state machine version to publish. You can only specify the versionDescription parameter if you've set publish to true. Length at most 256.</summary>
    [JsonPropertyName("versionDescription")]
    public string? VersionDescription { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.UpdateStateMachineAsync"/>.</summary>
public sealed record UpdateStateMachineResponse
{
    /// <summary>The revision identifier for the updated state machine.</summary>
    [JsonPropertyName("revisionId")]
    public string? RevisionId { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the published state machine version. If the publish parameter isn't set to true, this field returns null. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public string? StateMachineVersionArn { get; init; }

    /// <summary>The date and time the state machine was updated.</summary>
    [JsonPropertyName("updateDate")]
    public required DateTimeOffset UpdateDate { get; init; }
}
