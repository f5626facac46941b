using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Timing;
using AslCompiler.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AslCompiler.Hosting.Tests;

/// <summary>Start a host, run, stop it mid-execution (during a Wait), start a second host over the same store: the execution resumes and finishes once.</summary>
public class HostRestartTests
{
    private const string StepArn = "arn:aws:lambda:us-east-1:123456789012:function:Step";

    private static string WaitBetweenTasks(int seconds) => """
        {"StartAt":"Before","States":{
          "Before":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Step","ResultPath":"$.before","Next":"Hold"},
          "Hold":{"Type":"Wait","Seconds":
        """ + seconds + """
        ,"Next":"After"},
          "After":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Step","ResultPath":"$.after","End":true}}}
        """;

    private static readonly string[] ExpectedHistory =
    [
        "ExecutionStarted",
        "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
        "WaitStateEntered", "WaitStateExited",
        "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
        "ExecutionSucceeded",
    ];

    /// <summary>Side effects of the Step handler, counted by idempotency key.</summary>
    private sealed class SideEffects
    {
        public ConcurrentDictionary<string, int> ByKey { get; } = new(StringComparer.Ordinal);
    }

    private static IHost Build(Func<IServiceProvider, IStepFunctionsStore>? store, SideEffects effects, TimeProvider? clock = null, Action<AslCompilerBuilder>? configure = null, CapturingLoggerProvider? logs = null)
    {
        var builder = TestHosts.Builder(logs);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        var aslCompiler = builder.Services.AddAslCompiler();
        if (store is not null)
        {
            aslCompiler.UseStore(store);
        }

        configure?.Invoke(aslCompiler);
        aslCompiler.AddTaskHandler(StepArn, invocation =>
        {
            var count = effects.ByKey.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            return ValueTask.FromResult<Runtime.Json.JsonValue>(count);
        });
        return builder.Build();
    }

    private static Task<HistoryEvent> WaitForEventAsync(IStepFunctions stepFunctions, string executionArn, HistoryEventType type) =>
        ((LocalStepFunctions)stepFunctions).WaitForHistoryEventAsync(executionArn, e => e.Type == type).WaitAsync(TimeSpan.FromSeconds(10));

