using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Model;

namespace AslCompiler.Runtime.Execution;

/// <summary>Told about every Map Run a distributed Map state starts (the API's DescribeMapRun/ListMapRuns/UpdateMapRun read them).</summary>
public interface IMapRunMonitor
{
    /// <summary>A distributed Map started a Map Run; <paramref name="run"/> stays live until it completes.</summary>
    void Started(MapRunControl run);

    /// <summary>A Map Run started one of its child workflow executions (called before the child's first state runs).</summary>
    void ExecutionStarted(MapRunExecution execution)
    {
    }

    /// <summary>
    /// Completes when what the monitor keeps of <paramref name="run"/> and its children is as durable as their current
    /// state (the kernel waits for it when the Map Run ends, before the Map state's transition).
    /// </summary>
    Task FlushAsync(MapRunControl run) => Task.CompletedTask;
}

/// <summary>The status of a Map Run.</summary>
public enum MapRunState
{
    /// <summary>Children are being dispatched or are running.</summary>
    Running,

    /// <summary>Every child ended and the failures stayed within the tolerance.</summary>
    Succeeded,

    /// <summary>The failures exceeded the tolerance.</summary>
    Failed,

    /// <summary>The execution was stopped while the Map Run ran.</summary>
    Aborted,
}

/// <summary>
/// One Map Run of a distributed Map: its identity, its counts as they change, and the settings
/// (<see cref="MaxConcurrency"/>, tolerated failures) that <see cref="Update"/> changes while it runs. The kernel's
/// dispatcher reads the settings before each dispatch and after each change; counts are updated atomically.
/// </summary>
public sealed class MapRunControl
{
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pending;
    private long _running;
    private long _succeeded;
    private long _failed;
    private long _aborted;
    private long _timedOut;
    private long _resultsWritten;
    private long _timedOutItems;
    private long _resultsWrittenItems;
    private readonly List<MapRunExecution> _executions = [];
    private long _pendingItems;
    private long _runningItems;
    private long _succeededItems;
    private long _failedItems;
    private long _abortedItems;

    /// <summary>Creates the control of a Map Run that has <paramref name="children"/> child runs over <paramref name="items"/> items.</summary>
    internal MapRunControl(
        string mapRunArn,
        string executionArn,
        string stateMachineArn,
        string childStateMachineName,
        string label,
        ExecutionType executionType,
        DateTimeOffset startDate,
        int children,
        int items,
        int maxConcurrency,
        long? toleratedFailureCount,
        double? toleratedFailurePercentage,
        int redriveCount = 0,
        DateTimeOffset? redriveDate = null)
    {
        RedriveCount = redriveCount;
        RedriveDate = redriveDate;
        MapRunArn = mapRunArn;
        ExecutionArn = executionArn;
        StateMachineArn = stateMachineArn;
        ChildStateMachineName = childStateMachineName;
        ChildStateMachineArn = stateMachineArn[..(stateMachineArn.LastIndexOf(":stateMachine:", StringComparison.Ordinal) + 14)] + childStateMachineName;
        Label = label;
        ExecutionType = executionType;
        StartDate = startDate;
        TotalChildren = children;
        TotalItems = items;
        _pending = children;
        _pendingItems = items;
        MaxConcurrency = maxConcurrency;
        ToleratedFailureCount = toleratedFailureCount;
        ToleratedFailurePercentage = toleratedFailurePercentage;
    }

    /// <summary>The Map Run ARN.</summary>
    public string MapRunArn { get; }

    /// <summary>How many times the Map Run was redriven (with its parent execution).</summary>
    public int RedriveCount { get; }

    /// <summary>When it was last redriven, if ever.</summary>
    public DateTimeOffset? RedriveDate { get; }

    /// <summary>Whether the run belongs to a journaled (durable) execution: its record is worth persisting.</summary>
    internal bool Journaled { get; init; }

    /// <summary>Told (outside the lock) after each change of status, counts or settings: the API's registry persists the run.</summary>
    internal Action<MapRunControl>? Changed { get; set; }

    /// <summary>The execution that started it.</summary>
    public string ExecutionArn { get; }

    /// <summary>The state machine of that execution.</summary>
    public string StateMachineArn { get; }

    /// <summary>The Map state's label (its <c>Label</c>, else its name).</summary>
    public string Label { get; }

    /// <summary>The labelled state machine the children run: <c>Machine/Label</c>.</summary>
    public string ChildStateMachineName { get; }

    /// <summary>Its ARN: <c>arn:...:stateMachine:Machine/Label</c>.</summary>
    public string ChildStateMachineArn { get; }

