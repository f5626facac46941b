using System;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The engine's hold on one run (given in <see cref="ExecutionRequest.Handle"/>): when work of the run holds it past a
/// stop's grace, or past the execution's time limit and that grace (a handler that blocks its thread), the engine ends
/// the execution through it instead of waiting. The run then records <c>ExecutionAborted</c> (or
/// <c>ExecutionTimedOut</c>, dated at the limit) at once, commits it, and drops whatever the abandoned work records
/// later, so nothing follows the terminal event in the history or the journal.
/// A shutdown that gives up waiting for the run detaches it instead (<see cref="Detach"/>): no end is recorded.
/// </summary>
internal sealed class ExecutionRunHandle
{
    private readonly Lock _gate = new();
    private ExecutionRun? _run;
    private bool _detached;
    private (string? Error, string? Cause) _stop;
    private string? _deleted;

    /// <summary>Called by the run as it is made (a run made after <see cref="Detach"/> is detached at once).</summary>
    internal void Attach(ExecutionRun run)
    {
        lock (_gate)
        {
            _run = run;
            if (_detached)
            {
                run.Detach();
            }

            if (_deleted is { } cause)
            {
                run.FailAtNextState(cause);
            }
        }
    }

    /// <summary>
    /// Ends the run now: as aborted (a stop), or as timed out at <paramref name="at"/> (the execution's time limit, for
    /// work that held the run past it). The stop date (the terminal event's time), or null when the run had already
    /// decided its own end (it is finishing) or has not begun.
    /// </summary>
    public ValueTask<DateTimeOffset?> AbandonAsync(ExecutionStatus status = ExecutionStatus.Aborted, DateTimeOffset? at = null)
    {
        ExecutionRun? run;
        lock (_gate)
        {
            run = _run;
        }

        return run is not null ? run.AbandonAsync(status, at) : new ValueTask<DateTimeOffset?>((DateTimeOffset?)null);
    }

    /// <summary>
    /// The execution's state machine is being deleted: the run (this one and any attached later) fails at its next state
    /// transition with <c>States.Runtime</c> and <paramref name="cause"/>, as on AWS.
    /// </summary>
    internal void StateMachineDeleted(string cause)
    {
        lock (_gate)
        {
            _deleted = cause;
            _run?.FailAtNextState(cause);
        }
    }

    /// <summary>
    /// The error and cause of the stop that ends the current run (StopExecution's), for its <c>ExecutionAborted</c>
    /// event: set before the run is cancelled, cleared by a redrive.
    /// </summary>
    internal (string? Error, string? Cause) Stop
    {
        get
        {
            lock (_gate)
            {
                return _stop;
            }
        }

        set
        {
            lock (_gate)
            {
                _stop = value;
            }
        }
    }

    /// <summary>Whether it still holds its run (until <see cref="Release"/>).</summary>
    internal bool HoldsRun
    {
        get
        {
            lock (_gate)
            {
                return _run is not null;
            }
        }
    }

    /// <summary>The states the run has entered so far (<see cref="ExecutionResult.StatesEntered"/>); 0 once released.</summary>
    public long StatesEntered
    {
        get
        {
            lock (_gate)
            {
                return _run?.StatesEntered ?? 0;
            }
        }
    }

    /// <summary>
    /// Lets go of a run that has returned: the ended execution's record keeps its handle, and would otherwise keep the
    /// whole run (frames, journal replay, request) alive with it. <see cref="AbandonAsync"/> then answers null, as for a
    /// run that decided its own end.
    /// </summary>
    public void Release()
    {
        lock (_gate)
        {
            _run = null;
        }
    }

    /// <summary>
    /// Cuts the run off without an end, for a shutdown that stopped waiting for it: its history and journal take nothing
    /// more (nothing it records or stages later is kept or committed), so the execution stays as it was, RUNNING, in
    /// memory and in the store, and resumes from its last commit in the next recovery.
    /// </summary>
    public void Detach()
    {
        lock (_gate)
        {
            _detached = true;
            _run?.Detach();
        }
    }
}
