namespace AslCompiler.Runtime.Api;

/// <summary>What a Step Functions ARN names.</summary>
public enum StepFunctionsResourceType
{
    /// <summary><c>stateMachine:Name</c>.</summary>
    StateMachine,

    /// <summary><c>stateMachine:Name:1</c>: a published version.</summary>
    StateMachineVersion,

    /// <summary><c>stateMachine:Name:ALIAS</c>: an alias.</summary>
    StateMachineAlias,

    /// <summary><c>execution:Machine:name</c>, or <c>execution:Machine/MapLabel:id</c> for a Map Run child execution.</summary>
    Execution,

    /// <summary><c>express:Machine:name:id</c>: an Express execution.</summary>
    ExpressExecution,

    /// <summary><c>activity:Name</c>.</summary>
    Activity,

    /// <summary><c>mapRun:Machine/MapLabel:id</c>: the Map Run of a Distributed Map state.</summary>
    MapRun,
}
