using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Sqlite;

/// <summary>
/// The journal of one execution in a <see cref="SqliteStepFunctionsStore"/>. Staging encodes a record straight into a
/// pooled buffer (<see cref="JournalCodec"/>); a commit hands that buffer, numbered, to the store's writer, which writes
/// it as one row in its next group transaction and returns the buffer to the pool. Once a commit fails (a full disk),
/// every later commit of the journal fails too, unwritten: the durable records stay a prefix of the staged ones. A journal
/// opened for an execution with no journal row makes the row with its first commit (opening one to read makes nothing).
/// </summary>
internal sealed class SqliteExecutionJournal : IExecutionJournal
{
    private readonly SqliteStepFunctionsStore _store;
    private readonly string _executionArn;

    // The journal's row; null until a commit that made it is committed (read and written by the writer thread only).
    private long? _journalId;
    private readonly Lock _gate = new();
    private byte[]? _staged;
    private int _stagedLength;
    private long _nextSequence;
    private Task _lastCommit = Task.CompletedTask;
    private volatile Exception? _failure;

    public SqliteExecutionJournal(SqliteStepFunctionsStore store, string executionArn, long? journalId, IReadOnlyList<JournalRecord> committed, long nextSequence)
    {
        _store = store;
        _executionArn = executionArn;
        _journalId = journalId;
        Committed = committed;
        _nextSequence = nextSequence;
    }

    public IReadOnlyList<JournalRecord> Committed { get; }

    public void Stage(JournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            JournalCodec.Append(ref _staged, ref _stagedLength, record);
        }
    }

    /// <remarks>
    /// Once its records are queued, a commit is waited for even if <paramref name="cancellationToken"/> is cancelled
    /// meanwhile: the writer completes or fails it within one transaction (or the store's dispose timeout), and the
    /// caller must know which. A token cancelled before the call still queues the records but returns a cancelled task.
    /// </remarks>
    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        Task commit;
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                // Nothing is written after a lost commit; what was staged is dropped.
                if (_staged is { } buffer)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                _staged = null;
                _stagedLength = 0;
                return ValueTask.FromException(Refused(failure));
            }

            if (_stagedLength == 0)
            {
                // Records staged before this call may be in a commit still in flight: its transaction covers them.
                commit = _lastCommit;
            }
            else
            {
                var write = new JournalWrite(this, _nextSequence, _staged!, _stagedLength);
                _store.Enqueue(write);
                _nextSequence++;
                _staged = null;
                _stagedLength = 0;
                _lastCommit = commit = write.Task;
            }
        }

        return commit.IsCompleted || !cancellationToken.IsCancellationRequested ? new ValueTask(commit) : new ValueTask(commit.WaitAsync(cancellationToken));
    }

    // A commit queued behind one that failed is refused with the first failure's cause.
    private SqliteStoreException Refused(Exception failure) => new(
        "SQLite store '" + _store.Path + "': not written, as an earlier commit of this journal failed: " + failure.Message,
        failure);

    private sealed class JournalWrite(SqliteExecutionJournal journal, long sequence, byte[] records, int length) : SqliteStepFunctionsStore.StoreWrite
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[]? _records = records;
        private long _journalId;

        public Task Task => _completion.Task;

        public override void Apply(SqliteStepFunctionsStore store)
        {
            if (journal._failure is { } failure)
            {
                // Queued before the failure was known (in its group transaction, retried alone after it).
                throw journal.Refused(failure);
            }

            // The row is looked up (or made) in this transaction until one that made it has committed: a transaction rolled
            // back takes its row with it, and its id may go to another journal.
            _journalId = journal._journalId ?? store.JournalRow(journal._executionArn);
            store.InsertJournalEntry(_journalId, sequence, (_records ?? throw new InvalidOperationException("The journal write already ended.")).AsSpan(0, length));
        }

        public override void Complete()
        {
            journal._journalId ??= _journalId;
            Release();
            _completion.TrySetResult();
        }

        public override void Fail(Exception exception)
        {
            Release();
            journal._failure ??= exception;
            _completion.TrySetException(exception);
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _records, null) is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
