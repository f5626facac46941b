using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DescribeStateMachineAliasAsync"/>. Returns details about a state machine alias. Related operations:.</summary>
public sealed record DescribeStateMachineAliasRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the state machine alias. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public required string StateMachineAliasArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DescribeStateMachineAliasAsync"/>.</summary>
public sealed record DescribeStateMachineAliasResponse
{
    /// <summary>The date the state machine alias was created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>A description of the alias. Length at most 256.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The name of the state machine alias. Length 1–80.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The routing configuration of the alias. Items 1–2.</summary>
    [JsonPropertyName("routingConfiguration")]
    public required IReadOnlyList<RoutingConfigurationListItem> RoutingConfiguration { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine alias. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public required string StateMachineAliasArn { get; init; }

    /// <summary>The date the state machine alias was last updated. For a newly created state machine, this is the same as the creation date.</summary>
    [JsonPropertyName("updateDate")]
    public DateTimeOffset? UpdateDate { get; init; }
}
