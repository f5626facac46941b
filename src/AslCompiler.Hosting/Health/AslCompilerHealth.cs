using System;
using System.Threading;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Hosting;

/// <summary>
/// What <see cref="AslCompilerHealthCheck"/> reports from: the scheduler's phase (starting, running, stopping) and the
/// executions whose run stopped because the store could not be written. It hears the latter as an execution observer;
/// it wants no history events, so it costs an execution nothing else.
/// </summary>
internal sealed class AslCompilerHealth : IExecutionObserver
{
    private readonly Lock _gate = new();
    private SchedulerPhase _phase;
    private Exception? _recoveryFailure;
    private int _interrupted;
    private string? _lastInterruptedArn;
    private Exception? _lastStoreFailure;
    private DateTimeOffset _lastInterruptedAt;

    /// <summary>Where the scheduler is in the host's life.</summary>
    internal enum SchedulerPhase
    {
        /// <summary>The host has not started the scheduler yet.</summary>
        NotStarted,

        /// <summary>The scheduler is resuming the store's RUNNING executions.</summary>
        Recovering,

        /// <summary>The store was recovered; executions run.</summary>
        Running,

        /// <summary>Recovering the store failed (the host did not start).</summary>
        RecoveryFailed,

        /// <summary>The host is stopping, or stopped: running executions checkpoint and leave.</summary>
        Stopping,
    }

    /// <summary>The phase, the recovery's failure, and the interrupted executions, read together.</summary>
    internal Snapshot Read()
    {
        lock (_gate)
        {
            return new Snapshot(_phase, _recoveryFailure, _interrupted, _lastInterruptedArn, _lastStoreFailure, _lastInterruptedAt);
        }
    }

    internal void Recovering() => Set(SchedulerPhase.Recovering, null);

    internal void Running() => Set(SchedulerPhase.Running, null);

    internal void RecoveryFailed(Exception failure) => Set(SchedulerPhase.RecoveryFailed, failure);

    internal void Stopping() => Set(SchedulerPhase.Stopping, null);

    private void Set(SchedulerPhase phase, Exception? failure)
    {
        lock (_gate)
        {
            _phase = phase;
            _recoveryFailure = failure;
            if (phase == SchedulerPhase.Recovering)
            {
                // A recovery resumes the executions that were interrupted before it.
                _interrupted = 0;
                _lastInterruptedArn = null;
                _lastStoreFailure = null;
                _lastInterruptedAt = default;
            }
        }
    }

    /// <inheritdoc/>
    public bool ObservesHistory(ExecutionObservation execution) => false;

    /// <inheritdoc/>
    public void ExecutionStarted(ExecutionObservation execution)
    {
    }

    /// <inheritdoc/>
    public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent)
    {
    }

    /// <inheritdoc/>
    public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
    {
    }

    /// <inheritdoc/>
    public void ExecutionInterrupted(ExecutionObservation execution, Exception exception)
    {
        lock (_gate)
        {
            _interrupted++;
            _lastInterruptedArn = execution.ExecutionArn;
            _lastStoreFailure = exception;
            _lastInterruptedAt = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>A consistent reading of <see cref="AslCompilerHealth"/>.</summary>
    internal readonly record struct Snapshot(
        SchedulerPhase Phase,
        Exception? RecoveryFailure,
        int Interrupted,
        string? LastInterruptedArn,
        Exception? LastStoreFailure,
        DateTimeOffset LastInterruptedAt);
}
