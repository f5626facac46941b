using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DeleteStateMachineAsync"/>. Deletes a state machine. This is an asynchronous operation. It sets the state machine's status to DELETING and begins the deletion process. A state machine is deleted only when all its executions are completed.</summary>
public sealed record DeleteStateMachineRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the state machine to delete. Length 1–256.</summary>
    [JsonPropertyName("stateMachineArn")]
    public required string StateMachineArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DeleteStateMachineAsync"/>.</summary>
public sealed record DeleteStateMachineResponse
{

}
