using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.ValidateStateMachineDefinitionAsync"/>. Validates the syntax of a state machine definition specified in Amazon States Language (ASL), a JSON-based, structured language. You can validate that a state machine definition is correct without creating a state machine resource.</summary>
public sealed record ValidateStateMachineDefinitionRequest
{
    /// <summary>The Amazon States Language definition of the state machine. For more information, see Amazon States Language (ASL). Length 1–1048576.</summary>
    [JsonPropertyName("definition")]
    public required string Definition { get; init; }

    /// <summary>The maximum number of diagnostics that are returned per call. The default and maximum value is 100. Setting the value to 0 will also use the default of 100. If the number of diagnostics returned in the response exceeds maxResults, the value of the truncated field in the response will be set to true. Range 0–100.</summary>
    [JsonPropertyName("maxResults")]
    public int? MaxResults { get; init; }

    /// <summary>Minimum level of diagnostics to return. ERROR returns only ERROR diagnostics, whereas WARNING returns both WARNING and ERROR diagnostics. The default is ERROR.</summary>
    [JsonPropertyName("severity")]
    public ValidateStateMachineDefinitionSeverity? Severity { get; init; }

    /// <summary>The target type of state machine for this definition. The default is STANDARD.</summary>
    [JsonPropertyName("type")]
    public StateMachineType? Type { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.ValidateStateMachineDefinitionAsync"/>.</summary>
public sealed record ValidateStateMachineDefinitionResponse
{
    /// <summary>An array of diagnostic errors and warnings found during validation of the state machine definition. Since warnings do not prevent deploying your workflow definition, the result value could be OK even when warning diagnostics are present in the response.</summary>
    [JsonPropertyName("diagnostics")]
    public required IReadOnlyList<ValidateStateMachineDefinitionDiagnostic> Diagnostics { get; init; }

    /// <summary>The result value will be OK when no syntax errors are found, or FAIL if the workflow definition does not pass verification.</summary>
    [JsonPropertyName("result")]
    public required ValidateStateMachineDefinitionResultCode Result { get; init; }

    /// <summary>The result value will be true if the number of diagnostics found in the workflow definition exceeds maxResults. When all diagnostics results are returned, the value will be false.</summary>
    [JsonPropertyName("truncated")]
    public bool? Truncated { get; init; }
}
