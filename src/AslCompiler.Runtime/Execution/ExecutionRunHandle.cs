using System;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The engine's hold on one run (given in <see cref="ExecutionRequest.Handle"/>): when work of the run ignores a stop
/// past its grace (a handler that never looks at its cancellation token), the engine ends the execution through it
/// instead of waiting. The run then records <c>ExecutionAborted</c> at once, commits it, and drops whatever the
/// abandoned work records later, so nothing follows the terminal event in the history or the journal.
/// </summary>
internal sealed class ExecutionRunHandle
{
    private ExecutionRun? _run;

    /// <summary>Called by the run as it is made.</summary>
    internal void Attach(ExecutionRun run) => Volatile.Write(ref _run, run);

    /// <summary>
    /// Ends the run as aborted now; the stop date (the <c>ExecutionAborted</c> event's time), or null when the run had
    /// already decided its own end (it is finishing) or has not begun.
    /// </summary>
    public ValueTask<DateTimeOffset?> AbandonAsync() =>
        Volatile.Read(ref _run) is { } run ? run.AbandonAsync() : new ValueTask<DateTimeOffset?>((DateTimeOffset?)null);
}
