using System.Diagnostics;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using JournalRecord = AslCompiler.Runtime.Execution.JournalRecord;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AslCompiler.Hosting.Tests;

/// <summary>
/// An execution whose store could not be written is logged at Error with its ARN (ExecutionInterrupted); a host whose
/// task handler never returns still stops, leaving the execution RUNNING for the next start.
/// </summary>
[Collection(BlockingHandlers.Collection)]
public class InterruptedAndStuckExecutionTests
{
    private const string SendArn = "arn:aws:lambda:us-east-1:123456789012:function:Send";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static ExecutionObservation Observation(string name) => new()
    {
        ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:Manual:" + name,
        StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:Manual-" + name,
        Name = name,
        Type = StateMachineType.Standard,
        StartDate = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Tracing = new TracingConfiguration { Enabled = true },
    };

    [Fact]
    public void An_interrupted_execution_is_logged_at_Error_with_its_ARN_and_its_span_ends_suspended()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        using var spans = new SpanCollector();
        using var telemetry = new ExecutionTelemetry(factory);
        var execution = Observation("interrupted-" + Guid.NewGuid().ToString("N"));
        var failure = new IOException("No space left on device");

        telemetry.ExecutionStarted(execution);
        telemetry.ExecutionInterrupted(execution, failure);

        // Whatever the state machine's logging configuration (none here): the store's failure is the host's concern.
        var record = Assert.Single(logs.InCategory(AslCompilerTelemetryNames.LoggerCategory));
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Equal(101, record.EventId.Id);
        Assert.Equal("ExecutionInterrupted", record.EventId.Name);
        Assert.Equal(execution.ExecutionArn, record.Value("ExecutionArn"));
        Assert.Equal(execution.StateMachineArn, record.Value("StateMachineArn"));
        Assert.Contains(execution.ExecutionArn, record.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", record.Message, StringComparison.Ordinal);
        Assert.Same(failure, record.Exception);

        var span = Assert.Single(spans.Of(execution.ExecutionArn));
        Assert.Equal(true, span.GetTagItem(AslCompilerTelemetryNames.ExecutionSuspendedTag));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.True(span.IsStopped);
    }

    /// <summary>A store whose journal cannot be written from the first commit on (a full disk).</summary>
    private sealed class FullDiskStore(IStepFunctionsStore inner) : ForwardingStore(inner)
    {
        public Exception Failure { get; } = new IOException("No space left on device");

        protected override ValueTask CommitAsync(string executionArn, IReadOnlyList<JournalRecord> staged, Func<ValueTask> commit, CancellationToken cancellationToken) =>
            staged.Count > 0 ? ValueTask.FromException(Failure) : commit();
    }

    /// <summary>Hears an execution's run stop without an end (after the telemetry, registered before it, has).</summary>
    private sealed class InterruptionWatcher : IExecutionObserver
    {
        public TaskCompletionSource<string> Interrupted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        public void HistoryEventRecorded(ExecutionObservation execution, HistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, ExecutionStatus status, DateTimeOffset stopDate)
        {
        }

        public void ExecutionInterrupted(ExecutionObservation execution, Exception exception) => Interrupted.TrySetResult(execution.ExecutionArn);
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_under_a_run_is_logged_at_Error_by_the_host()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.Builder(logs);
        var store = new FullDiskStore(new InMemoryStepFunctionsStore());
        var watcher = new InterruptionWatcher();
        builder.Services.AddAslCompiler().UseStore(_ => store);
        builder.Services.AddSingleton<IExecutionObserver>(watcher);
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var machine = await Workflows.CreateAsync(stepFunctions, Workflows.Pass);
        var started = await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine });

        Assert.Equal(started.ExecutionArn, await watcher.Interrupted.Task.WaitAsync(Bound));
        var record = Assert.Single(logs.InCategory(AslCompilerTelemetryNames.LoggerCategory), r => r.EventId.Name == "ExecutionInterrupted");
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Equal(started.ExecutionArn, record.Value("ExecutionArn"));
        Assert.Same(store.Failure, record.Exception);
        Assert.Equal(ExecutionStatus.Running, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn })).Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_host_whose_activity_worker_ignores_its_stopping_token_stops_and_the_task_is_handed_out_again_on_the_next_start()
    {
        const string ActivityArn = "arn:aws:states:us-east-1:123456789012:activity:Stuck";
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryStepFunctionsStore(clock);
        var taken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<JsonValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        IHost Build()
        {
            var builder = TestHosts.Builder();
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddAslCompiler().UseStore(_ => store).AddActivityWorker(ActivityArn, (_, _, _) =>
            {
                if (Interlocked.Increment(ref calls) > 1)
                {
                    return ValueTask.FromResult(JsonValue.Parse("""{"reviewed":true}"""));
                }

                // The first call ignores its stopping token and never ends.
                taken.TrySetResult();
                return new ValueTask<JsonValue>(never.Task);
            });
            return builder.Build();
        }

        // The worker spends the host's whole shutdown timeout: its stop token is cancelled when the scheduler stops.
        var done = await StopHeldThenResumeAsync(Build, ActivityArn, "Review", taken.Task);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"reviewed":true}""", done.Output);
        never.TrySetResult(JsonValue.Parse("{}"));
    }

    [Fact]
    public async Task A_host_whose_task_handler_never_returns_stops_within_its_shutdown_timeout_and_the_execution_resumes_on_the_next_start()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryStepFunctionsStore(clock);
        using var handler = new BlockingHandler("""{"sent":true}""");
        IHost Build()
        {
            var builder = TestHosts.Builder();
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddAslCompiler().UseStore(_ => store).AddTaskHandler(SendArn, handler.Invoke);
            return builder.Build();
        }

        // The host's shutdown timeout has run out (its stop token is cancelled): the stop still completes.
        var done = await StopHeldThenResumeAsync(Build, SendArn, "Held", handler.Entered);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"sent":true}""", done.Output);
        Assert.Equal(2, handler.Calls);
    }

    /// <summary>
    /// Starts an execution of a one-task machine on a first host, stops that host with its shutdown timeout spent while
    /// the task's work (<paramref name="entered"/> once it holds the run) ignores its token, checks the execution stayed
    /// RUNNING, and returns it as a second host over the same store ends it.
    /// </summary>
    private static async Task<DescribeExecutionResponse> StopHeldThenResumeAsync(Func<IHost> build, string resource, string name, Task entered)
    {
        string arn;
        using (var first = build())
        {
            await first.StartAsync();
            var stepFunctions = first.Services.GetRequiredService<IStepFunctions>();
            var machine = await Workflows.CreateAsync(stepFunctions, Workflows.Task(resource), name: name);
            arn = (await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = name.ToLowerInvariant() })).ExecutionArn;
            await entered.WaitAsync(Bound);
            using var timedOut = new CancellationTokenSource();
            await timedOut.CancelAsync();
            await first.StopAsync(timedOut.Token).WaitAsync(Bound);
            Assert.Equal(ExecutionStatus.Running, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        }

        using var second = build();
        await second.StartAsync();
        var done = await Workflows.WaitAsync(second.Services.GetRequiredService<IStepFunctions>(), arn);
        await second.StopAsync();
        return done;
    }
}
