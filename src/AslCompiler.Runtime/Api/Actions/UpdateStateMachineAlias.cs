using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.UpdateStateMachineAliasAsync"/>. Updates the configuration of an existing state machine alias by modifying its description or routingConfiguration. You must specify at least one of the description or routingConfiguration parameters to update a state machine alias.</summary>
public sealed record UpdateStateMachineAliasRequest
{
    /// <summary>A description of the state machine alias. Length at most 256.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The routing configuration of the state machine alias. An array of RoutingConfig objects that specifies up to two state machine versions that the alias starts executions for. Items 1–2.</summary>
    [JsonPropertyName("routingConfiguration")]
    public IReadOnlyList<RoutingConfigurationListItem>? RoutingConfiguration { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine alias. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public required string StateMachineAliasArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.UpdateStateMachineAliasAsync"/>.</summary>
public sealed record UpdateStateMachineAliasResponse
{
    /// <summary>The date and time the state machine alias was updated.</summary>
    [JsonPropertyName("updateDate")]
    public required DateTimeOffset UpdateDate { get; init; }
}
