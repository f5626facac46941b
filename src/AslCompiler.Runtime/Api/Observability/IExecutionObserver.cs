using System;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// Watches executions as they run: hosting turns these calls into log records (per the state machine's
/// <see cref="LoggingConfiguration"/>), spans (per its <see cref="TracingConfiguration"/>) and metrics.
/// Calls arrive on the execution's own thread, in history order for one execution; implementations must be
/// thread-safe across executions, fast, and must not throw (an exception is swallowed and never fails the execution).
/// </summary>
public interface IExecutionObserver
{
    /// <summary>An execution started (or was resumed after a restart, when <see cref="ExecutionObservation.Resumed"/>).</summary>
    void ExecutionStarted(ExecutionObservation execution);

    /// <summary>A history event was recorded (and, for a durable execution, committed).</summary>
    void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent);

    /// <summary>
    /// Whether <see cref="HistoryEventRecorded"/> is wanted for <paramref name="execution"/>; asked once per run, before
    /// <see cref="ExecutionStarted"/>. An EXPRESS execution records its history only when an observer wants its events
    /// (or <see cref="StepFunctionsOptions.InspectExpressExecutions"/> keeps it), and events are made for observers only
    /// when one wants them: for a short execution that is most of its cost. The default is true.
    /// </summary>
    /// <param name="execution">The execution about to start (or resume).</param>
    /// <returns>Whether to call <see cref="HistoryEventRecorded"/> for its events.</returns>
    bool ObservesHistory(ExecutionObservation execution) => true;

    /// <summary>An execution ended with <paramref name="status"/> (never <see cref="ExecutionStatus.Running"/>).</summary>
    void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate);

    /// <summary>
    /// An execution's run stopped because the store could not be written (a journal commit failed: a full disk, say).
    /// The execution did not end: it stays RUNNING, in the store as in memory, is no longer run by this instance, and
    /// the next <see cref="LocalStepFunctions.RecoverAsync(System.Threading.CancellationToken)"/> resumes it from its
    /// last commit. <see cref="ExecutionCompleted"/> is not called for this run. The default does nothing.
    /// </summary>
    /// <param name="execution">The execution.</param>
    /// <param name="exception">The store's error.</param>
    void ExecutionInterrupted(ExecutionObservation execution, Exception exception)
    {
    }
}

/// <summary>What an <see cref="IExecutionObserver"/> is told about the execution it watches.</summary>
public sealed record ExecutionObservation
{
    /// <summary>The execution's ARN.</summary>
    public required string ExecutionArn { get; init; }

    /// <summary>The (unqualified) state machine ARN.</summary>
    public required string StateMachineArn { get; init; }

    /// <summary>The execution's name.</summary>
    public required string Name { get; init; }

    /// <summary>STANDARD or EXPRESS.</summary>
    public required StateMachineType Type { get; init; }

    /// <summary>When the execution started.</summary>
    public required DateTimeOffset StartDate { get; init; }

    /// <summary>The state machine's logging configuration at start, if any.</summary>
    public LoggingConfiguration? Logging { get; init; }

    /// <summary>The state machine's tracing configuration at start, if any.</summary>
    public TracingConfiguration? Tracing { get; init; }

    /// <summary>The trace header given to StartExecution (W3C <c>traceparent</c> or X-Ray), if any.</summary>
    public string? TraceHeader { get; init; }

    /// <summary>Whether this is a Standard execution resumed from its last committed transition after a restart.</summary>
    public bool Resumed { get; init; }

    /// <summary>
    /// Given to <see cref="IExecutionObserver.ExecutionCompleted"/>: the states the execution's last run entered
    /// (<see cref="Execution.ExecutionResult.StatesEntered"/>), whether its history was observed or not, so an observer
    /// that does not want the events can still count state transitions. Null elsewhere.
    /// </summary>
    public long? StatesEntered { get; init; }
}
