using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DescribeStateMachineAsync"/>. Provides information about a state machine's definition, its IAM role Amazon Resource Name (ARN), and configuration.</summary>
public sealed record DescribeStateMachineRequest
{
    /// <summary>If your state machine definition is encrypted with a AWS KMS key, callers must have kms:Decrypt permission to decrypt the definition. Alternatively, you can call the API with includedData = METADATA_ONLY to get a successful response without the encrypted definition.</summary>
    [JsonPropertyName("includedData")]
    public IncludedData? IncludedData { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the state machine for which you want the information. If you specify a state machine version ARN, this API returns details about that version. The version ARN is a combination of state machine ARN and the version number separated by a colon (:). Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DescribeStateMachineAsync"/>.</summary>
public sealed record DescribeStateMachineResponse
{
    /// <summary>The date the state machine is created. For a state machine version, creationDate is the date the version was created.</summary>
    [JsonPropertyName("creationDate")]
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>The Amazon States Language definition of the state machine. See Amazon States Language. If called with includedData = METADATA_ONLY, the returned definition will be {}. Length 1–1048576.</summary>
    [JsonPropertyName("definition")]
    public required string Definition { get; init; }

    /// <summary>The description of the state machine version. Length at most 256.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Settings to configure server-side encryption.</summary>
    [JsonPropertyName("encryptionConfiguration")]
    public EncryptionConfiguration? EncryptionConfiguration { get; init; }

    /// <summary>A user-defined or an auto-generated string that identifies a Map state. This parameter is present only if the stateMachineArn specified in input is a qualified state machine ARN.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>Where and at which level the state machine's executions are logged (CloudWatch Logs).</summary>
    [JsonPropertyName("loggingConfiguration")]
    public LoggingConfiguration? LoggingConfiguration { get; init; }

    /// <summary>The name of the state machine. Length 1–80. Must not contain white space, brackets, wildcards, the special characters <c>" # % \ ^ | ~ ` $ &amp; , ; : /</c>, control characters, surrogates or invalid code points (see <see cref="StepFunctionsNames"/>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The revision identifier for the state machine. Use the revisionId parameter to compare between versions of a state machine configuration used for executions without performing a diff of the properties, such as definition and roleArn.</summary>
    [JsonPropertyName("revisionId")]
    public string? RevisionId { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the IAM role used when creating this state machine. (The IAM role maintains security by granting Step Functions access to AWS resources.). Length 1–256.</summary>
    [JsonPropertyName("roleArn")]
    public required string RoleArn { get; init; }

    /// <summary>The Amazon Resource Name (ARN) that identifies the state machine. If you specified a state machine version ARN in your request, the API returns the version ARN. The version ARN is a combination of state machine ARN and the version number separated by a colon (:). For example, stateMachineARN:1. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }

    /// <summary>The current status of the state machine.</summary>
    [JsonPropertyName("status")]
    public StateMachineStatus? Status { get; init; }

    /// <summary>Selects whether AWS X-Ray tracing is enabled.</summary>
    [JsonPropertyName("tracingConfiguration")]
    public TracingConfiguration? TracingConfiguration { get; init; }

    /// <summary>The type of the state machine (STANDARD or EXPRESS).</summary>
    [JsonPropertyName("type")]
    public required StateMachineType Type { get; init; }

    /// <summary>A map of state name to a list of variables referenced by that state. States that do not use variable references will not be shown in the response.</summary>
    [JsonPropertyName("variableReferences")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? VariableReferences { get; init; }
}