    /// <summary>STANDARD or EXPRESS children.</summary>
    public ExecutionType ExecutionType { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartDate { get; }

    /// <summary>The child workflow executions started so far, in start order (a snapshot).</summary>
    public IReadOnlyList<MapRunExecution> Executions
    {
        get
        {
            lock (_gate)
            {
                return _executions.ToArray();
            }
        }
    }

    /// <summary>Child counts that only change at the end: timed out, and results written by the ResultWriter.</summary>
    public (long TimedOut, long ResultsWritten) ChildEnds
    {
        get
        {
            lock (_gate)
            {
                return (_timedOut, _resultsWritten);
            }
        }
    }

    /// <summary>Item counts that only change at the end: timed out, and results written by the ResultWriter.</summary>
    public (long TimedOut, long ResultsWritten) ItemEnds
    {
        get
        {
            lock (_gate)
            {
                return (_timedOutItems, _resultsWrittenItems);
            }
        }
    }

    /// <summary>When it ended, or null while running.</summary>
    public DateTimeOffset? StopDate { get; private set; }

    /// <summary>Its status.</summary>
    public MapRunState State { get; private set; } = MapRunState.Running;

    /// <summary>The child runs (items, or batches of items).</summary>
    public int TotalChildren { get; }

    /// <summary>The items.</summary>
    public int TotalItems { get; }

    /// <summary>How many children may run at once (0: no limit).</summary>
    public int MaxConcurrency { get; private set; }

    /// <summary>How many failed children are tolerated, or null when not set.</summary>
    public long? ToleratedFailureCount { get; private set; }

    /// <summary>The percentage of failed children tolerated, or null when not set.</summary>
    public double? ToleratedFailurePercentage { get; private set; }

    /// <summary>Child counts: pending, running, succeeded, failed, aborted.</summary>
    public (long Pending, long Running, long Succeeded, long Failed, long Aborted) Children
    {
        get
        {
            lock (_gate)
            {
                return (_pending, _running, _succeeded, _failed, _aborted);
            }
        }
    }

    /// <summary>Item counts: pending, running, succeeded, failed, aborted.</summary>
    public (long Pending, long Running, long Succeeded, long Failed, long Aborted) Items
    {
        get
        {
            lock (_gate)
            {
                return (_pendingItems, _runningItems, _succeededItems, _failedItems, _abortedItems);
            }
        }
    }

    /// <summary>Completes when a setting changes (the dispatcher waits on it next to its children).</summary>
    internal Task SettingsChanged
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Changes the settings of a running Map Run; false when it has already completed.</summary>
    public bool Update(int? maxConcurrency, long? toleratedFailureCount, double? toleratedFailurePercentage)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (State != MapRunState.Running)
            {
                return false;
            }

            MaxConcurrency = maxConcurrency ?? MaxConcurrency;
            ToleratedFailureCount = toleratedFailureCount ?? ToleratedFailureCount;
            ToleratedFailurePercentage = toleratedFailurePercentage ?? ToleratedFailurePercentage;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        Changed?.Invoke(this);
        return true;
    }

    /// <summary>Whether the items failed so far exceed the tolerance (none set: any failure does).</summary>
    internal bool ExceedsTolerance()
    {
        lock (_gate)
        {
            // Items, not children: "the total number of failed or timed out items divided by the total number of items"
            // (a failed batch fails each of its items). A child that timed out counts as a failure.
            var failed = _failedItems + _timedOutItems;
            if (failed == 0)
            {
                return false;
            }

            if (ToleratedFailureCount is null && ToleratedFailurePercentage is null)
            {
                return true;
            }

            return (ToleratedFailureCount is { } count && failed > count)
                || (ToleratedFailurePercentage is { } percentage && TotalItems > 0 && failed * 100.0 / TotalItems > percentage);
        }
    }

    internal void ChildStarted(int items) => Move(ref _pending, ref _running, ref _pendingItems, ref _runningItems, items);

    internal void ChildSucceeded(int items) => Move(ref _running, ref _succeeded, ref _runningItems, ref _succeededItems, items);

    internal void ChildFailed(int items) => Move(ref _running, ref _failed, ref _runningItems, ref _failedItems, items);

    internal void ChildAborted(int items) => Move(ref _running, ref _aborted, ref _runningItems, ref _abortedItems, items);

    internal void ChildTimedOut(int items) => Move(ref _running, ref _timedOut, ref _runningItems, ref _timedOutItems, items);

    /// <summary>Counts the children (and their items) whose results the ResultWriter wrote.</summary>
    internal void ResultsWritten(long children, long items)
    {
        lock (_gate)
        {
            _resultsWritten += children;
            _resultsWrittenItems += items;
        }

        Changed?.Invoke(this);
    }

    /// <summary>Adds a started child execution.</summary>
    internal void Add(MapRunExecution execution)
    {
        lock (_gate)
        {
            _executions.Add(execution);
        }
    }

    internal void Complete(MapRunState state, DateTimeOffset stopDate)
    {
        lock (_gate)
        {
            State = state;
            StopDate = stopDate;
        }

        Changed?.Invoke(this);
    }

    private void Move(ref long from, ref long to, ref long fromItems, ref long toItems, int items)
    {
        lock (_gate)
        {
            from--;
            to++;
            fromItems -= items;
            toItems += items;
        }

        Changed?.Invoke(this);
    }

    /// <summary>
    /// A consistent view of the run: status, stop date, settings, and the child and item counts (pending, running,
    /// succeeded, failed, aborted, timed out, results written).
    /// </summary>
    internal MapRunSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MapRunSnapshot(
                State,
                StopDate,
                MaxConcurrency,
                ToleratedFailureCount,
                ToleratedFailurePercentage,
                [_pending, _running, _succeeded, _failed, _aborted, _timedOut, _resultsWritten],
                [_pendingItems, _runningItems, _succeededItems, _failedItems, _abortedItems, _timedOutItems, _resultsWrittenItems]);
        }
    }
}

/// <summary>A consistent view of a <see cref="MapRunControl"/>; counts are pending, running, succeeded, failed, aborted, timed out, results written.</summary>
internal sealed record MapRunSnapshot(
    MapRunState State,
    DateTimeOffset? StopDate,
    int MaxConcurrency,
    long? ToleratedFailureCount,
    double? ToleratedFailurePercentage,
    long[] Children,
    long[] Items);
