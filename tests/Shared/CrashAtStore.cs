using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// A store whose process "dies" at a journal commit it picks (<see cref="Survives"/>): that commit and every write
/// after it (execution records, resources, Map Run records) never reach the inner store, as if the process had died.
/// </summary>
internal abstract class CrashableStore(IStepFunctionsStore inner) : ForwardingStore(inner)
{
    private readonly Lock _commits = new();

    /// <summary>Whether the store has "died".</summary>
    public abstract bool Crashed { get; }

    public override ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken) =>
        Crashed ? ValueTask.CompletedTask : base.SaveResourcesAsync(resourcesJson, cancellationToken);

    public override ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) =>
        Crashed ? new ValueTask<bool>(true) : base.CreateExecutionAsync(execution, cancellationToken);

    public override ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) =>
        Crashed ? ValueTask.CompletedTask : base.UpdateExecutionAsync(execution, cancellationToken);

    public override ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken) =>
        Crashed ? ValueTask.CompletedTask : base.SaveMapRunAsync(mapRun, cancellationToken);

    public override ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken) =>
        Crashed ? ValueTask.CompletedTask : base.SaveMapRunExecutionAsync(execution, cancellationToken);

    /// <summary>Whether this commit reaches the inner store (false: the store has died, now or before); called one commit at a time.</summary>
    protected abstract bool Survives(string executionArn, IReadOnlyList<JournalRecord> staged);

    protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
    {
        lock (_commits)
        {
            return Survives(executionArn, staged) ? commit() : ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// A store that crashes at the first journal commit a predicate picks (by the execution and the records staged for
/// that commit): that commit and everything after it are lost, as if the process had died just before it.
/// </summary>
internal sealed class CrashAtStore(IStepFunctionsStore inner, Func<string, IReadOnlyList<JournalRecord>, bool> crashAt) : CrashableStore(inner)
{
    private readonly Func<string, IReadOnlyList<JournalRecord>, bool> _crashAt = crashAt;
    private volatile bool _crashed;

    public override bool Crashed => _crashed;

    public override ValueTask AddTimedOutTaskTokenAsync(string taskToken, DateTimeOffset timedOutAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : base.AddTimedOutTaskTokenAsync(taskToken, timedOutAt, forgetBefore, cancellationToken);

    protected override bool Survives(string executionArn, IReadOnlyList<JournalRecord> staged)
    {
        if (!_crashed && staged.Count > 0 && _crashAt(executionArn, staged))
        {
            _crashed = true;
        }

        return !_crashed;
    }
}
