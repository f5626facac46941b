using System;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// One child workflow execution of a Map Run: what DescribeExecution, GetExecutionHistory and ListExecutions (with
/// <c>mapRunArn</c>) show of it. Its ARN has AWS's shape (<c>...:execution:Machine/Label:id</c>, or
/// <c>...:express:Machine/Label:id:id</c> for EXPRESS children), it has its own history (<c>ExecutionStarted</c> ...
/// <c>ExecutionSucceeded</c>) when the parent records one, and its status, dates, output or error change as it runs.
/// Thread-safe.
/// </summary>
public sealed class MapRunExecution
{
    private readonly object _gate = new();
    private JsonValue _executionContext;
    private JsonValue _stateMachineContext;
    private ExecutionStatus _status = ExecutionStatus.Running;
    private DateTimeOffset? _stopDate;
    private JsonValue _output;
    private string? _error;
    private string? _cause;

    /// <summary>History off: the events this child execution would have recorded (the run's count, for the ids its causes name).</summary>
    internal long UnrecordedEvents;

    internal MapRunExecution(
        MapRunControl mapRun,
        string executionArn,
        string name,
        ExecutionType type,
        JsonValue input,
        int itemCount,
        DateTimeOffset startDate,
        ExecutionHistory? history,
        string roleArn,
        DateTimeOffset deadline,
        string? rootExecutionArn = null,
        bool journaled = false,
        int redriveCount = 0,
        DateTimeOffset? redriveDate = null)
    {
        RootExecutionArn = rootExecutionArn ?? mapRun.ExecutionArn;
        Journaled = journaled;
        RedriveCount = redriveCount;
        RedriveDate = redriveDate;
        MapRun = mapRun;
        ExecutionArn = executionArn;
        Name = name;
        Type = type;
        Input = input;
        ItemCount = itemCount;
        StartDate = startDate;
        History = history;
        RoleArn = roleArn;
        Deadline = deadline;
    }

    /// <summary>The execution whose run (and journal) it belongs to: the root of nested Map Runs.</summary>
    public string RootExecutionArn { get; }

    /// <summary>Whether its history events are journaled with the root execution's (a STANDARD child of a durable execution).</summary>
    public bool Journaled { get; }

    /// <summary>How many times it was redriven (its Map Run redriven with the parent execution).</summary>
    public int RedriveCount { get; }

    /// <summary>When it was last redriven, if ever.</summary>
    public DateTimeOffset? RedriveDate { get; }

    /// <summary>Told (outside the lock) when it ends: the API's registry persists it.</summary>
    internal Action<MapRunExecution>? Changed { get; set; }

    /// <summary>The redrive generation its terminal event is keyed with (the last one that redrove it; 0 if none).</summary>
    internal int EndGeneration { get; set; }

    /// <summary>The Map Run that dispatched it.</summary>
    public MapRunControl MapRun { get; }

    /// <summary>The Map Run ARN.</summary>
    public string MapRunArn => MapRun.MapRunArn;

    /// <summary>The execution ARN.</summary>
    public string ExecutionArn { get; }

    /// <summary>The execution name (a UUID).</summary>
    public string Name { get; }

    /// <summary>STANDARD or EXPRESS (the Map's <c>ProcessorConfig.ExecutionType</c>).</summary>
    public ExecutionType Type { get; }

    /// <summary>The child's input (the item, its ItemSelector result, or a batch).</summary>
    public JsonValue Input { get; }

    /// <summary>How many items it processes (1, or the batch size).</summary>
    public int ItemCount { get; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartDate { get; }

    /// <summary>Its history, or null when the parent records none.</summary>
    public ExecutionHistory? History { get; }

    /// <summary>The execution role (the parent's).</summary>
    public string RoleArn { get; }

    /// <summary>The labelled state machine it runs: <c>arn:...:stateMachine:Machine/Label</c>.</summary>
    public string StateMachineArn => MapRun.ChildStateMachineArn;

    /// <summary>The labelled state machine name: <c>Machine/Label</c>.</summary>
    public string StateMachineName => MapRun.ChildStateMachineName;

    /// <summary>Its status.</summary>
    public ExecutionStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>When it ended, or null while running.</summary>
    public DateTimeOffset? StopDate
    {
        get
        {
            lock (_gate)
            {
                return _stopDate;
            }
        }
    }

    /// <summary>The output (undefined unless SUCCEEDED).</summary>
    public JsonValue Output
    {
        get
        {
            lock (_gate)
            {
                return _output;
            }
        }
    }

    /// <summary>The error when it failed.</summary>
    public string? Error
    {
        get
        {
            lock (_gate)
            {
                return _error;
            }
        }
    }

    /// <summary>The cause when it failed.</summary>
    public string? Cause
    {
        get
        {
            lock (_gate)
            {
                return _cause;
            }
        }
    }

    /// <summary>A consistent view of its end: status, stop date, output, error, cause.</summary>
    public (ExecutionStatus Status, DateTimeOffset? StopDate, JsonValue Output, string? Error, string? Cause) Snapshot
    {
        get
        {
            lock (_gate)
            {
                return (_status, _stopDate, _output, _error, _cause);
            }
        }
    }

    /// <summary><c>$$.Execution</c> inside the child.</summary>
    internal JsonValue ExecutionContext => _executionContext.IsUndefined
        ? _executionContext = BuildExecutionContext()
        : _executionContext;

    private JsonValue BuildExecutionContext() =>
        ExecutionRun.ExecutionContextObject(ExecutionArn, Input, StartDate, Name, RoleArn, RedriveCount, RedriveDate, Type == ExecutionType.Express);

    /// <summary><c>$$.StateMachine</c> inside the child.</summary>
    internal JsonValue StateMachineContext => _stateMachineContext.IsUndefined
        ? _stateMachineContext = JsonValue.CreateObject(new("Id", StateMachineArn), new("Name", StateMachineName))
        : _stateMachineContext;

    /// <summary>Whether its history reached the event limit (the child then fails as an execution does).</summary>
    internal volatile bool HistoryExceeded;

    /// <summary>Whether it ran past <see cref="Deadline"/> (it then ends TIMED_OUT).</summary>
    internal volatile bool TimedOut;

    /// <summary>When its time runs out: AWS's maximum duration for its type (an EXPRESS child: five minutes), checked at each state transition.</summary>
    internal DateTimeOffset Deadline { get; }

    /// <summary>
    /// For an EXPRESS child on the virtual clock, the <see cref="Environment.TickCount64"/> at which its
    /// real run time reaches its maximum duration (see <c>ExecutionRun</c>'s real deadline); otherwise
    /// <see cref="long.MaxValue"/>.
    /// </summary>
    internal long RealDeadline { get; init; } = long.MaxValue;

    /// <summary>Ends it; false when it had already ended.</summary>
    internal bool Complete(ExecutionStatus status, JsonValue output, string? error, string? cause, DateTimeOffset stopDate)
    {
        lock (_gate)
        {
            if (_status != ExecutionStatus.Running)
            {
                return false;
            }

            _status = status;
            _output = output;
            _error = error;
            _cause = cause;
            _stopDate = stopDate;
        }

        Changed?.Invoke(this);
        return true;
    }
}
