using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// A store that crashes at the first journal commit a predicate picks (by the execution and the records staged for
/// that commit): that commit and everything after it are lost, as if the process had died just before it.
/// </summary>
internal sealed class CrashAtStore(IStepFunctionsStore inner, Func<string, IReadOnlyList<JournalRecord>, bool> crashAt) : IStepFunctionsStore
{
    private readonly Func<string, IReadOnlyList<JournalRecord>, bool> _crashAt = crashAt;
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    public ValueTask<string?> LoadResourcesAsync(CancellationToken cancellationToken) => inner.LoadResourcesAsync(cancellationToken);

    public ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : inner.SaveResourcesAsync(resourcesJson, cancellationToken);

    public ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) =>
        _crashed ? new ValueTask<bool>(true) : inner.CreateExecutionAsync(execution, cancellationToken);

    public ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : inner.UpdateExecutionAsync(execution, cancellationToken);

    public ValueTask<IReadOnlyList<StoredExecution>> LoadExecutionsAsync(CancellationToken cancellationToken) => inner.LoadExecutionsAsync(cancellationToken);

    public async ValueTask<IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken) =>
        new Journal(this, executionArn, await inner.OpenJournalAsync(executionArn, cancellationToken));

    public ValueTask<bool> TryClaimAsync(string executionArn, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        inner.TryClaimAsync(executionArn, owner, leaseUntil, cancellationToken);

    public ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : inner.SaveMapRunAsync(mapRun, cancellationToken);

    public ValueTask<IReadOnlyList<StoredMapRun>> LoadMapRunsAsync(CancellationToken cancellationToken) => inner.LoadMapRunsAsync(cancellationToken);

    public ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : inner.SaveMapRunExecutionAsync(execution, cancellationToken);

    public ValueTask<IReadOnlyList<StoredMapRunExecution>> LoadMapRunExecutionsAsync(CancellationToken cancellationToken) => inner.LoadMapRunExecutionsAsync(cancellationToken);

    private sealed class Journal(CrashAtStore store, string arn, IExecutionJournal inner) : IExecutionJournal
    {
        private readonly List<JournalRecord> _staged = [];

        public IReadOnlyList<JournalRecord> Committed => inner.Committed;

        public void Stage(JournalRecord record)
        {
            lock (_staged)
            {
                _staged.Add(record);
            }

            inner.Stage(record);
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            lock (store)
            {
                JournalRecord[] staged;
                lock (_staged)
                {
                    staged = [.. _staged];
                    _staged.Clear();
                }

                if (!store._crashed && staged.Length > 0 && store._crashAt(arn, staged))
                {
                    store._crashed = true;
                }

                return store._crashed ? ValueTask.CompletedTask : inner.CommitAsync(cancellationToken);
            }
        }
    }
}
