using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// A store that passes every call to another: the base of test stores that crash, hold or gate some writes. Each
/// journal commit goes through <see cref="CommitAsync"/> with the records staged for it.
/// </summary>
internal abstract class ForwardingStore(IStepFunctionsStore inner) : IStepFunctionsStore
{
    /// <summary>The store every call goes to.</summary>
    public IStepFunctionsStore Inner => inner;

    public virtual ValueTask<string?> LoadResourcesAsync(CancellationToken cancellationToken) => inner.LoadResourcesAsync(cancellationToken);

    public virtual ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken) => inner.SaveResourcesAsync(resourcesJson, cancellationToken);

    public virtual ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) => inner.CreateExecutionAsync(execution, cancellationToken);

    public virtual ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) => inner.UpdateExecutionAsync(execution, cancellationToken);

    public virtual ValueTask<IReadOnlyList<StoredExecution>> LoadExecutionsAsync(CancellationToken cancellationToken) => inner.LoadExecutionsAsync(cancellationToken);

    public virtual ValueTask DeleteExecutionAsync(string executionArn, CancellationToken cancellationToken) => inner.DeleteExecutionAsync(executionArn, cancellationToken);

    public async ValueTask<IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken) =>
        new Journal(this, executionArn, await inner.OpenJournalAsync(executionArn, cancellationToken));

    public virtual ValueTask<bool> TryClaimAsync(string executionArn, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        inner.TryClaimAsync(executionArn, owner, leaseUntil, cancellationToken);

    public virtual ValueTask AddTimedOutTaskTokenAsync(string taskToken, DateTimeOffset timedOutAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken) =>
        inner.AddTimedOutTaskTokenAsync(taskToken, timedOutAt, forgetBefore, cancellationToken);

    public virtual ValueTask<bool> IsTaskTokenTimedOutAsync(string taskToken, CancellationToken cancellationToken) => inner.IsTaskTokenTimedOutAsync(taskToken, cancellationToken);

    public virtual ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken) => inner.SaveMapRunAsync(mapRun, cancellationToken);

    public virtual ValueTask<IReadOnlyList<StoredMapRun>> LoadMapRunsAsync(CancellationToken cancellationToken) => inner.LoadMapRunsAsync(cancellationToken);

    public virtual ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken) =>
        inner.SaveMapRunExecutionAsync(execution, cancellationToken);

    public virtual ValueTask<IReadOnlyList<StoredMapRunExecution>> LoadMapRunExecutionsAsync(CancellationToken cancellationToken) =>
        inner.LoadMapRunExecutionsAsync(cancellationToken);

    /// <summary>One journal commit of an execution: <paramref name="commit"/> commits <paramref name="staged"/> to the inner store.</summary>
    protected virtual ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken) => commit();

    private sealed class Journal(ForwardingStore store, string executionArn, IExecutionJournal inner) : IExecutionJournal
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
            JournalRecord[] staged;
            lock (_staged)
            {
                staged = [.. _staged];
                _staged.Clear();
            }

            return store.CommitAsync(executionArn, staged, () => inner.CommitAsync(cancellationToken), cancellationToken);
        }
    }
}
