using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// A store that crashes at the first journal commit a predicate picks (by the execution and the records staged for
/// that commit): that commit and everything after it are lost, as if the process had died just before it.
/// </summary>
internal sealed class CrashAtStore(IStepFunctionsStore inner, Func<string, IReadOnlyList<JournalRecord>, bool> crashAt) : ForwardingStore(inner)
{
    private readonly Func<string, IReadOnlyList<JournalRecord>, bool> _crashAt = crashAt;
    private readonly Lock _commits = new();
    private volatile bool _crashed;

    public bool Crashed => _crashed;

    public override ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : base.SaveResourcesAsync(resourcesJson, cancellationToken);

    public override ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) =>
        _crashed ? new ValueTask<bool>(true) : base.CreateExecutionAsync(execution, cancellationToken);

    public override ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : base.UpdateExecutionAsync(execution, cancellationToken);

    public override ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : base.SaveMapRunAsync(mapRun, cancellationToken);

    public override ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : base.SaveMapRunExecutionAsync(execution, cancellationToken);

    public override ValueTask AddTimedOutTaskTokenAsync(string taskToken, DateTimeOffset timedOutAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken) =>
        _crashed ? ValueTask.CompletedTask : base.AddTimedOutTaskTokenAsync(taskToken, timedOutAt, forgetBefore, cancellationToken);

    protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
    {
        lock (_commits)
        {
            if (!_crashed && staged.Count > 0 && _crashAt(executionArn, staged))
            {
                _crashed = true;
            }

            return _crashed ? ValueTask.CompletedTask : commit();
        }
    }
}
