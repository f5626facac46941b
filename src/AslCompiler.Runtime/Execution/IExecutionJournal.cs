using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The durable log of one Standard execution. The kernel stages a record for everything that is not a pure function
/// of the definition and the input — a task's result, a timer's due time, a random draw, a task token, a history
/// event — and commits the staged records at every state transition, before the next state starts. After a restart
/// the kernel runs the execution again with <see cref="Committed"/>: recorded results are reused instead of calling
/// handlers again, timers keep their due times, and recorded history events are not recorded twice.
/// The store treats records as opaque rows; only the kernel gives meaning to <see cref="JournalRecord.Kind"/>
/// and <see cref="JournalRecord.Data"/>.
/// </summary>
public interface IExecutionJournal
{
    /// <summary>The records committed by earlier runs of this execution, in commit order (empty for a new one).</summary>
    IReadOnlyList<JournalRecord> Committed { get; }

    /// <summary>Stages a record for the next commit. Thread-safe: Parallel branches and Map iterations stage concurrently.</summary>
    void Stage(JournalRecord record);

    /// <summary>
    /// Makes every record staged so far durable. Completes when they are committed (a store may group the commits of
    /// many executions into one transaction). After a crash, a record is either committed or was never staged. A commit
    /// that fails (a full disk) must fail every later commit of the journal too, without writing it, so the committed
    /// records stay a prefix of the staged ones; the kernel stops the run at the first failure
    /// (<see cref="ExecutionJournalException"/>).
    /// </summary>
    ValueTask CommitAsync(CancellationToken cancellationToken);
}

/// <summary>One record of an <see cref="IExecutionJournal"/>.</summary>
/// <param name="Key">Where in the execution the record was made: stable across runs of the same execution (branch, iteration, state, visit, attempt).</param>
/// <param name="Kind">What the record is (the kernel's vocabulary, e.g. <c>task</c>, <c>timer</c>, <c>event</c>).</param>
/// <param name="Data">The record's content, as JSON text.</param>
public sealed record JournalRecord(string Key, string Kind, string Data);
