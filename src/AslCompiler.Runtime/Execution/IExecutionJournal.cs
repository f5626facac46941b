using System;
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
/// <remarks>
/// A history event's record writes its JSON text when <see cref="Data"/> is first read: a store that keeps records as
/// objects (the in-memory one) never pays for text nobody reads, and a store that writes them reads it at its commit.
/// The event is immutable, so the text is the same whenever it is made. Two records are equal when their key, kind and
/// data are.
/// </remarks>
public sealed record JournalRecord
{
    private readonly HistoryEvent? _event;
    private string? _data;

    /// <summary>A record.</summary>
    /// <param name="Key">Where in the execution the record was made: stable across runs of the same execution (branch, iteration, state, visit, attempt).</param>
    /// <param name="Kind">What the record is (the kernel's vocabulary, e.g. <c>task</c>, <c>timer</c>, <c>event</c>).</param>
    /// <param name="Data">The record's content, as JSON text.</param>
#pragma warning disable CA1707, SA1313 // the positional record's parameter names, kept for callers that name them
    public JournalRecord(string Key, string Kind, string Data)
#pragma warning restore CA1707, SA1313
    {
        this.Key = Key;
        this.Kind = Kind;
        this.Data = Data;
    }

    /// <summary>A history event's record, whose text is written when first read.</summary>
    internal JournalRecord(string key, string kind, HistoryEvent historyEvent)
    {
        Key = key;
        Kind = kind;
        _event = historyEvent;
    }

    /// <summary>Where in the execution the record was made: stable across runs of the same execution (branch, iteration, state, visit, attempt).</summary>
    public string Key { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); }

    /// <summary>What the record is (the kernel's vocabulary, e.g. <c>task</c>, <c>timer</c>, <c>event</c>).</summary>
    public string Kind { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); }

    /// <summary>The record's content, as JSON text.</summary>
    public string Data
    {
        // Two threads may write the text at once; they write the same text, and either may be kept.
        get => _data ??= JournalReplay.FormatEvent(_event!);
        init => _data = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Whether the record's text is written yet (a history event's is written when first read).</summary>
    internal bool HasText => Volatile.Read(ref _data) is not null;

    /// <summary>The record's parts.</summary>
    /// <param name="key">Its <see cref="Key"/>.</param>
    /// <param name="kind">Its <see cref="Kind"/>.</param>
    /// <param name="data">Its <see cref="Data"/>.</param>
    public void Deconstruct(out string key, out string kind, out string data)
    {
        key = Key;
        kind = Kind;
        data = Data;
    }

    /// <inheritdoc/>
    public bool Equals(JournalRecord? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Kind, other.Kind, StringComparison.Ordinal)
                && string.Equals(Data, other.Data, StringComparison.Ordinal)));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Key), StringComparer.Ordinal.GetHashCode(Kind), StringComparer.Ordinal.GetHashCode(Data));
}
