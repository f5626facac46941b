using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.PublishStateMachineVersionAsync"/>. Creates a version from the current revision of a state machine. Use versions to create immutable snapshots of your state machine. You can start executions from versions either directly or with an alias. To create an alias, use CreateStateMachineAlias.</summary>
public sealed record PublishStateMachineVersionRequest
{
    /// <summary>An optional description of the state machine version. Length at most 256.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Only publish the state machine version if the current state machine's revision ID matches the specified ID. Use this option to avoid publishing a version if the state machine changed since you last updated it.</summary>
    [JsonPropertyName("revisionId")]
    public string? RevisionId { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.PublishStateMachineVersionAsync"/>.</summary>
public sealed record PublishStateMachineVersionResponse
{
    /// <summary>The date the version was created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) (ARN) that identifies the state machine version. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public required string StateMachineVersionArn { get; init; }
}
