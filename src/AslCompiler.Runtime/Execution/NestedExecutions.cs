using System;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Where a <c>states:startExecution</c> task (request/response, <c>.sync</c>, <c>.sync:2</c>, <c>.waitForTaskToken</c>)
/// starts its child: the API's engine, so the child is an execution of its own (listed, described, durable when
/// Standard). Refusals (no such state machine, a taken name, bad input) are thrown as <see cref="TaskFailedException"/>
/// with the error AWS gives the task.
/// </summary>
internal interface INestedExecutionHost
{
    /// <summary>
    /// Resolves the state machine and names a new child without starting it, so the parent can journal the child's ARN
    /// first. Null when the host does not know the state machine and the kernel's own resolver should run it instead.
    /// </summary>
    NestedChild? Prepare(string stateMachineArn, string? name, string input);

    /// <summary>
    /// Starts the child. A <see cref="NestedChild.Recorded"/> child whose execution exists is attached to, not started
    /// again; one that does not (the process died before it was created, or it was an Express execution, which is not
    /// durable) is started under its recorded ARN.
    /// </summary>
    ValueTask<NestedExecutionState> StartAsync(NestedChild child, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for a child's end. Cancelled by a stop or a timeout of the parent's task, it stops the child (best effort);
    /// cancelled by a shutdown, it leaves the child running (it resumes on its own).
    /// </summary>
    ValueTask<NestedExecutionState> WaitAsync(string executionArn, CancellationToken cancellationToken);
}

/// <summary>A child execution the parent is about to start, or started before a restart (<see cref="Recorded"/>).</summary>
internal sealed class NestedChild(string executionArn, string name, string stateMachineArn, string input, bool recorded)
{
    public string ExecutionArn { get; } = executionArn;

    public string Name { get; } = name;

    public string StateMachineArn { get; } = stateMachineArn;

    /// <summary>The child's input as JSON text.</summary>
    public string Input { get; } = input;

    /// <summary>Whether the parent's journal named this child (a resumed parent re-attaches to it).</summary>
    public bool Recorded { get; } = recorded;

    /// <summary>What the host resolved in <see cref="INestedExecutionHost.Prepare"/> (opaque to the kernel).</summary>
    public object? Target { get; init; }
}

/// <summary>A child execution as the parent sees it: DescribeExecution's fields.</summary>
internal sealed record NestedExecutionState(
    string ExecutionArn,
    string Name,
    string StateMachineArn,
    string Input,
    string Status,
    string? Output,
    string? Error,
    string? Cause,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate)
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
}
