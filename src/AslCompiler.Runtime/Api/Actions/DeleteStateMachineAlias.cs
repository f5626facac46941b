using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AslCompiler.Runtime.Api;

/// <summary>The request of <see cref="IStepFunctions.DeleteStateMachineAliasAsync"/>. Deletes a state machine alias. After you delete a state machine alias, you can't use it to start executions. When you delete a state machine alias, Step Functions doesn't delete the state machine versions that alias references. Related operations:.</summary>
public sealed record DeleteStateMachineAliasRequest
{
    /// <summary>The Amazon Resource Name (ARN) of the state machine alias to delete. Length 1–256.</summary>
    [JsonPropertyName("stateMachineAliasArn")]
    public required string StateMachineAliasArn { get; init; }
}

/// <summary>The response of <see cref="IStepFunctions.DeleteStateMachineAliasAsync"/>.</summary>
public sealed record DeleteStateMachineAliasResponse
{

}
