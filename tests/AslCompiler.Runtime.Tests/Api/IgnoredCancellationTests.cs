using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using ApiHistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// Executions of <see cref="LocalStepFunctions"/> whose work ignores its cancellation token. The execution's
/// TimeoutSeconds ends it TIMED_OUT at the timeout, a task's TimeoutSeconds fails the state at its time (Catch goes on),
/// and a stop ends it ABORTED at once, without waiting for a handler that awaits something else; what the handler
/// returns later is dropped, in memory and in the store. ShutdownAsync waits for runs for a bounded time (its
/// cancellation token, <see cref="StepFunctionsOptions.ShutdownTimeout"/>), then leaves the executions still running
/// RUNNING, to be resumed by the next recovery, and returns: nothing of them reaches the store or the observers after it.
/// </summary>
[Collection(BlockingHandlers.Collection)]
public sealed class IgnoredCancellationTests
{
    private const string Queue = "arn:aws:states:::sqs:sendMessage";

    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static string SendDefinition(string limits) => """
        {LIMITS"StartAt":"Send","States":{
          "Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}
        """.Replace("LIMITS", limits, StringComparison.Ordinal);

    /// <summary>Hears executions end (and counts every call, to show nothing is heard after a shutdown returned).</summary>
    private sealed class EndObserver : IExecutionObserver
    {
        private readonly TaskCompletionSource<ExecutionStatus> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public Task<ExecutionStatus> Completed => _completed.Task;

        public int Calls => Volatile.Read(ref _calls);

        public void ExecutionStarted(ExecutionObservation execution) => Interlocked.Increment(ref _calls);

        public void HistoryEventRecorded(ExecutionObservation execution, ApiHistoryEvent historyEvent) => Interlocked.Increment(ref _calls);

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
        {
            Interlocked.Increment(ref _calls);
            _completed.TrySetResult(status);
        }
    }

