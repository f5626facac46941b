using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Api.Store;

/// <summary>
/// An <see cref="IStepFunctionsStore"/> in memory: durable only as long as the object lives, which is what tests need to
/// simulate a restart — a second <see cref="LocalStepFunctions"/> over the same store object recovers the executions
/// of the first (<see cref="LocalStepFunctions.RecoverAsync(System.Threading.CancellationToken)"/>). A journal's staged records become visible to later
/// <see cref="OpenJournalAsync"/> calls only when committed, all of one commit at once. Thread-safe.
/// </summary>
public sealed class InMemoryStepFunctionsStore : IStepFunctionsStore
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, StoredExecution> _executions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JournalRecord>> _journals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _timedOutTokens = new(StringComparer.Ordinal);
    private readonly Queue<(string Token, DateTimeOffset At)> _timedOutOrder = new();
    private readonly Dictionary<string, StoredMapRun> _mapRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredMapRunExecution> _mapRunExecutions = new(StringComparer.Ordinal);

    // The Map Runs of each execution, and the Map Run children of each root execution (DeleteExecutionAsync reads them).
    private readonly Dictionary<string, HashSet<string>> _mapRunsByExecution = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _childrenByRoot = new(StringComparer.Ordinal);
    private string? _resources;
    private long _commits;

    /// <summary>A store whose claims' leases end by the system clock.</summary>
    public InMemoryStepFunctionsStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A store whose claims' leases end by <paramref name="timeProvider"/>: the clock the engines sharing it run on.</summary>
    /// <param name="timeProvider">The clock that <see cref="TryClaimAsync"/> compares leases with.</param>
    public InMemoryStepFunctionsStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>How many journal commits made records durable (benchmarks and tests read it).</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>The committed records of an execution's journal, in commit order (empty when it has none).</summary>
    public IReadOnlyList<JournalRecord> GetCommittedRecords(string executionArn)
    {
        lock (_gate)
        {
            return _journals.TryGetValue(executionArn, out var records) ? records.ToArray() : [];
        }
    }

    /// <inheritdoc/>
    public ValueTask<string?> LoadResourcesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new ValueTask<string?>(_resources);
        }
    }

    /// <inheritdoc/>
    public ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourcesJson);
        lock (_gate)
        {
            _resources = resourcesJson;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_gate)
        {
            return new ValueTask<bool>(_executions.TryAdd(execution.ExecutionArn, execution));
        }
    }

    /// <inheritdoc/>
    public ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_gate)
        {
            _executions[execution.ExecutionArn] = execution;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredExecution>> LoadExecutionsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var list = new List<StoredExecution>(_executions.Values);
            list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return new ValueTask<IReadOnlyList<StoredExecution>>(list);
        }
    }

    /// <inheritdoc/>
    public ValueTask DeleteExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionArn);
        lock (_gate)
        {
            _executions.Remove(executionArn);
            _journals.Remove(executionArn);
            _claims.Remove(executionArn);
            ForgetMapRuns(executionArn);
            if (_childrenByRoot.Remove(executionArn, out var children))
            {
                foreach (var child in children)
                {
                    _mapRunExecutions.Remove(child);
                    ForgetMapRuns(child);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private void ForgetMapRuns(string executionArn)
    {
        if (_mapRunsByExecution.Remove(executionArn, out var runs))
        {
            foreach (var run in runs)
            {
                _mapRuns.Remove(run);
            }
        }
    }

    private static void Index(Dictionary<string, HashSet<string>> index, string key, string value)
    {
        if (!index.TryGetValue(key, out var values))
        {
            values = new HashSet<string>(StringComparer.Ordinal);
            index[key] = values;
        }

        values.Add(value);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Opening keeps nothing: an execution without a journal gets an empty one, kept from its first commit on. So a read
    /// that lands after <see cref="DeleteExecutionAsync"/> (GetExecutionHistory racing the execution's expiry) leaves no
    /// journal behind for the deleted execution, as it once did.
    /// </remarks>
    public ValueTask<IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionArn);
        lock (_gate)
        {
            return _journals.TryGetValue(executionArn, out var records)
                ? new ValueTask<IExecutionJournal>(new Journal(this, executionArn, records, records.ToArray()))
                : new ValueTask<IExecutionJournal>(new Journal(this, executionArn, null, []));
        }
    }

    /// <summary>The journal records kept for an execution, made now if it has none (under the gate: a journal's first commit).</summary>
    private List<JournalRecord> JournalOf(string executionArn)
    {
        if (!_journals.TryGetValue(executionArn, out var records))
        {
            records = [];
            _journals[executionArn] = records;
        }

        return records;
    }

    /// <summary>How many executions have a journal.</summary>
    internal int JournalCount
    {
        get
        {
            lock (_gate)
            {
                return _journals.Count;
            }
        }
    }

    /// <summary>
    /// Forgets an execution's journal (the engine's own store, without a durable one, once the execution has ended in a
    /// way no redrive replays: its history is kept apart).
    /// </summary>
    internal void DropJournal(string executionArn)
    {
        lock (_gate)
        {
            _journals.Remove(executionArn);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryClaimAsync(string executionArn, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionArn);
        ArgumentNullException.ThrowIfNull(owner);
        lock (_gate)
        {
            // One process: a claim only refuses another owner whose lease has not run out.
            if (_claims.TryGetValue(executionArn, out var claim) && claim.Owner != owner && claim.Until > _time.GetUtcNow())
            {
                return new ValueTask<bool>(false);
            }

            _claims[executionArn] = (owner, leaseUntil);
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask AddTimedOutTaskTokenAsync(string taskToken, DateTimeOffset timedOutAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        lock (_gate)
        {
            // Oldest first: tokens are added in the order they time out.
            while (_timedOutOrder.TryPeek(out var oldest) && oldest.At < forgetBefore)
            {
                _timedOutOrder.Dequeue();
                if (_timedOutTokens.TryGetValue(oldest.Token, out var at) && at == oldest.At)
                {
                    _timedOutTokens.Remove(oldest.Token);
                }
            }

            if (timedOutAt >= forgetBefore)
            {
                _timedOutTokens[taskToken] = timedOutAt;
                _timedOutOrder.Enqueue((taskToken, timedOutAt));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> IsTaskTokenTimedOutAsync(string taskToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskToken);
        lock (_gate)
        {
            return new ValueTask<bool>(_timedOutTokens.ContainsKey(taskToken));
        }
    }

    /// <inheritdoc/>
    public ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapRun);
        lock (_gate)
        {
            _mapRuns[mapRun.MapRunArn] = mapRun;
            Index(_mapRunsByExecution, mapRun.ExecutionArn, mapRun.MapRunArn);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredMapRun>> LoadMapRunsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var list = new List<StoredMapRun>(_mapRuns.Values);
            list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return new ValueTask<IReadOnlyList<StoredMapRun>>(list);
        }
    }

    /// <inheritdoc/>
    public ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_gate)
        {
            _mapRunExecutions[execution.ExecutionArn] = execution;
            Index(_childrenByRoot, execution.RootExecutionArn, execution.ExecutionArn);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredMapRunExecution>> LoadMapRunExecutionsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var list = new List<StoredMapRunExecution>(_mapRunExecutions.Values);
            list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return new ValueTask<IReadOnlyList<StoredMapRunExecution>>(list);
        }
    }

    private sealed class Journal(InMemoryStepFunctionsStore store, string executionArn, List<JournalRecord>? durable, IReadOnlyList<JournalRecord> committed) : IExecutionJournal
    {
        private readonly List<JournalRecord> _staged = [];

        // The store's records of the execution, from the first commit when the journal had none at its opening.
        private List<JournalRecord>? _durable = durable;

        public IReadOnlyList<JournalRecord> Committed => committed;

        public void Stage(JournalRecord record)
        {
            ArgumentNullException.ThrowIfNull(record);
            lock (_staged)
            {
                _staged.Add(record);
            }
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            // One lock over taking and appending: records become durable in the order they were staged.
            lock (_staged)
            {
                if (_staged.Count == 0)
                {
                    return ValueTask.CompletedTask;
                }

                lock (store._gate)
                {
                    _durable ??= store.JournalOf(executionArn);
                    _durable.AddRange(_staged);
                    store._commits++;
                }

                _staged.Clear();
            }

            return ValueTask.CompletedTask;
        }
    }
}
