using System;
using System.Threading;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>The status of an execution, as DescribeExecution names it.</summary>
public enum ExecutionStatus
{
    /// <summary>RUNNING</summary>
    Running,

    /// <summary>SUCCEEDED</summary>
    Succeeded,

    /// <summary>FAILED</summary>
    Failed,

    /// <summary>TIMED_OUT</summary>
    TimedOut,

    /// <summary>ABORTED</summary>
    Aborted,
}

/// <summary>The outcome of an execution: status, output or error and cause, and the history when recorded.</summary>
public sealed class ExecutionResult
{
    // The ARN, or the run that builds it when first read (most results of history-off runs are never asked for it); the
    // run is let go once the ARN is built, so a kept result does not keep the run.
    private ExecutionRun? _run;
    private string? _executionArn;

    internal ExecutionResult(
        string executionArn,
        string name,
        ExecutionStatus status,
        JsonValue output,
        string? error,
        string? cause,
        DateTimeOffset startDate,
        DateTimeOffset stopDate,
        ExecutionHistory? history)
        : this((ExecutionRun?)null, name, status, output, error, cause, startDate, stopDate, history) => _executionArn = executionArn;

    internal ExecutionResult(
        ExecutionRun? run,
        string name,
        ExecutionStatus status,
        JsonValue output,
        string? error,
        string? cause,
        DateTimeOffset startDate,
        DateTimeOffset stopDate,
        ExecutionHistory? history)
    {
        _run = run;
        Name = name;
        Status = status;
        Output = output;
        Error = error;
        Cause = cause;
        StartDate = startDate;
        StopDate = stopDate;
        History = history;
    }

    /// <summary>The execution ARN.</summary>
    public string ExecutionArn => Volatile.Read(ref _executionArn) ?? TakeExecutionArn();

    private string TakeExecutionArn()
    {
        var run = Volatile.Read(ref _run);
        if (run is null)
        {
            return Volatile.Read(ref _executionArn)!; // another thread built it (it writes the ARN before letting the run go)
        }

        var arn = run.ExecutionArn;
        Volatile.Write(ref _executionArn, arn);
        Volatile.Write(ref _run, null);
        return arn;
    }

    /// <summary>The execution name.</summary>
    public string Name { get; }

    /// <summary>The final status.</summary>
    public ExecutionStatus Status { get; }

    /// <summary>The output (undefined unless SUCCEEDED).</summary>
    public JsonValue Output { get; }

    /// <summary>The error name when the execution did not succeed.</summary>
    public string? Error { get; }

    /// <summary>The cause when the execution did not succeed.</summary>
    public string? Cause { get; }

    /// <summary>When the execution started.</summary>
    public DateTimeOffset StartDate { get; }

    /// <summary>When the execution stopped.</summary>
    public DateTimeOffset StopDate { get; }

    /// <summary>The history, or null when recording was off.</summary>
    public ExecutionHistory? History { get; }

    /// <summary>
    /// The states this run entered, history or not: one per state transition as AWS counts them (the states of inline
    /// Map iterations and Parallel branches included, not those of a distributed Map's child executions, which are
    /// executions of their own). A resumed or redriven run counts the states it replayed from its journal too.
    /// </summary>
    public long StatesEntered { get; internal init; }

    /// <summary>Whether the run ended lightly (a pure definition run without per-state bookkeeping; see <c>ExecutionRun.RunToEnd</c>).</summary>
    internal bool EndedLight { get; init; }

    /// <summary>The status as AWS spells it (<c>SUCCEEDED</c>, <c>FAILED</c>, ...).</summary>
    public string StatusName => ToName(Status);

    /// <summary>AWS's spelling of a status.</summary>
    public static string ToName(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => "RUNNING",
        ExecutionStatus.Succeeded => "SUCCEEDED",
        ExecutionStatus.Failed => "FAILED",
        ExecutionStatus.TimedOut => "TIMED_OUT",
        _ => "ABORTED",
    };

    /// <summary>
    /// The status with the output (<c>SUCCEEDED {"total":12}</c>) or the error and cause
    /// (<c>FAILED States.TaskFailed: The card was declined</c>), for a log line or a debugger's watch window.
    /// </summary>
    /// <returns>The text.</returns>
    public override string ToString() => Status switch
    {
        ExecutionStatus.Succeeded => StatusName + " " + Output.ToJsonString(),
        _ when Error is null && Cause is null => StatusName,
        _ => StatusName + " " + Error + (Cause is null ? string.Empty : ": " + Cause),
    };
}
