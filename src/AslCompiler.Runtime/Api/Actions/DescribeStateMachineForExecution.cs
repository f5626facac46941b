using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DescribeStateMachineForExecutionAsync"/>. Provides information about a state machine's definition, its execution role ARN, and configuration. If a Map Run dispatched the execution, this action returns the Map Run Amazon Resource Name (ARN) in the response.</summary>
public sealed record DescribeStateMachineForExecutionRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the execution you want state machine information for. Length 1–256.</summary>
    [JsonPropertyName("executionArn")]
    public required string ExecutionArn { get; init; }

    /// <summary>If your state machine definition is encrypted with a AWS KMS key, callers must have kms:Decrypt permission to decrypt the definition. Alternatively, you can call the API with includedData = METADATA_ONLY to get a successful response without the encrypted definition.</summary>
    [JsonPropertyName("includedData")]
    public IncludedData? IncludedData { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DescribeStateMachineForExecutionAsync"/>.</summary>
public sealed record DescribeStateMachineForExecutionResponse
{
    /// <summary>The Amazon States Language definition of the state machine. See Amazon States Language. Length 1–1048576. <c>{}</c> when called with includedData = METADATA_ONLY (as DescribeStateMachine documents).</summary>
    [JsonPropertyName("definition")]
    public required string Definition { get; init; }

    /// <summary>Settings to configure server-side encryption.</summary>
    [JsonPropertyName("encryptionConfiguration")]
    public EncryptionConfiguration? EncryptionConfiguration { get; init; }

    /// <summary>A user-defined or an auto-generated string that identifies a Map state. This field is returned only if the executionArn is a child workflow execution that was started by a Distributed Map state.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>The LoggingConfiguration data type is used to set CloudWatch Logs options.</summary>
    [JsonPropertyName("loggingConfiguration")]
    public LoggingConfiguration? LoggingConfiguration { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the Map Run that started the child workflow execution. This field is returned only if the executionArn is a child workflow execution that was started by a Distributed Map state. Length 1–2000.</summary>
    [JsonPropertyName("mapRunArn")]
    public string? MapRunArn { get; init; }

    /// <summary>The name of the state machine associated with the execution. Length 1–80.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The revision identifier for the state machine. The first revision ID when you create the state machine is null.</summary>
    [JsonPropertyName("revisionId")]
    public string? RevisionId { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the IAM role of the State Machine for the execution. Length 1–256.</summary>
    [JsonPropertyName("roleArn")]
    public required string RoleArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine associated with the execution. Length 1–256. The unqualified ARN, also for an execution started through a version or an alias ARN (as AWS answers); the other members are those of the version that ran.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>Selects whether AWS X-Ray tracing is enabled.</summary>
    [JsonPropertyName("tracingConfiguration")]
    public TracingConfiguration? TracingConfiguration { get; init; }

    /// <summary>The date and time the state machine associated with an execution was updated. For a newly created state machine, this is the creation date.</summary>
    [JsonPropertyName("updateDate")]
    public required DateTimeOffset UpdateDate { get; init; }

    /// <summary>A map of state name to a list of variables referenced by that state. States that do not use variable references will not be shown in the response.</summary>
    [JsonPropertyName("variableReferences")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? VariableReferences { get; init; }
}
