using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ApiHistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// StopExecution gives a run's work a grace period (10 s on the engine's clock) to honour the cancellation; work that
/// ignores it is abandoned. The execution then ends at once with its ExecutionAborted event (journaled like any end),
/// and whatever the abandoned work records later is dropped: nothing follows the terminal event, in memory or in the store.
/// (The run itself gives up at once on a handler that awaits something else, see IgnoredCancellationTests; the grace
/// is for work that holds the run where it is: here a handler that blocks its thread.)
/// </summary>
[Collection(BlockingHandlers.Collection)]
public sealed class AbandonedWorkTests
{
    private const string Queue = "arn:aws:states:::sqs:sendMessage";

    // The handler of a .waitForTaskToken task is awaited before the callback wait (which a stop ends at once).
    private const string Definition = """
        {"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}}
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Work_that_ignores_a_stop_past_the_grace_records_nothing_after_ExecutionAborted(bool durable)
    {
        var clock = new GraceClock(new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        var store = new InMemoryStepFunctionsStore(clock);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new Gate();
        var handlers = new TaskHandlerRegistry();
        handlers.Register(Queue + "*", _ =>
        {
            // Ignores its cancellation token and holds the run's thread: finishes only when the test says so, long
            // after the stop.
            entered.TrySetResult();
            release.Wait();
            return new ValueTask<JsonValue>(JsonValue.Parse("""{"MessageId":"m-1"}"""));
        });
        var sfn = Create(clock, durable ? store : null, handlers);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", Definition);
        var arn = await sfn.StartAsync(machine, "stuck");
        await entered.Task.WaitAsync(Bound);

        var stop = sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Halt" });
        await clock.GraceArmed.Task.WaitAsync(Bound);
        clock.Inner.Advance(TimeSpan.FromSeconds(10));
        var stopped = await stop.WaitAsync(Bound);

        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Aborted, described.Status);
        Assert.Equal(stopped.StopDate, described.StopDate);
        var atStop = await HistoryAsync(sfn, arn);
        Assert.Equal(HistoryEventType.ExecutionAborted, atStop[^1].Type);
        Assert.Equal(stopped.StopDate, atStop[^1].Timestamp);
        Assert.Equal(Enumerable.Range(1, atStop.Count).Select(i => (long)i), atStop.Select(e => e.Id));

        // The abandoned handler returns now: its TaskSubmitted (and anything after) is dropped, not appended or journaled.
        release.Open();
        await sfn.ShutdownAsync().WaitAsync(Bound); // waits for the abandoned run to end
        var later = await HistoryAsync(sfn, arn);
        Assert.Equal(atStop.Select(e => (e.Id, e.Type)), later.Select(e => (e.Id, e.Type)));

        if (durable)
        {
            // The store holds the same end: the terminal event is the journal's last, and the execution is ABORTED.
            var again = Create(clock, store, handlers);
            await again.RecoverAsync();
            var reloaded = await HistoryAsync(again, arn);
            Assert.Equal(atStop.Select(e => (e.Id, e.Type, e.Timestamp)), reloaded.Select(e => (e.Id, e.Type, e.Timestamp)));
            Assert.Equal(ExecutionStatus.Aborted, (await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        }
    }

    private static LocalStepFunctions Create(TimeProvider clock, IStepFunctionsStore? store, TaskHandlerRegistry handlers) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = clock,
        Store = store,
        Execution = new ExecutionOptions { TaskHandlers = handlers },
    });

    private static async Task<List<ApiHistoryEvent>> HistoryAsync(LocalStepFunctions sfn, string arn) =>
        [.. (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1000 })).Events];

    /// <summary>
    /// A gate a handler's thread waits at until the test opens it (it is opened when disposed, so no thread stays held).
    /// The thread waits on a task, so the thread pool makes up for it at once.
    /// </summary>
    private sealed class Gate : IDisposable
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Wait() => _open.Task.Wait();

        public void Open() => _open.TrySetResult();

        public void Dispose() => _open.TrySetResult();
    }

    /// <summary>A virtual clock that says when StopExecution arms its 10 s grace timer, so the test moves time past it without waiting.</summary>
    private sealed class GraceClock(VirtualTimeProvider inner) : TimeProvider
    {
        public VirtualTimeProvider Inner => inner;

        public TaskCompletionSource GraceArmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            if (dueTime == TimeSpan.FromSeconds(10))
            {
                GraceArmed.TrySetResult();
            }

            return timer;
        }
    }
}