    private static async Task<string> StartAndStopDuringTheWaitAsync(IHost first, string definition)
    {
        await first.StartAsync();
        var stepFunctions = first.Services.GetRequiredService<IStepFunctions>();
        var arn = await Workflows.CreateAsync(stepFunctions, definition, "Restartable");
        var started = await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Name = "run-1", Input = """{"order":7}""" });
        await WaitForEventAsync(stepFunctions, started.ExecutionArn, HistoryEventType.WaitStateEntered);
        await first.StopAsync();
        return started.ExecutionArn;
    }

    /// <summary>
    /// Moves the clock an hour, and again while the execution still runs: a resumed run that read the clock just before
    /// a move arms its timer from the old reading (an hour later than due), which a loaded machine's scheduling makes
    /// possible. The test is about resuming once, not about when the Wait ends.
    /// </summary>
    private static async Task AdvancePastTheWaitAsync(VirtualTimeProvider clock, IStepFunctions stepFunctions, string executionArn)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(100);
        }
        while ((await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn })).Status == ExecutionStatus.Running
            && watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    private static async Task AssertFinishedOnceAsync(IStepFunctions stepFunctions, string executionArn, SideEffects effects)
    {
        var done = await Workflows.WaitAsync(stepFunctions, executionArn);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"order":7,"before":1,"after":1}""", done.Output);
        var history = await Workflows.HistoryAsync(stepFunctions, executionArn);
        Assert.Equal(ExpectedHistory, history.Select(e => e.Type.ToString()));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Equal(2, effects.ByKey.Count);
        Assert.All(effects.ByKey.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_stopped_host_resumes_the_wait_with_its_original_due_time_on_a_virtual_clock()
    {
        var store = new InMemoryStepFunctionsStore();
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var effects = new SideEffects();
        string executionArn;
        using (var first = Build(_ => store, effects, clock))
        {
            executionArn = await StartAndStopDuringTheWaitAsync(first, WaitBetweenTasks(3600));
        }

        using var second = Build(_ => store, effects, clock);
        await second.StartAsync();
        var stepFunctions = second.Services.GetRequiredService<IStepFunctions>();
        Assert.Same(store, second.Services.GetRequiredService<IStepFunctionsStore>());
        Assert.Equal(ExecutionStatus.Running, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn })).Status);

        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(50);
        Assert.Equal(ExecutionStatus.Running, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn })).Status);
        clock.Advance(TimeSpan.FromMinutes(2));

        await AssertFinishedOnceAsync(stepFunctions, executionArn, effects);
        var history = await Workflows.HistoryAsync(stepFunctions, executionArn);
        var entered = history.Single(e => e.Type == HistoryEventType.WaitStateEntered).Timestamp;
        var exited = history.Single(e => e.Type == HistoryEventType.WaitStateExited).Timestamp;
        Assert.Equal(TimeSpan.FromHours(1), exited - entered);
        await second.StopAsync();
    }

    [Fact]
    public async Task The_start_logs_how_many_executions_it_resumed()
    {
        var store = new InMemoryStepFunctionsStore();
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var effects = new SideEffects();
        var firstLogs = new CapturingLoggerProvider();
        using (var first = Build(_ => store, effects, clock, logs: firstLogs))
        {
            await StartAndStopDuringTheWaitAsync(first, WaitBetweenTasks(3600));
        }

        var secondLogs = new CapturingLoggerProvider();
        using var second = Build(_ => store, effects, clock, logs: secondLogs);
        await second.StartAsync();

        Assert.Equal("0", Assert.Single(firstLogs.InCategory("AslCompiler.Hosting.Scheduler"), r => r.EventId.Id == 301).Value("Resumed"));
        var started = Assert.Single(secondLogs.InCategory("AslCompiler.Hosting.Scheduler"), r => r.EventId.Id == 301);
        Assert.Equal("1", started.Value("Resumed"));
        Assert.Equal("Step Functions started; RUNNING Standard executions resumed: 1", started.Message);
        await second.StopAsync();
    }

    [Fact]
    public async Task A_wait_that_fell_due_while_the_host_was_down_ends_at_once_on_the_next_start()
    {
        var store = new InMemoryStepFunctionsStore();
        var effects = new SideEffects();
        string executionArn;
        using (var first = Build(_ => store, effects))
        {
            executionArn = await StartAndStopDuringTheWaitAsync(first, WaitBetweenTasks(1));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var second = Build(_ => store, effects);
        await second.StartAsync();

        await AssertFinishedOnceAsync(second.Services.GetRequiredService<IStepFunctions>(), executionArn, effects);
        await second.StopAsync();
    }

    [Fact]
    public async Task A_host_over_a_SQLite_file_resumes_what_the_previous_host_left_in_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "aslcompiler-hosting-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var effects = new SideEffects();
            string executionArn;
            await using (var first = (IAsyncDisposable)Build(_ => SqliteStepFunctionsStore.Open(path), effects, clock))
            {
                executionArn = await StartAndStopDuringTheWaitAsync((IHost)first, WaitBetweenTasks(3600));
            }

            // The second host finds the file through StorePath alone: SQLite is the default path store.
            var second = Build(null, effects, clock, b => b.Configure(o => o.StorePath = path));
            await using (second as IAsyncDisposable)
            {
                await second.StartAsync();
                var stepFunctions = second.Services.GetRequiredService<IStepFunctions>();
                Assert.IsType<SqliteStepFunctionsStore>(second.Services.GetRequiredService<IStepFunctionsStore>());
                Assert.Equal(ExecutionStatus.Running, (await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn })).Status);
                await AdvancePastTheWaitAsync(clock, stepFunctions, executionArn);

                await AssertFinishedOnceAsync(stepFunctions, executionArn, effects);
                await second.StopAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-lock" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task An_activity_task_left_unanswered_at_the_stop_is_worked_on_by_the_next_host()
    {
        const string activityArn = "arn:aws:states:us-east-1:123456789012:activity:Survives";
        var definition = "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\"" + activityArn + "\",\"End\":true}}}";
        var store = new InMemoryStepFunctionsStore();
        var taken = new TaskCompletionSource();
        string executionArn;
        await using (var first = (IAsyncDisposable)Build(_ => store, new SideEffects(), configure: b => b.AddActivityWorker(activityArn, async (_, _, cancellationToken) =>
        {
            // Takes the task and never finishes it: the host stops under it.
            taken.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return Runtime.Json.JsonValue.Null;
        })))
        {
            var host = (IHost)first;
            await host.StartAsync();
            var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
            var arn = await Workflows.CreateAsync(stepFunctions, definition, "ActivityRestart");
            executionArn = (await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = arn, Input = """{"job":1}""" })).ExecutionArn;
            await taken.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await host.StopAsync();
        }

        var second = Build(_ => store, new SideEffects(), configure: b => b.AddActivityWorker(activityArn, (_, task, _) =>
            ValueTask.FromResult(Runtime.Json.JsonValue.Parse("{\"done\":" + task.Input["job"].ToJsonString() + "}"))));
        await using ((IAsyncDisposable)second)
        {
            await second.StartAsync();
            var stepFunctions = second.Services.GetRequiredService<IStepFunctions>();

            var done = await Workflows.WaitAsync(stepFunctions, executionArn);

            Assert.Equal(ExecutionStatus.Succeeded, done.Status);
            Assert.Equal("""{"done":1}""", done.Output);
            var types = (await Workflows.HistoryAsync(stepFunctions, executionArn)).Select(e => e.Type).ToList();
            Assert.Single(types, t => t == HistoryEventType.ActivityScheduled);
            Assert.Single(types, t => t == HistoryEventType.ActivitySucceeded);
            await second.StopAsync();
        }
    }
}
