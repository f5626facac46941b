using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>
/// Where a durable Step Functions keeps everything that must outlive the process: the control plane (state machines,
/// versions, aliases, activities, tags — one snapshot document), the executions, and each Standard execution's
/// <see cref="IExecutionJournal"/> (task results, timers, task tokens, Map and Parallel progress, history events).
/// The in-memory store is the default; an embedded SQLite store ships in <c>AslCompiler.Sqlite</c>.
/// Designed so that a store shared by several nodes (PostgreSQL) can implement it: executions are claimed by one
/// owner at a time through <see cref="TryClaimAsync"/>, and nothing else in the kernel changes.
/// </summary>
public interface IStepFunctionsStore
{
    /// <summary>The control-plane snapshot as JSON text, or null when nothing was ever saved.</summary>
    ValueTask<string?> LoadResourcesAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the control-plane snapshot atomically (the caller serializes writes).</summary>
    ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken);

    /// <summary>Adds a new execution; false when one with the same ARN exists (then nothing changes).</summary>
    ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken);

    /// <summary>Replaces an execution's record (status, stop date, output, error, redrive count).</summary>
    ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an execution that ended and whose retention (<see cref="StepFunctionsOptions.StandardExecutionRetention"/>)
    /// has passed, with everything kept for it: its record, its journal, its claim, the Map Runs it started, their child
    /// executions and the Map Runs those started (the children whose <see cref="StoredMapRunExecution.RootExecutionArn"/>
    /// is <paramref name="executionArn"/>). Nothing when the store holds none of them. After it, an execution may be
    /// created under the same ARN again (its name is free).
    /// </summary>
    ValueTask DeleteExecutionAsync(string executionArn, CancellationToken cancellationToken);

    /// <summary>Every execution, in start order (read once at start to rebuild the in-memory index and resume RUNNING ones).</summary>
    ValueTask<IReadOnlyList<StoredExecution>> LoadExecutionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens the journal of an execution (its committed records, and a way to add more). It also serves reads (a history
    /// read of an execution recovered from the store), so it should keep nothing until a commit: a read that lands after
    /// <see cref="DeleteExecutionAsync"/> must not bring back a journal of the deleted execution.
    /// </summary>
    ValueTask<IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an execution for <paramref name="owner"/> until <paramref name="leaseUntil"/>: true when it was free,
    /// expired or already this owner's. A single-process store always says true.
    /// </summary>
    ValueTask<bool> TryClaimAsync(string executionArn, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers that the task waiting for <paramref name="taskToken"/> timed out at <paramref name="timedOutAt"/>, so
    /// SendTaskSuccess/Failure/Heartbeat with it answer TaskTimedOut after a restart too, and forgets the tokens that
    /// timed out before <paramref name="forgetBefore"/> (which bounds what the store keeps). A write is ordered before
    /// the journal commits that follow it. The default remembers nothing (such a store answers TaskDoesNotExist for
    /// these tokens after a restart).
    /// </summary>
    ValueTask AddTimedOutTaskTokenAsync(string taskToken, DateTimeOffset timedOutAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Whether <paramref name="taskToken"/> was remembered by <see cref="AddTimedOutTaskTokenAsync"/> (and not forgotten since).</summary>
    ValueTask<bool> IsTaskTokenTimedOutAsync(string taskToken, CancellationToken cancellationToken) => new(false);

    /// <summary>
    /// Adds or replaces a Map Run's record (its status, counts and settings). Writes of one Map Run arrive one at a time,
    /// in order. The default keeps nothing (such a store forgets Map Runs across a restart; a resumed parent shows its
    /// Map Run again once its replay reaches the Map state).
    /// </summary>
    ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Every Map Run saved by <see cref="SaveMapRunAsync"/> (read once at start).</summary>
    ValueTask<IReadOnlyList<StoredMapRun>> LoadMapRunsAsync(CancellationToken cancellationToken) =>
        new(Array.Empty<StoredMapRun>());

    /// <summary>
    /// Adds or replaces the record of a Map Run's child workflow execution. Writes of one child arrive one at a time, in
    /// order. The default keeps nothing.
    /// </summary>
    ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Every child execution saved by <see cref="SaveMapRunExecutionAsync"/>, in <see cref="StoredMapRunExecution.Sequence"/> order (read once at start).</summary>
    ValueTask<IReadOnlyList<StoredMapRunExecution>> LoadMapRunExecutionsAsync(CancellationToken cancellationToken) =>
        new(Array.Empty<StoredMapRunExecution>());
}

/// <summary>One execution as a <see cref="IStepFunctionsStore"/> keeps it.</summary>
public sealed record StoredExecution
{
    /// <summary>The execution ARN.</summary>
    public required string ExecutionArn { get; init; }

    /// <summary>The execution name.</summary>
    public required string Name { get; init; }

    /// <summary>The unqualified state machine ARN.</summary>
    public required string StateMachineArn { get; init; }

    /// <summary>The version ARN it started on, if any.</summary>
    public string? StateMachineVersionArn { get; init; }

    /// <summary>The alias ARN it started through, if any.</summary>
    public string? StateMachineAliasArn { get; init; }

    /// <summary>The state machine's name.</summary>
    public required string StateMachineName { get; init; }

    /// <summary>The definition it runs (kept so the execution resumes on exactly this definition).</summary>
    public required string Definition { get; init; }

    /// <summary>The execution role.</summary>
    public required string RoleArn { get; init; }

    /// <summary>STANDARD or EXPRESS.</summary>
    public required StateMachineType Type { get; init; }

    /// <summary>The state machine revision it started on, if any.</summary>
    public string? RevisionId { get; init; }

    /// <summary>The input as JSON text.</summary>
    public required string Input { get; init; }

    /// <summary>The trace header given at start, if any.</summary>
    public string? TraceHeader { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The order it started in (ties of <see cref="StartDate"/>).</summary>
    public required long Sequence { get; init; }

    /// <summary>Its status.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>When it stopped, if it did.</summary>
    public DateTimeOffset? StopDate { get; init; }

    /// <summary>The output as JSON text, when it succeeded.</summary>
    public string? Output { get; init; }

    /// <summary>The error, when it failed, timed out or was aborted.</summary>
    public string? Error { get; init; }

    /// <summary>The cause, when it failed, timed out or was aborted.</summary>
    public string? Cause { get; init; }

    /// <summary>How many times it was redriven.</summary>
    public int RedriveCount { get; init; }

    /// <summary>When it was last redriven, if ever.</summary>
    public DateTimeOffset? RedriveDate { get; init; }

    /// <summary>
    /// The mock test case it runs with, when it was started with a state machine ARN ending in <c>#TestCase</c> (see
    /// <see cref="StepFunctionsOptions.MockConfiguration"/>); a resumed or redriven run takes the same test case.
    /// </summary>
    public string? TestCase { get; init; }
}
