using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using ApiHistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;
using KernelHistoryEvent = AslCompiler.Runtime.Execution.HistoryEvent;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A journal commit that fails (a full disk) is not an outcome of the execution: the run stops where it is, without an
/// end, and the execution stays RUNNING, in the store as in memory, until a recovery over a store that works resumes it.
/// Before, the engine marked it FAILED (States.Runtime, the store's message) while the journal held no end.
/// </summary>
public sealed class StoreFailureTests
{
    private const string Chain = """
        {"StartAt":"First","States":{
          "First":{"Type":"Pass","Result":1,"ResultPath":"$.first","Next":"Second"},
          "Second":{"Type":"Pass","Result":2,"ResultPath":"$.second","Next":"Third"},
          "Third":{"Type":"Pass","Result":3,"ResultPath":"$.third","End":true}}}
        """;

    // The first branch is waiting on the clock (its due time committed) when the second one's commit (its transition from
    // Failing to Then) fails: the failure must stop the first too, and nothing of it may be committed afterwards.
    private const string Fan = """
        {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"Waiting","States":{"Waiting":{"Type":"Wait","Seconds":30,"Next":"After"},"After":{"Type":"Pass","Result":"waited","End":true}}},
          {"StartAt":"Failing","States":{"Failing":{"Type":"Pass","Result":"passed","Next":"Then"},"Then":{"Type":"Pass","End":true}}}]}}}
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_commit_leaves_the_execution_RUNNING_without_an_end_and_a_recovery_finishes_it()
    {
        var (clock, inner, failing, observer, sfn, arn) = await StartAsync(FailsAtKey("Second"), Chain, "full-disk");

        var (interrupted, failure) = await observer.Interrupted.Task.WaitAsync(Bound);
        Assert.Equal(arn, interrupted.ExecutionArn);
        Assert.Same(failing.Failure, failure);
        Assert.False(observer.Completed, "the execution did not end");
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.Equal(ExecutionStatus.Running, Assert.Single(await inner.LoadExecutionsAsync(CancellationToken.None)).Status);

        // Its end cannot be recorded, so it cannot be stopped either: the store would still hold it RUNNING.
        var refused = await Assert.ThrowsAsync<StepFunctionsException>(() => sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn }));
        Assert.Equal("ServiceUnavailable", refused.ErrorCode);
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        await sfn.ShutdownAsync().WaitAsync(Bound);

        // A new instance over the store (which works again) resumes it from its last commit and ends it.
        var again = Create(clock, inner, new Watcher());
        await again.RecoverAsync();
        var done = await again.WaitAsync(arn);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"first":1,"second":2,"third":3}""", done.Output);
        var history = await HistoryAsync(again, arn);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Single(history, e => e.Type == HistoryEventType.ExecutionSucceeded);
        Assert.Equal(HistoryEventType.ExecutionSucceeded, history[^1].Type);
    }

    [Fact]
    public async Task A_failed_commit_in_one_branch_stops_the_others_and_nothing_more_is_committed()
    {
        var (clock, inner, failing, observer, sfn, arn) = await StartAsync(FailsAtKey("Failing"), Fan, "fan");

        await observer.Interrupted.Task.WaitAsync(Bound);
        await sfn.ShutdownAsync().WaitAsync(Bound); // the run has ended: the waiting branch was stopped, not left waiting
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, failing.CommitsAfterFailure);
        Assert.False(observer.Completed);
        Assert.Equal(ExecutionStatus.Running, Assert.Single(await inner.LoadExecutionsAsync(CancellationToken.None)).Status);

        var again = Create(clock, inner, new Watcher());
        await again.RecoverAsync();
        var run = again.WaitAsync(arn);
        clock.Advance(TimeSpan.FromSeconds(60));
        var done = await run;
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""["waited","passed"]""", done.Output);
        var history = await HistoryAsync(again, arn);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
    }

    [Fact]
    public async Task After_a_failed_commit_the_history_shows_only_the_events_the_store_accepted()
    {
        var (_, inner, _, observer, sfn, arn) = await StartAsync(FailsAtKey("Second"), Chain, "full-disk");
        await observer.Interrupted.Task.WaitAsync(Bound);

        // The run had recorded Second's events (entered, exited) when their commit failed: they were never written.
        var stored = await StoredEventsAsync(inner, arn);
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited"], stored.Select(e => e.Type));
        Assert.Equal(stored.Select(e => (e.Id, e.Type, e.Timestamp)), (await HistoryAsync(sfn, arn)).Select(e => (e.Id, e.Type.ToString(), e.Timestamp)));
        await sfn.ShutdownAsync().WaitAsync(Bound);
    }

    [Fact]
    public async Task An_end_that_could_not_be_committed_is_not_shown_in_the_history()
    {
        // The handler holds its thread (it moves the clock) past the execution's TimeoutSeconds and the engine's grace:
        // the engine ends the execution TIMED_OUT, and that end's commit fails.
        var (_, inner, _, observer, sfn, arn) = await StartAsync(
            staged => staged.Any(r => r.Data.Contains("\"ExecutionTimedOut\"", StringComparison.Ordinal)),
            """{"TimeoutSeconds":30,"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","End":true}}}""",
            "held",
            clock => new TaskHandlerRegistry().Register("arn:aws:lambda:*", _ =>
            {
                clock.Advance(TimeSpan.FromSeconds(45));
                return new ValueTask<JsonValue>(JsonValue.EmptyObject);
            }));
        await observer.Interrupted.Task.WaitAsync(Bound);
        await sfn.RunsEndedAsync().WaitAsync(Bound);

        var stored = await StoredEventsAsync(inner, arn);
        Assert.DoesNotContain(stored, e => e.Type == "ExecutionTimedOut");
        var shown = await HistoryAsync(sfn, arn);
        Assert.Equal(stored.Select(e => (e.Id, e.Type)), shown.Select(e => (e.Id, e.Type.ToString())));
        Assert.Equal(ExecutionStatus.Running, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        await sfn.ShutdownAsync().WaitAsync(Bound);
    }

    /// <summary>The history events the store's journal of <paramref name="arn"/> holds, in id order.</summary>
    private static async Task<List<KernelHistoryEvent>> StoredEventsAsync(InMemoryStepFunctionsStore store, string arn)
    {
        var journal = await store.OpenJournalAsync(arn, CancellationToken.None);
        return [.. journal.Committed.Where(r => r.Kind == JournalReplay.EventKind).Select(r => JournalReplay.ParseEvent(r.Data)).OrderBy(e => e.Id)];
    }

    private static LocalStepFunctions Create(TimeProvider clock, IStepFunctionsStore store, IExecutionObserver observer, TaskHandlerRegistry? handlers = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = clock,
        Store = store,
        Observers = [observer],
        Execution = new ExecutionOptions { TaskHandlers = handlers ?? new TaskHandlerRegistry() },
    });

    private static Func<IReadOnlyList<JournalRecord>, bool> FailsAtKey(string part) =>
        staged => staged.Any(r => r.Key.Contains(part, StringComparison.Ordinal));

    /// <summary>
    /// A recovered engine over an in-memory store whose commits fail from the one <paramref name="failAt"/> picks, and an
    /// execution of <paramref name="definition"/> started on it.
    /// </summary>
    private static async Task<(VirtualTimeProvider Clock, InMemoryStepFunctionsStore Inner, FailingStore Failing, Watcher Observer, LocalStepFunctions Sfn, string Arn)> StartAsync(
        Func<IReadOnlyList<JournalRecord>, bool> failAt, string definition, string name, Func<VirtualTimeProvider, TaskHandlerRegistry>? handlers = null)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var inner = new InMemoryStepFunctionsStore(clock);
        var failing = new FailingStore(inner, failAt);
        var observer = new Watcher();
        var sfn = Create(clock, failing, observer, handlers?.Invoke(clock));
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", definition);
        return (clock, inner, failing, observer, sfn, await sfn.StartAsync(machine, name));
    }

    private static async Task<List<ApiHistoryEvent>> HistoryAsync(LocalStepFunctions sfn, string arn) =>
        [.. (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1000 })).Events];

    /// <summary>A store whose disk fills up at the journal commit a predicate picks: that commit and every later one fail.</summary>
    private sealed class FailingStore(IStepFunctionsStore inner, Func<IReadOnlyList<JournalRecord>, bool> failAt) : ForwardingStore(inner)
    {
        private int _failed;
        private int _commitsAfterFailure;

        public Exception Failure { get; } = new IOException("No space left on device");

        /// <summary>Commits with records that reached the store after the failure (the kernel must make none).</summary>
        public int CommitsAfterFailure => Volatile.Read(ref _commitsAfterFailure);

        protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _failed) == 1)
            {
                if (staged.Count > 0)
                {
                    Interlocked.Increment(ref _commitsAfterFailure);
                }

                return ValueTask.FromException(Failure);
            }

            if (staged.Count > 0 && failAt(staged))
            {
                Volatile.Write(ref _failed, 1);
                return ValueTask.FromException(Failure);
            }

            return commit();
        }
    }

    private sealed class Watcher : IExecutionObserver
    {
        private volatile bool _completed;

        public TaskCompletionSource<(ExecutionObservation Execution, Exception Failure)> Interrupted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Completed => _completed;

        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        public void HistoryEventRecorded(ExecutionObservation execution, ApiHistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate) => _completed = true;

        public void ExecutionInterrupted(ExecutionObservation execution, Exception exception) => Interrupted.TrySetResult((execution, exception));
    }
}
