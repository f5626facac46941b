using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DeleteStateMachineVersionAsync"/>. Deletes a state machine version. After you delete a version, you can't call StartExecution using that version's ARN or use the version with a state machine alias. Deleting a state machine version won't terminate its in-progress executions.</summary>
public sealed record DeleteStateMachineVersionRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the state machine version to delete. Length 1–2000.</summary>
    [JsonPropertyName("stateMachineVersionArn")]
    public required string StateMachineVersionArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DeleteStateMachineVersionAsync"/>.</summary>
public sealed record DeleteStateMachineVersionResponse
{

}
