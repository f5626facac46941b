using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.TestStateAsync"/>. Accepts the definition of a single state and executes it. You can test a state without creating a state machine or updating an existing state machine. Using this API, you can test the following:.</summary>
public sealed record TestStateRequest
{
    /// <summary>The Amazon States Language (ASL) definition of the state. Length 1–1048576.</summary>
    [JsonPropertyName("definition")]
    public required string Definition { get; init; }

    /// <summary>A string that contains the JSON input data for the state. Length at most 262144.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>Determines the values to return when a state is tested. You can specify one of the following types:.</summary>
    [JsonPropertyName("inspectionLevel")]
    public InspectionLevel? InspectionLevel { get; init; }

    /// <summary>Specifies whether or not to include secret information in the test result. For HTTP Tasks, a secret includes the data that an EventBridge connection adds to modify the HTTP request headers, query parameters, and body.</summary>
    [JsonPropertyName("revealSecrets")]
    public bool? RevealSecrets { get; init; }

    /// <summary>The Amazon Resource Name (ARN) of the execution role with the required IAM permissions for the state. Length 1–256.</summary>
    [JsonPropertyName("roleArn")]
    public string? RoleArn { get; init; }

    /// <summary>JSON object literal that sets variables used in the state under test. Object keys are the variable names and values are the variable values. Length at most 262144.</summary>
    [JsonPropertyName("variables")]
    public string? Variables { get; init; }

    /// <summary>The context object to use (JSON text), instead of one made up for the test. Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("context")]
    public string? Context { get; init; }

    /// <summary>A mocked result or error returned instead of calling the state's resource. Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("mock")]
    public MockInput? Mock { get; init; }

    /// <summary>The state to test when <see cref="Definition"/> is a whole state machine. Length 1–80. Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("stateName")]
    public string? StateName { get; init; }

    /// <summary>Conditions under which the state is tested (retry count, Map failures, reader data). Added by AWS after the 2025-10 reference.</summary>
    [JsonPropertyName("stateConfiguration")]
    public TestStateConfiguration? StateConfiguration { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.TestStateAsync"/>.</summary>
public sealed record TestStateResponse
{
    /// <summary>A detailed explanation of the cause for the error when the execution of a state fails. Length 0–32768.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>The error returned when the execution of a state fails. Length 0–256.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>Returns additional details about the state's execution, including its input and output data processing flow, and HTTP request and response information. The inspectionLevel request parameter specifies which details are returned.</summary>
    [JsonPropertyName("inspectionData")]
    public InspectionData? InspectionData { get; init; }

    /// <summary>The name of the next state to transition to. If you haven't defined a next state in your definition or if the execution of the state fails, this field doesn't contain a value. Length 1–80.</summary>
    [JsonPropertyName("nextState")]
    public string? NextState { get; init; }

    /// <summary>The JSON output data of the state. Length constraints apply to the payload size, and are expressed as bytes in UTF-8 encoding. Length at most 262144.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; init; }

    /// <summary>The execution status of the state.</summary>
    [JsonPropertyName("status")]
    public TestExecutionStatus? Status { get; init; }
}
