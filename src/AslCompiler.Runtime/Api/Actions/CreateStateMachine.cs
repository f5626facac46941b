using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.CreateStateMachineAsync"/>. Creates a state machine. A state machine consists of a collection of states that can do work (Task states), determine to which states to transition next (Choice states), stop an execution with an error (Fail states), and so on.</summary>
public sealed record CreateStateMachineRequest
{
    /// <summary>The Amazon States Language definition of the state machine. See Amazon States Language. Length 1–1048576.</summary>
    [JsonPropertyName("definition")]
    public required string Definition { get; init; }

    /// <summary>Settings to configure server-side encryption.</summary>
    [JsonPropertyName("encryptionConfiguration")]
    public EncryptionConfiguration? EncryptionConfiguration { get; init; }

    /// <summary>Defines what execution history events are logged and where they are logged. By default, the level is set to OFF. For more information see Log Levels in the AWS Step Functions User Guide.</summary>
    [JsonPropertyName("loggingConfiguration")]
    public LoggingConfiguration? LoggingConfiguration { get; init; }

    /// <summary>The name of the state machine. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Set to true to publish the first version of the state machine during creation. The default is false.</summary>
    [JsonPropertyName("publish")]
    public bool? Publish { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the IAM role to use for this state machine. Length 1–256.</summary>
    [JsonPropertyName("roleArn")]
    public required string RoleArn { get; init; }

    /// <summary>Tags to be added when creating a state machine. An array of key-value pairs. For more information, see Using Cost Allocation Tags in the AWS Billing and Cost Management User Guide, and Controlling Access Using IAM Tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<Tag>? Tags { get; init; }

    /// <summary>Selects whether AWS X-Ray tracing is enabled.</summary>
    [JsonPropertyName("tracingConfiguration")]
    public TracingConfiguration? TracingConfiguration { get; init; }

    /// <summary>Determines whether a Standard or Express state machine is created. The default is STANDARD. You cannot update the type of a state machine once it has been created.</summary>
    [JsonPropertyName("type")]
    public StateMachineType? Type { get; init; }

    /// <summary>Sets description about the state machine version. You can only set the description if the publish parameter is set to true. Otherwise, if you set versionDescription, but publish to false, this API action throws ValidationException. Length at most 256.</summary>
    [JsonPropertyName("versionDescription")]
    public string? VersionDescription { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.CreateStateMachineAsync"/>.</summary>
public sealed record CreateStateMachineResponse
{
    /// <summary>The date the state machine is created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the created state machine. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the created state machine version. If you do not set the publish parameter to true, this field returns null value. Length 1–256.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public string? StateMachineVersionArn { get; init; }
}
