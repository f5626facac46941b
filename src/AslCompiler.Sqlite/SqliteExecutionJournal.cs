using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Sqlite;

/// <summary>
/// The journal of one execution in a <see cref="SqliteStepFunctionsStore"/>: staged records wait in memory; a commit
/// hands them, numbered, to the store's writer, which writes them in its next group transaction.
/// </summary>
internal sealed class SqliteExecutionJournal : IExecutionJournal
{
    private readonly SqliteStepFunctionsStore _store;
    private readonly string _executionArn;
    private readonly Lock _gate = new();
    private readonly List<JournalRecord> _staged = [];
    private long _nextSequence;
    private Task _lastCommit = Task.CompletedTask;

    public SqliteExecutionJournal(SqliteStepFunctionsStore store, string executionArn, IReadOnlyList<JournalRecord> committed, long nextSequence)
    {
        _store = store;
        _executionArn = executionArn;
        Committed = committed;
        _nextSequence = nextSequence;
    }

    public IReadOnlyList<JournalRecord> Committed { get; }

    public void Stage(JournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _staged.Add(record);
        }
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        Task commit;
        lock (_gate)
        {
            if (_staged.Count == 0)
            {
                // Records staged before this call may be in a commit still in flight: its transaction covers them.
                commit = _lastCommit;
            }
            else
            {
                var write = new JournalWrite(_executionArn, _nextSequence, _staged.ToArray());
                _nextSequence += _staged.Count;
                _staged.Clear();
                _store.Enqueue(write);
                _lastCommit = commit = write.Task;
            }
        }

        return commit.IsCompleted ? new ValueTask(commit) : new ValueTask(commit.WaitAsync(cancellationToken));
    }

    private sealed class JournalWrite(string executionArn, long firstSequence, JournalRecord[] records) : SqliteStepFunctionsStore.StoreWrite
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _completion.Task;

        public override void Apply(SqliteStepFunctionsStore store, SqliteTransaction transaction)
        {
            for (var i = 0; i < records.Length; i++)
            {
                store.InsertJournalRecord(transaction, executionArn, firstSequence + i, records[i]);
            }
        }

        public override void Complete() => _completion.TrySetResult();

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
