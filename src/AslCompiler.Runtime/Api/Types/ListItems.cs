using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>Contains details about an activity.</summary>
public sealed record ActivityListItem
{
    /// <summary>The Amazon Resource Name (ARN) that identifies the activity. Length 1–256.</summary>
    [JsonPropertyName("activityArn")]
    public required string ActivityArn { get; init; }

    /// <summary>The date the activity is created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The name of the activity. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }
}

/// <summary>Contains details about an execution.</summary>
public sealed record ExecutionListItem
{
    /// <summary>The Amazon Resource Name (ARN) that identifies the execution. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>The name of the execution. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The date the execution started.</summary>
    [JsonPropertyName("startDate")]
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine that ran the execution. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>The current status of the execution.</summary>
    [JsonPropertyName("status")]
    public required ExecutionStatus Status { get; init; }

    /// <summary>The total number of items processed in a child workflow execution. This field is returned only if mapRunArn was specified in the ListExecutions API action. If stateMachineArn was specified in ListExecutions, the itemCount field isn't returned. Range at least 0.</summary>
    [JsonPropertyName("itemCount")]
    public int? ItemCount { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of a Map Run. This field is returned only if mapRunArn was specified in the ListExecutions API action. If stateMachineArn was specified in ListExecutions, the mapRunArn isn't returned. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public string? MapRunArn { get; init; }

    /// <summary>The number of times you've redriven an execution. If you have not yet redriven an execution, the redriveCount is 0. This count is only updated when you successfully redrive an execution.</summary>
    [JsonPropertyName("redriveCount")]
    public int? RedriveCount { get; init; }

    /// <summary>The date the execution was last redriven.</summary>
    [JsonPropertyName("redriveDate")]
    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine alias used to start an execution. If the state machine execution was started with an unqualified ARN or a version ARN, it returns null. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public string? StateMachineAliasArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine version associated with the execution. If the state machine execution was started with an unqualified ARN, it returns null. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public string? StateMachineVersionArn { get; init; }

    /// <summary>If the execution already ended, the date the execution stopped.</summary>
    [JsonPropertyName("stopDate")]
    public DateTimeOffset? StopDate { get; init; }
}

/// <summary>Contains details about a specific Map Run.</summary>
public sealed record MapRunListItem
{
    /// <summary>The executionArn of the execution from which the Map Run was started. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the Map Run. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public required string MapRunArn { get; init; }

    /// <summary>The date on which the Map Run started.</summary>
    [JsonPropertyName("startDate")]
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the executed state machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>The date on which the Map Run stopped.</summary>
    [JsonPropertyName("stopDate")]
    public DateTimeOffset? StopDate { get; init; }
}

/// <summary>Contains details about the routing configuration of a state machine alias. In a routing configuration, you define an array of objects that specify up to two state machine versions. You also specify the percentage of traffic to be routed to each version.</summary>
public sealed record RoutingConfigurationListItem
{
    /// <summary>The Amazon Resource Name (ARN) that identifies one or two state machine versions defined in the routing configuration. If you specify the ARN of a second version, it must belong to the same state machine as the first version. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public required string StateMachineVersionArn { get; init; }

    /// <summary>The percentage of traffic you want to route to a state machine version. The sum of the weights in the routing configuration must be equal to 100. Range 0–100.</summary>
    [JsonPropertyName("weight")]
    public required int Weight { get; init; }
}

/// <summary>Contains details about a specific state machine alias.</summary>
public sealed record StateMachineAliasListItem
{
    /// <summary>The creation date of a state machine alias.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies a state machine alias. The alias ARN is a combination of state machine ARN and the alias name separated by a colon (:). For example, stateMachineARN:PROD. Length 1–2000.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public required string StateMachineAliasArn { get; init; }
}

/// <summary>Contains details about the state machine.</summary>
public sealed record StateMachineListItem
{
    /// <summary>The date the state machine is created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The name of the state machine. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the state machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>STANDARD or EXPRESS.</summary>
    [JsonPropertyName("type")]
    public required StateMachineType Type { get; init; }
}

/// <summary>Contains details about a specific state machine version.</summary>
public sealed record StateMachineVersionListItem
{
    /// <summary>The creation date of a state machine version.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies a state machine version. The version ARN is a combination of state machine ARN and the version number separated by a colon (:). For example, stateMachineARN:1. Length 1–2000.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public required string StateMachineVersionArn { get; init; }
}
