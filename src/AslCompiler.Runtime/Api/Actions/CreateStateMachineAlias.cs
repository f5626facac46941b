using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.CreateStateMachineAliasAsync"/>. Creates an alias for a state machine that points to one or two versions of the same state machine. You can set your application to call StartExecution with an alias and update the version the alias uses without changing the client's code.</summary>
public sealed record CreateStateMachineAliasRequest
{
    /// <summary>A description for the state machine alias. Length at most 256.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The name of the state machine alias. To avoid conflict with version ARNs, don't use an integer in the name of the alias. Length 1–80. Pattern &lt;c&gt;^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$&lt;/c&gt;.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The routing configuration of a state machine alias. The routing configuration shifts execution traffic between two state machine versions. routingConfiguration contains an array of RoutingConfig objects that specify up to two state machine versions. Items 1–2.</summary>
    [JsonPropertyName("routingConfiguration")]
    public required IReadOnlyList<RoutingConfigurationListItem> RoutingConfiguration { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.CreateStateMachineAliasAsync"/>.</summary>
public sealed record CreateStateMachineAliasResponse
{
    /// <summary>The date the state machine alias was created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the created state machine alias. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public required string StateMachineAliasArn { get; init; }
}
