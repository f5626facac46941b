using System;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>
/// One Map Run of a distributed Map as a <see cref="IStepFunctionsStore"/> keeps it: what DescribeMapRun and ListMapRuns
/// show after a restart. Written when the run starts, as its counts change, after UpdateMapRun, and when it ends.
/// </summary>
public sealed record StoredMapRun
{
    /// <summary>The Map Run ARN.</summary>
    public required string MapRunArn { get; init; }

    /// <summary>The execution that started it (a Map Run child execution for a distributed Map nested in one).</summary>
    public required string ExecutionArn { get; init; }

    /// <summary>The state machine of that execution.</summary>
    public required string StateMachineArn { get; init; }

    /// <summary>The labelled state machine its children run: <c>Machine/Label</c>.</summary>
    public required string ChildStateMachineName { get; init; }

    /// <summary>The Map state's label (its <c>Label</c>, else its name).</summary>
    public required string Label { get; init; }

    /// <summary>STANDARD or EXPRESS children.</summary>
    public required StateMachineType ExecutionType { get; init; }

    /// <summary>The order Map Runs started in (ListMapRuns lists oldest first).</summary>
    public required long Sequence { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>When it ended, if it did.</summary>
    public DateTimeOffset? StopDate { get; init; }

    /// <summary>Its status.</summary>
    public required MapRunStatus Status { get; init; }

    /// <summary>How many children may run at once (0: no limit).</summary>
    public required int MaxConcurrency { get; init; }

    /// <summary>How many failed children are tolerated, or null when not set.</summary>
    public long? ToleratedFailureCount { get; init; }

    /// <summary>The percentage of failed children tolerated, or null when not set.</summary>
    public double? ToleratedFailurePercentage { get; init; }

    /// <summary>The child workflow executions by status.</summary>
    public required StoredMapRunCounts ExecutionCounts { get; init; }

    /// <summary>The items by the status of the child that processes them.</summary>
    public required StoredMapRunCounts ItemCounts { get; init; }

    /// <summary>How many times the Map Run was redriven.</summary>
    public int RedriveCount { get; init; }

    /// <summary>When it was last redriven, if ever.</summary>
    public DateTimeOffset? RedriveDate { get; init; }
}

/// <summary>A Map Run's child executions (or items) by status, as DescribeMapRun's counts show them.</summary>
/// <param name="Pending">Not started yet.</param>
/// <param name="Running">Running.</param>
/// <param name="Succeeded">Succeeded.</param>
/// <param name="Failed">Failed.</param>
/// <param name="Aborted">Aborted (stopped, or cancelled because the Map Run failed).</param>
/// <param name="TimedOut">Timed out.</param>
/// <param name="ResultsWritten">Whose results the ResultWriter wrote.</param>
/// <param name="Total">All of them.</param>
public sealed record StoredMapRunCounts(long Pending, long Running, long Succeeded, long Failed, long Aborted, long TimedOut, long ResultsWritten, long Total);

/// <summary>
/// One child workflow execution of a Map Run as a <see cref="IStepFunctionsStore"/> keeps it: what DescribeExecution and
/// ListExecutions (with <c>mapRunArn</c>) show after a restart. Written when it starts and when it ends. Its history
/// events live in the journal of <see cref="RootExecutionArn"/> (records of kind <c>childevent</c>).
/// </summary>
public sealed record StoredMapRunExecution
{
    /// <summary>The execution ARN (<c>...:execution:Machine/Label:name</c>).</summary>
    public required string ExecutionArn { get; init; }

    /// <summary>The Map Run that started it.</summary>
    public required string MapRunArn { get; init; }

    /// <summary>The durable execution whose journal holds its history (the root of nested Map Runs).</summary>
    public required string RootExecutionArn { get; init; }

    /// <summary>The order children started in (ListExecutions lists newest first).</summary>
    public required long Sequence { get; init; }

    /// <summary>The execution name (a UUID).</summary>
    public required string Name { get; init; }

    /// <summary>STANDARD or EXPRESS.</summary>
    public required StateMachineType Type { get; init; }

    /// <summary>The labelled state machine's ARN.</summary>
    public required string StateMachineArn { get; init; }

    /// <summary>The labelled state machine's name: <c>Machine/Label</c>.</summary>
    public required string StateMachineName { get; init; }

    /// <summary>The execution role.</summary>
    public required string RoleArn { get; init; }

    /// <summary>The input as JSON text.</summary>
    public required string Input { get; init; }

    /// <summary>How many items it processes (1, or the batch size).</summary>
    public required int ItemCount { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>Its status.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>When it stopped, if it did.</summary>
    public DateTimeOffset? StopDate { get; init; }

    /// <summary>The output as JSON text, when it succeeded.</summary>
    public string? Output { get; init; }

    /// <summary>The error, when it failed or timed out.</summary>
    public string? Error { get; init; }

    /// <summary>The cause, when it failed or timed out.</summary>
    public string? Cause { get; init; }

    /// <summary>How many times it was redriven (with its Map Run).</summary>
    public int RedriveCount { get; init; }

    /// <summary>When it was last redriven, if ever.</summary>
    public DateTimeOffset? RedriveDate { get; init; }
}