    private static LocalStepFunctions Create(TimeProvider clock, IStepFunctionsStore? store, TaskHandlerRegistry handlers, IExecutionObserver? observer = null, TimeSpan? shutdownTimeout = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = clock,
        Store = store,
        Observers = observer is null ? [] : [observer],
        ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(10),
        Execution = new ExecutionOptions { TaskHandlers = handlers },
    });

    /// <summary>An engine (over a store when <paramref name="durable"/>) whose queue handler ignores its cancellation.</summary>
    private static async Task<(ArmedClock Clock, InMemoryStepFunctionsStore Store, StuckHandler Stuck, TaskHandlerRegistry Handlers, EndObserver Observer, LocalStepFunctions Sfn)> StuckAsync(bool durable)
    {
        var clock = new ArmedClock(new VirtualTimeProvider(Start));
        var store = new InMemoryStepFunctionsStore(clock);
        var stuck = new StuckHandler();
        var handlers = new TaskHandlerRegistry().Register(Queue + "*", stuck.InvokeAsync);
        var observer = new EndObserver();
        var sfn = Create(clock, durable ? store : null, handlers, observer);
        await sfn.RecoverAsync();
        return (clock, store, stuck, handlers, observer, sfn);
    }

    private static async Task<List<ApiHistoryEvent>> HistoryAsync(LocalStepFunctions sfn, string arn) =>
        [.. (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1000 })).Events];

    /// <summary>A new engine over the store recovers the execution as the first left it: TIMED_OUT, with the same events and times.</summary>
    private static async Task AssertRecoveredTimedOutAsync(TimeProvider clock, IStepFunctionsStore store, TaskHandlerRegistry handlers, string arn, List<ApiHistoryEvent> expected)
    {
        var again = Create(clock, store, handlers);
        await again.RecoverAsync();
        Assert.Equal(ExecutionStatus.TimedOut, (await DescribeAsync(again, arn)).Status);
        Assert.Equal(expected.Select(e => (e.Id, e.Type, e.Timestamp)), (await HistoryAsync(again, arn)).Select(e => (e.Id, e.Type, e.Timestamp)));
    }

    private static Task<DescribeExecutionResponse> DescribeAsync(LocalStepFunctions sfn, string arn) =>
        sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_execution_ends_TIMED_OUT_at_its_TimeoutSeconds_while_a_handler_ignores_cancellation(bool durable)
    {
        var (clock, store, stuck, handlers, observer, sfn) = await StuckAsync(durable);
        var machine = await sfn.CreateMachineAsync("M", SendDefinition("\"TimeoutSeconds\":30,"));
        var arn = await sfn.StartAsync(machine, "late");
        await stuck.Entered.WaitAsync(Bound);

        // The task waits for its handler under the execution's limit: time moves to it.
        await clock.WhenArmed(TimeSpan.FromSeconds(30)).WaitAsync(Bound);
        clock.Inner.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ExecutionStatus.TimedOut, await observer.Completed.WaitAsync(Bound));

        var described = await DescribeAsync(sfn, arn);
        Assert.Equal(ExecutionStatus.TimedOut, described.Status);
        Assert.Equal(Start.AddSeconds(30), described.StopDate);
        var atEnd = await HistoryAsync(sfn, arn);
        Assert.Equal(HistoryEventType.ExecutionTimedOut, atEnd[^1].Type);
        Assert.Equal(Start.AddSeconds(30), atEnd[^1].Timestamp);
        Assert.DoesNotContain(atEnd, e => e.Type == HistoryEventType.TaskSubmitted);

        // The handler returns long after: its TaskSubmitted is dropped.
        await stuck.ReleaseAsync(JsonValue.Parse("""{"MessageId":"late"}"""));
        await sfn.ShutdownAsync().WaitAsync(Bound);
        Assert.Equal(atEnd.Select(e => (e.Id, e.Type)), (await HistoryAsync(sfn, arn)).Select(e => (e.Id, e.Type)));
        if (durable)
        {
            await AssertRecoveredTimedOutAsync(clock, store, handlers, arn, atEnd);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_task_TimeoutSeconds_fails_the_state_on_time_while_its_handler_ignores_cancellation_and_the_execution_goes_on(bool durable)
    {
        var (clock, store, stuck, handlers, observer, sfn) = await StuckAsync(durable);
        var machine = await sfn.CreateMachineAsync("M", """
            {"StartAt":"Send","States":{
              "Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":10,
                "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},
                "Catch":[{"ErrorEquals":["States.Timeout"],"ResultPath":"$.error","Next":"Caught"}],"End":true},
              "Caught":{"Type":"Pass","End":true}}}
            """);
        var arn = await sfn.StartAsync(machine, "caught");
        await stuck.Entered.WaitAsync(Bound);

        await clock.WhenArmed(TimeSpan.FromSeconds(10)).WaitAsync(Bound);
        clock.Inner.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatus.Succeeded, await observer.Completed.WaitAsync(Bound));

        var described = await DescribeAsync(sfn, arn);
        Assert.Equal(Start.AddSeconds(10), described.StopDate);
        Assert.Contains("States.Timeout", described.Output, StringComparison.Ordinal);
        var history = await HistoryAsync(sfn, arn);
        Assert.Equal(Start.AddSeconds(10), history.Single(e => e.Type == HistoryEventType.TaskTimedOut).Timestamp);
        Assert.Equal(HistoryEventType.ExecutionSucceeded, history[^1].Type);

        await stuck.ReleaseAsync(JsonValue.Parse("""{"MessageId":"late"}"""));
        await sfn.ShutdownAsync().WaitAsync(Bound);
        Assert.DoesNotContain(await HistoryAsync(sfn, arn), e => e.Type == HistoryEventType.TaskSubmitted);
        if (durable)
        {
            var again = Create(clock, store, handlers);
            await again.RecoverAsync();
            Assert.Equal(history.Select(e => (e.Id, e.Type)), (await HistoryAsync(again, arn)).Select(e => (e.Id, e.Type)));
        }
    }

    [Fact]
    public async Task A_stop_ends_the_execution_at_once_while_a_waitForTaskToken_handler_ignores_cancellation()
    {
        var clock = new VirtualTimeProvider(Start);
        var stuck = new StuckHandler();
        var sfn = Create(clock, null, new TaskHandlerRegistry().Register(Queue + "*", stuck.InvokeAsync));
        var machine = await sfn.CreateMachineAsync("M", SendDefinition(string.Empty));
        var arn = await sfn.StartAsync(machine, "stopped");
        await stuck.Entered.WaitAsync(Bound);

        // No grace is spent: the run does not wait for the handler once it is stopped (the clock never moves).
        var stopped = await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Halt" }).WaitAsync(Bound);
        Assert.Equal(Start, stopped.StopDate);
        var history = await HistoryAsync(sfn, arn);
        Assert.Equal(HistoryEventType.ExecutionAborted, history[^1].Type);

        await stuck.ReleaseAsync(JsonValue.Parse("""{"MessageId":"late"}"""));
        await sfn.ShutdownAsync().WaitAsync(Bound);
        Assert.Equal(history.Select(e => e.Type), (await HistoryAsync(sfn, arn)).Select(e => e.Type));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Shutdown_leaves_an_execution_whose_handler_never_returns_RUNNING_after_its_bound(bool durable, bool byTimeout)
    {
        var clock = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(clock);
        var commits = new CommitCountingStore(store);
        using var blocking = new BlockingHandler("""{"MessageId":"m"}""");
        var handlers = new TaskHandlerRegistry().Register(Queue, blocking.Invoke);
        var observer = new EndObserver();
        var sfn = Create(clock, durable ? commits : null, handlers, observer, byTimeout ? TimeSpan.Zero : Timeout.InfiniteTimeSpan);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", """
            {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
              "Parameters":{"QueueUrl":"q","MessageBody":"hi"},"Next":"Done"},"Done":{"Type":"Succeed"}}}
            """);
        var arn = await sfn.StartAsync(machine, "held");
        await blocking.Entered.WaitAsync(Bound);

        // The shutdown's bound: its own token (the host's shutdown timeout), or ShutdownTimeout.
        using var hostGaveUp = new CancellationTokenSource();
        var shutdown = sfn.ShutdownAsync(byTimeout ? CancellationToken.None : hostGaveUp.Token);
        if (!byTimeout)
        {
            await hostGaveUp.CancelAsync();
        }

        await shutdown.WaitAsync(Bound);
        var heard = observer.Calls;
        var written = commits.Commits;
        var atShutdown = await HistoryAsync(sfn, arn);
        Assert.Equal(ExecutionStatus.Running, (await DescribeAsync(sfn, arn)).Status);

        // The handler returns at last: its run, abandoned, records, commits and tells nothing more.
        blocking.Release();
        await sfn.RunsEndedAsync().WaitAsync(Bound);
        Assert.Equal(ExecutionStatus.Running, (await DescribeAsync(sfn, arn)).Status);
        Assert.Equal(atShutdown.Select(e => e.Type), (await HistoryAsync(sfn, arn)).Select(e => e.Type));
        Assert.Equal(written, commits.Commits);
        Assert.Equal(heard, observer.Calls);

        if (durable)
        {
            // The store holds it RUNNING: the next instance resumes it, and the handler is called again.
            var again = Create(clock, store, handlers);
            await again.RecoverAsync();
            Assert.Equal(ExecutionStatus.Succeeded, (await again.WaitAsync(arn)).Status);
            Assert.Equal(2, blocking.Calls);
            await again.ShutdownAsync().WaitAsync(Bound);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_handler_that_holds_its_thread_past_the_TimeoutSeconds_ends_the_execution_TIMED_OUT_dated_at_the_timeout(bool durable)
    {
        var clock = new ArmedClock(new VirtualTimeProvider(Start));
        var store = new InMemoryStepFunctionsStore(clock);
        using var blocking = new BlockingHandler("""{"MessageId":"m"}""");
        var handlers = new TaskHandlerRegistry().Register(Queue, blocking.Invoke);
        var observer = new EndObserver();
        var sfn = Create(clock, durable ? store : null, handlers, observer);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", """
            {"TimeoutSeconds":30,"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
              "Parameters":{"QueueUrl":"q","MessageBody":"hi"},"Next":"Done"},"Done":{"Type":"Succeed"}}}
            """);
        var arn = await sfn.StartAsync(machine, "held");
        await blocking.Entered.WaitAsync(Bound);

        // The run cannot give up on a handler that holds its thread: the engine ends the execution once the timeout
        // and the stop's grace (10 s) have passed, dated at the timeout.
        await clock.WhenArmed(TimeSpan.FromSeconds(40)).WaitAsync(Bound);
        clock.Inner.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(ExecutionStatus.TimedOut, await observer.Completed.WaitAsync(Bound));

        var described = await DescribeAsync(sfn, arn);
        Assert.Equal(ExecutionStatus.TimedOut, described.Status);
        Assert.Equal(Start.AddSeconds(30), described.StopDate);
        Assert.Null(described.Error);
        var atEnd = await HistoryAsync(sfn, arn);
        Assert.Equal(HistoryEventType.ExecutionTimedOut, atEnd[^1].Type);
        Assert.Equal(Start.AddSeconds(30), atEnd[^1].Timestamp);

        // The handler returns: its outcome, and anything the run would do after it, is dropped.
        blocking.Release();
        await sfn.RunsEndedAsync().WaitAsync(Bound);
        Assert.Equal(atEnd.Select(e => (e.Id, e.Type)), (await HistoryAsync(sfn, arn)).Select(e => (e.Id, e.Type)));
        Assert.Equal(ExecutionStatus.TimedOut, (await DescribeAsync(sfn, arn)).Status);
        await sfn.ShutdownAsync().WaitAsync(Bound);
        if (durable)
        {
            await AssertRecoveredTimedOutAsync(clock, store, handlers, arn, atEnd);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_handler_that_returns_after_its_limits_has_timed_out_there_in_memory_and_in_the_store(bool durable)
    {
        // It holds its thread (it moves the clock) past the task's TimeoutSeconds at its first call, and past the
        // execution's at its second, within the engine's grace: the run itself times them out when they return.
        var clock = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(clock);
        var calls = 0;
        var handlers = new TaskHandlerRegistry().Register(Queue, _ =>
        {
            clock.Advance(TimeSpan.FromSeconds(++calls == 1 ? 15 : 20));
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m"}"""));
        });
        var observer = new EndObserver();
        var sfn = Create(clock, durable ? store : null, handlers, observer);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", """
            {"TimeoutSeconds":30,"StartAt":"Send","States":{
              "Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"hi"},
                "TimeoutSeconds":10,"Catch":[{"ErrorEquals":["States.Timeout"],"ResultPath":"$.error","Next":"Again"}],"Next":"Done"},
              "Again":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"hi"},"Next":"Done"},
              "Done":{"Type":"Succeed"}}}
            """);
        var arn = await sfn.StartAsync(machine, "late");
        Assert.Equal(ExecutionStatus.TimedOut, await observer.Completed.WaitAsync(Bound));

        var described = await DescribeAsync(sfn, arn);
        Assert.Equal(Start.AddSeconds(30), described.StopDate);
        var history = await HistoryAsync(sfn, arn);
        var timedOut = history.Where(e => e.Type == HistoryEventType.TaskTimedOut).ToList();
        Assert.Equal([Start.AddSeconds(10), Start.AddSeconds(30)], timedOut.Select(e => e.Timestamp));
        Assert.Equal([null, "The execution timed out."], timedOut.Select(e => e.TaskTimedOutEventDetails!.Cause));
        Assert.DoesNotContain(history, e => e.Type == HistoryEventType.TaskSucceeded);
        Assert.Equal((HistoryEventType.ExecutionTimedOut, Start.AddSeconds(30)), (history[^1].Type, history[^1].Timestamp));
        await sfn.ShutdownAsync().WaitAsync(Bound);
        if (durable)
        {
            await AssertRecoveredTimedOutAsync(clock, store, handlers, arn, history);
        }
    }

    /// <summary>Counts journal commits.</summary>
    private sealed class CommitCountingStore(IStepFunctionsStore inner) : AslCompiler.Tests.Shared.ForwardingStore(inner)
    {
        private int _commits;

        public int Commits => Volatile.Read(ref _commits);

        protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _commits);
            return commit();
        }
    }
}

/// <summary>A virtual clock that tells when a timer of a given due time is armed, so a test moves time past it without waiting.</summary>
internal sealed class ArmedClock(VirtualTimeProvider inner) : TimeProvider
{
    private readonly Dictionary<TimeSpan, TaskCompletionSource> _armed = [];

    public VirtualTimeProvider Inner => inner;

    /// <summary>Completes once a timer due <paramref name="dueTime"/> after its creation has been armed.</summary>
    public Task WhenArmed(TimeSpan dueTime) => Signal(dueTime).Task;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        Signal(dueTime).TrySetResult();
        return timer;
    }

    private TaskCompletionSource Signal(TimeSpan dueTime)
    {
        lock (_armed)
        {
            if (!_armed.TryGetValue(dueTime, out var signal))
            {
                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _armed[dueTime] = signal;
            }

            return signal;
        }
    }
}
