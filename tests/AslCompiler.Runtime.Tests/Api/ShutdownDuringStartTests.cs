using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Tests.Shared;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// ShutdownAsync waits for a StartExecution (or RedriveExecution) whose store write is under way, and the instance
/// launches no run after it: the execution stays RUNNING in the store, and the next instance's recovery runs it.
/// </summary>
public sealed class ShutdownDuringStartTests
{
    private const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}""";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Holds the first execution write (a create, or an update when <paramref name="holdUpdate"/>) at a gate; counts the writes after it.</summary>
    private sealed class HeldWriteStore(IStepFunctionsStore inner, bool holdUpdate) : ForwardingStore(inner)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        public bool Armed { get; set; }

        public Task Held => _held.Task;

        public int Writes => Volatile.Read(ref _writes);

        public void Open() => _gate.TrySetResult();

        public override async ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
        {
            await HoldAsync(!holdUpdate);
            Interlocked.Increment(ref _writes);
            return await base.CreateExecutionAsync(execution, cancellationToken);
        }

        public override async ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
        {
            await HoldAsync(holdUpdate);
            Interlocked.Increment(ref _writes);
            await base.UpdateExecutionAsync(execution, cancellationToken);
        }

        protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return commit();
        }

        private async Task HoldAsync(bool hold)
        {
            if (hold && Armed && _held.TrySetResult())
            {
                await _gate.Task;
            }
        }
    }

    /// <summary>Counts what it hears: a run launched after the shutdown would announce its start.</summary>
    private sealed class CountingObserver : IExecutionObserver
    {
        private int _calls;
        private int _completed;

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>How many executions it heard end (the last call an execution makes to it).</summary>
        public int Completed => Volatile.Read(ref _completed);

        public void ExecutionStarted(ExecutionObservation execution) => Interlocked.Increment(ref _calls);

        public void HistoryEventRecorded(ExecutionObservation execution, AslCompiler.Runtime.Api.HistoryEvent historyEvent) => Interlocked.Increment(ref _calls);

        public void ExecutionCompleted(ExecutionObservation execution, ApiStatus status, DateTimeOffset stopDate)
        {
            Interlocked.Increment(ref _calls);
            Interlocked.Increment(ref _completed);
        }
    }

    private static LocalStepFunctions Create(IStepFunctionsStore store, IExecutionObserver? observer = null) =>
        new(new StepFunctionsOptions { Store = store, Observers = observer is null ? [] : [observer] });

    /// <summary>An instance over a store that holds the first create (or update) once armed, and an observer.</summary>
    private static async Task<(InMemoryStepFunctionsStore Inner, HeldWriteStore Store, CountingObserver Observer, LocalStepFunctions Sfn)> StartInstanceAsync(bool holdUpdate)
    {
        var inner = new InMemoryStepFunctionsStore();
        var store = new HeldWriteStore(inner, holdUpdate);
        var observer = new CountingObserver();
        var sfn = Create(store, observer);
        await sfn.RecoverAsync();
        return (inner, store, observer, sfn);
    }

    /// <summary>
    /// Shuts down while <paramref name="call"/> is held at the store: the shutdown waits for it, and no run is launched,
    /// before or after the shutdown returned (the observers heard nothing more than <paramref name="heard"/> calls, and
    /// nothing is written since).
    /// </summary>
    private static async Task ShutdownWhileHeldAsync(LocalStepFunctions sfn, HeldWriteStore store, CountingObserver observer, int heard, Task call)
    {
        await store.Held.WaitAsync(Bound);
        var shutdown = sfn.ShutdownAsync();
        await Task.Delay(100);
        Assert.False(shutdown.IsCompleted, "the shutdown must wait for the store write under way");

        store.Open();
        await call.WaitAsync(Bound);
        await shutdown.WaitAsync(Bound);
        var writes = store.Writes;
        await Task.Delay(100);
        Assert.Equal(writes, store.Writes);
        Assert.Equal(heard, observer.Calls);
    }

    [Fact]
    public async Task A_start_under_way_is_waited_for_and_its_execution_runs_after_recovery()
    {
        var (inner, store, observer, sfn) = await StartInstanceAsync(holdUpdate: false);
        var machine = await sfn.CreateMachineAsync("Held", Definition);

        store.Armed = true;
        var heard = observer.Calls;
        var start = sfn.StartAsync(machine, "held");
        await ShutdownWhileHeldAsync(sfn, store, observer, heard, start);
        var arn = await start;
        Assert.Equal(ApiStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);

        var again = Create(inner);
        await again.RecoverAsync();
        var done = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, done.Status);
        Assert.Equal("""{"ok":true}""", done.Output);
        await again.ShutdownAsync();
    }

    [Fact]
    public async Task A_redrive_under_way_is_waited_for_and_its_execution_runs_after_recovery()
    {
        var (inner, store, observer, sfn) = await StartInstanceAsync(holdUpdate: true);
        var machine = await sfn.CreateMachineAsync("Flaky", """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}""");
        var arn = await sfn.StartAsync(machine, "flaky");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);

        // The failed run's status can be read before its observers have heard it end: count only once they have.
        var until = DateTime.UtcNow + Bound;
        while (observer.Completed < 1 && DateTime.UtcNow < until)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, observer.Completed);
        store.Armed = true;
        var heard = observer.Calls;
        var redrive = sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        await ShutdownWhileHeldAsync(sfn, store, observer, heard, redrive);

        var again = Create(inner);
        await again.RecoverAsync();
        var done = await again.WaitAsync(arn);
        Assert.Equal(ApiStatus.Failed, done.Status);
        Assert.Equal(1, done.RedriveCount);
        await again.ShutdownAsync();
    }
}
