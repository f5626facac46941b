using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class RedriveExecutionTests
{
    private const string Fn = "arn:aws:lambda:us-east-1:111111111111:function:";

    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _broken = new(StringComparer.Ordinal);
    private readonly VirtualTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private LocalStepFunctions Create(IStepFunctionsStore? store = null)
    {
        var handlers = new TaskHandlerRegistry();

        // "step": counts its calls by step name; fails while the step is marked broken (once when marked "name!once").
        handlers.Register(Fn + "step", invocation =>
        {
            var step = invocation.Input["step"].TryGetString(out var s) ? s : "?";
            _calls.AddOrUpdate(step, 1, (_, n) => n + 1);
            if (_broken.ContainsKey(step) || _broken.TryRemove(step + "!once", out _))
            {
                throw new TaskFailedException("Broken", step + " is broken");
            }

            return new ValueTask<JsonValue>(JsonValue.Parse("\"" + step + "-done\""));
        });
        return new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = _time,
            Store = store,
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
    }

    private static string Step(string name, string next) =>
        "\"" + name + "\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + "step\",\"Parameters\":{\"step\":\"" + name + "\"},\"ResultPath\":\"$." + name + "\"," + next + "}";

    private static readonly string Linear = "{\"StartAt\":\"One\",\"States\":{"
        + Step("One", "\"Next\":\"Two\"") + ","
        + Step("Two", "\"Next\":\"Count\"") + ","
        + "\"Count\":{\"Type\":\"Pass\",\"Parameters\":{\"redrives.$\":\"$$.Execution.RedriveCount\",\"one.$\":\"$.One\",\"two.$\":\"$.Two\"},\"End\":true}}}";

    /// <summary>Mends every broken step, redrives the execution and waits for it to stop again.</summary>
    private async Task<DescribeExecutionResponse> RedriveMendedAsync(LocalStepFunctions sfn, string arn)
    {
        _broken.Clear();
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        return await sfn.WaitAsync(arn);
    }

    private int Calls(string step) => _calls.TryGetValue(step, out var n) ? n : 0;

    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 30_000, "the condition did not hold in 30 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_failed_execution_continues_from_the_failed_state()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", Linear);
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "r");
        var failed = await sfn.WaitAsync(arn);
        Assert.Equal(ApiStatus.Failed, failed.Status);
        Assert.Equal(ExecutionRedriveStatus.Redrivable, failed.RedriveStatus);
        Assert.Equal(0, failed.RedriveCount);

        _broken.Clear();
        var redriven = await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        Assert.Equal(_time.GetUtcNow(), redriven.RedriveDate);
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        // Evaluated .$ members come out in Java HashMap order (JavaHashMapOrder), as AWS renders Parameters.
        Assert.Equal("""{"one":"One-done","redrives":1,"two":"Two-done"}""", described.Output);
        Assert.Equal(1, described.RedriveCount);
        Assert.Equal(redriven.RedriveDate, described.RedriveDate);
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, described.RedriveStatus);
        Assert.Equal(1, Calls("One"));
        Assert.Equal(2, Calls("Two"));

        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(history);
        var types = history.Select(e => e.Type).ToList();
        var failedAt = types.IndexOf(HistoryEventType.ExecutionFailed);
        Assert.Equal(HistoryEventType.ExecutionRedriven, types[failedAt + 1]);
        Assert.Equal(1, history[failedAt + 1].ExecutionRedrivenEventDetails!.RedriveCount);
        Assert.Equal(HistoryEventType.ExecutionSucceeded, types[^1]);
        Assert.Equal(1, types.Count(t => t == HistoryEventType.ExecutionStarted));
        Assert.Equal(3, types.Count(t => t == HistoryEventType.LambdaFunctionScheduled)); // One once, Two twice

        var listed = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, RedriveFilter = ExecutionRedriveFilter.Redriven })).Executions;
        Assert.Equal(1, Assert.Single(listed).RedriveCount);
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, RedriveFilter = ExecutionRedriveFilter.NotRedriven })).Executions);
    }

    [Fact]
    public async Task Only_the_failed_parallel_branch_runs_again()
    {
        var sfn = Create();
        var definition = "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":["
            + "{\"StartAt\":\"A\",\"States\":{" + Step("A", "\"End\":true") + "}},"
            + "{\"StartAt\":\"B\",\"States\":{" + Step("B", "\"Next\":\"C\"") + "," + Step("C", "\"End\":true") + "}}]}}}";
        var machine = await sfn.CreateMachineAsync("P", definition);
        _broken["C"] = true;
        var arn = await sfn.StartAsync(machine, "p");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal("""[{"A":"A-done"},{"B":"B-done","C":"C-done"}]""", described.Output);
        Assert.Equal(1, Calls("A"));
        Assert.Equal(1, Calls("B"));
        Assert.Equal(2, Calls("C"));
        DurableWorkflow.AssertWellFormed(await DurableWorkflow.HistoryAsync(sfn, arn));
    }

    [Fact]
    public async Task A_branch_that_succeeded_is_not_rerun_when_an_earlier_branch_reruns_its_failure()
    {
        // Branch 0 fails after branch 1 succeeded. On the redrive, branch 0 reaches its replayed failure and reruns it
        // first; branch 1 still replays (it must not inherit the rerun).
        var sfn = Create();
        var definition = "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Parallel\",\"End\":true,\"Branches\":["
            + "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"A\"}," + Step("A", "\"End\":true") + "}},"
            + "{\"StartAt\":\"B\",\"States\":{" + Step("B", "\"End\":true") + "}}]}}}";
        var machine = await sfn.CreateMachineAsync("P0", definition);
        _broken["A"] = true;
        var arn = await sfn.StartAsync(machine, "p0");
        await UntilAsync(() => Calls("B") == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        Assert.Equal(1, Calls("B"));

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal("""[{"A":"A-done"},{"B":"B-done"}]""", described.Output);
        Assert.Equal(2, Calls("A"));
        Assert.Equal(1, Calls("B"));
        DurableWorkflow.AssertWellFormed(await DurableWorkflow.HistoryAsync(sfn, arn));
    }

    [Fact]
    public async Task An_iteration_that_succeeded_is_not_rerun_when_an_earlier_iteration_reruns_its_failure()
    {
        var sfn = Create();
        var definition = "{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\",\"End\":true,\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"step.$\":\"$$.Map.Item.Value.step\",\"wait.$\":\"$$.Map.Item.Value.wait\"},"
            + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"SecondsPath\":\"$.wait\",\"Next\":\"Item\"},"
            + "\"Item\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + "step\",\"End\":true}}}}}}";
        var machine = await sfn.CreateMachineAsync("Map0", definition);
        _broken["j0"] = true;
        var arn = await sfn.StartAsync(machine, "m0", """{"items":[{"step":"j0","wait":1},{"step":"j1","wait":0}]}""");
        await UntilAsync(() => Calls("j1") == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        Assert.Equal(1, Calls("j1"));

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal(2, Calls("j0"));
        Assert.Equal(1, Calls("j1"));
    }

    [Fact]
    public async Task Only_the_failed_map_iterations_run_again()
    {
        var sfn = Create();
        var definition = "{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\",\"End\":true,\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"step.$\":\"$$.Map.Item.Value\"},"
            + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"Item\",\"States\":{\"Item\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + "step\",\"End\":true}}}}}}";
        var machine = await sfn.CreateMachineAsync("Map", definition);
        _broken["i2"] = true;
        var arn = await sfn.StartAsync(machine, "m", """{"items":["i0","i1","i2","i3"]}""");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var firstCalls = new Dictionary<string, int>(_calls);

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal("""["i0-done","i1-done","i2-done","i3-done"]""", described.Output);
        Assert.Equal(firstCalls.GetValueOrDefault("i2") + 1, Calls("i2"));
        Assert.Equal(1, Calls("i0"));
        foreach (var item in new[] { "i1", "i3" })
        {
            // Iterations that finished are not run again; ones the failure cancelled before they ran run now.
            Assert.Equal(1, Calls(item));
        }
    }

    [Fact]
    public async Task An_aborted_execution_is_redriven_from_where_it_stopped()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("A", "{\"StartAt\":\"One\",\"States\":{" + Step("One", "\"Next\":\"W\"") + ",\"W\":{\"Type\":\"Wait\",\"Seconds\":10,\"Next\":\"Two\"}," + Step("Two", "\"End\":true") + "}}");
        var arn = await sfn.StartAsync(machine, "a");
        await _time.WaitForTimerAsync();

        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Stop", Cause = "by test" });
        Assert.Equal(ApiStatus.Aborted, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        _time.Advance(TimeSpan.FromSeconds(10));
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal(1, Calls("One"));
        Assert.Equal(1, Calls("Two"));
        var types = (await DurableWorkflow.HistoryAsync(sfn, arn)).Select(e => e.Type).ToList();
        Assert.Equal(HistoryEventType.ExecutionRedriven, types[types.IndexOf(HistoryEventType.ExecutionAborted) + 1]);
        Assert.Equal(1, types.Count(t => t == HistoryEventType.WaitStateEntered));
    }

    [Fact]
    public async Task Each_ExecutionAborted_keeps_the_error_and_cause_of_its_own_stop()
    {
        // Found by a user trial: the API filled every ExecutionAborted from the latest stop, so a redrive erased the
        // first stop's error and cause from the history and a second stop rewrote both events.
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("S", "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":10,\"End\":true}}}");
        var arn = await sfn.StartAsync(machine, "s");
        await _time.WaitForTimerAsync();
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "First", Cause = "one" });
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        var afterRedrive = (await DurableWorkflow.HistoryAsync(sfn, arn)).Single(e => e.Type == HistoryEventType.ExecutionAborted);
        Assert.Equal(("First", "one"), (afterRedrive.ExecutionAbortedEventDetails!.Error, afterRedrive.ExecutionAbortedEventDetails.Cause));

        await _time.WaitForTimerAsync();
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn });
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        await _time.WaitForTimerAsync();
        await sfn.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = "Third", Cause = "three" });
        var aborted = (await DurableWorkflow.HistoryAsync(sfn, arn)).Where(e => e.Type == HistoryEventType.ExecutionAborted)
            .Select(e => (e.ExecutionAbortedEventDetails!.Error, e.ExecutionAbortedEventDetails.Cause)).ToArray();
        Assert.Equal([("First", "one"), (null, null), ("Third", "three")], aborted);
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(("Third", "three"), (described.Error, described.Cause));
    }

    [Fact]
    public async Task A_caught_failure_is_not_run_again_by_a_redrive()
    {
        var sfn = Create();
        var definition = "{\"StartAt\":\"One\",\"States\":{"
            + Step("One", "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.caught\",\"Next\":\"Two\"}],\"Next\":\"Two\"") + ","
            + Step("Two", "\"End\":true") + "}}";
        var machine = await sfn.CreateMachineAsync("C", definition);
        _broken["One"] = true;
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "c");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Contains("\"caught\":{\"Error\":\"Broken\"", described.Output, StringComparison.Ordinal);
        Assert.Equal(1, Calls("One"));
        Assert.Equal(2, Calls("Two"));
    }

    [Theory]
    [InlineData("PARALLEL")]
    [InlineData("INLINE")]
    [InlineData("DISTRIBUTED")]
    public async Task A_failure_inside_a_parallel_or_map_that_a_catcher_handled_is_not_run_again(string kind)
    {
        // The branch's (iteration's, child execution's) failure is uncaught inside it; the Parallel or Map catches it,
        // and the execution fails later, at Two. AWS redrives from Two: the caught failure stays as recorded.
        var sfn = Create();
        var inner = "{\"StartAt\":\"Item\",\"States\":{" + Step("Item", "\"End\":true") + "}}";
        var fan = kind == "PARALLEL"
            ? "\"Type\":\"Parallel\",\"Branches\":[" + inner + "]"
            : "\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"step\":\"Item\"},\"ItemProcessor\":"
                + inner.Insert(1, "\"ProcessorConfig\":{\"Mode\":\"" + kind + "\"" + (kind == "DISTRIBUTED" ? ",\"ExecutionType\":\"STANDARD\"" : "") + "},");
        var definition = "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{" + fan + ",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.caught\",\"Next\":\"Two\"}],\"Next\":\"Two\"},"
            + Step("Two", "\"End\":true") + "}}";
        var machine = await sfn.CreateMachineAsync("C" + kind, definition);
        _broken["Item"] = true;
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "c", """{"items":[1]}""");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var before = await DurableWorkflow.HistoryAsync(sfn, arn);

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.True(described.Status == ApiStatus.Succeeded, described.Status + " " + described.Error + " " + described.Cause);
        Assert.Contains("\"caught\":{\"Error\":", described.Output, StringComparison.Ordinal);
        Assert.Equal(1, Calls("Item"));
        Assert.Equal(2, Calls("Two"));
        var after = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(after);
        // The redrive adds ExecutionRedriven and Two's second run, nothing of Fan's.
        var added = after.Skip(before.Count).Select(e => e.Type).ToList();
        Assert.Equal(HistoryEventType.ExecutionRedriven, added[0]);
        Assert.DoesNotContain(added, t => t.ToString().StartsWith("Map", StringComparison.Ordinal) || t.ToString().StartsWith("Parallel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_branch_failure_that_a_retry_of_the_parallel_got_past_is_not_run_again()
    {
        var sfn = Create();
        var definition = "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"Item\",\"States\":{" + Step("Item", "\"End\":true") + "}}],"
            + "\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"IntervalSeconds\":1,\"MaxAttempts\":1}],\"ResultPath\":\"$.fan\",\"Next\":\"Two\"}," + Step("Two", "\"End\":true") + "}}";
        var machine = await sfn.CreateMachineAsync("R", definition);
        _broken["Item!once"] = true;
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "r");
        await UntilAsync(() => Calls("Item") == 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        Assert.Equal(2, Calls("Item"));

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.True(described.Status == ApiStatus.Succeeded, described.Status + " " + described.Error + " " + described.Cause);
        Assert.Equal(2, Calls("Item"));
        Assert.Equal(2, Calls("Two"));
        DurableWorkflow.AssertWellFormed(await DurableWorkflow.HistoryAsync(sfn, arn));
    }

    [Fact]
    public async Task A_map_run_that_succeeded_within_its_tolerance_is_not_run_again()
    {
        var sfn = Create();
        var definition = "{\"StartAt\":\"Fan\",\"States\":{\"Fan\":{\"Type\":\"Map\",\"ToleratedFailureCount\":1,\"ItemsPath\":\"$.items\",\"ItemSelector\":{\"step.$\":\"$$.Map.Item.Value\"},"
            + "\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"STANDARD\"},\"StartAt\":\"Item\",\"States\":{\"Item\":{\"Type\":\"Task\",\"Resource\":\"" + Fn + "step\",\"End\":true}}},"
            + "\"ResultPath\":\"$.lines\",\"Next\":\"Two\"}," + Step("Two", "\"End\":true") + "}}";
        var machine = await sfn.CreateMachineAsync("T", definition);
        _broken["i1"] = true;
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "t", """{"items":["i0","i1","i2"]}""");
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var before = await DurableWorkflow.HistoryAsync(sfn, arn);
        var mapRun = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;

        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        // The Map's output is the recorded one: i1's failure stays in it.
        Assert.Contains("\"lines\":[\"i0-done\",{\"Error\":\"Broken\"", described.Output, StringComparison.Ordinal);
        Assert.Equal(1, Calls("i1"));
        Assert.Equal(2, Calls("Two"));
        var after = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(after);
        var added = after.Skip(before.Count).Select(e => e.Type).ToList();
        Assert.DoesNotContain(added, t => t.ToString().StartsWith("Map", StringComparison.Ordinal));
        var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRun });
        Assert.Equal(0, run.RedriveCount);
        Assert.Equal(1, run.ExecutionCounts.Failed);
        Assert.Equal(2, run.ExecutionCounts.Succeeded);
        // The failed child is one no redrive reruns: counted in failuresNotRedrivable, and NOT_REDRIVABLE itself.
        Assert.Equal(1, run.ExecutionCounts.FailuresNotRedrivable);
        var failedChild = Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun, StatusFilter = ApiStatus.Failed })).Executions);
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = failedChild.ExecutionArn })).RedriveStatus);
    }

    [Fact]
    public async Task Succeeded_and_running_executions_are_not_redrivable()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("S", Linear);
        var done = await sfn.StartAsync(machine, "done");
        await sfn.WaitAsync(done);
        var error = await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = done }));
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven", error.Message);

        var waiting = await sfn.CreateMachineAsync("W", ExecutionFixture.WaitDefinition);
        var running = await sfn.StartAsync(waiting, "running");
        error = await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = running }));
        Assert.Equal("Execution is RUNNING and cannot be redriven", error.Message);
    }

    [Fact]
    public async Task Unknown_and_express_executions_are_refused()
    {
        var sfn = Create();
        await sfn.CreateMachineAsync("M", Linear);
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = sfn.Arns.Execution("M", "nope") }));
        var express = await sfn.CreateMachineAsync("E", ApiFixture.PassDefinition, StateMachineType.Express);
        var started = await sfn.StartAsync(express);
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = started }));
    }

    [Fact]
    public async Task After_14_days_an_execution_is_no_longer_redrivable()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", Linear);
        _broken["One"] = true;
        var arn = await sfn.StartAsync(machine, "old");
        await sfn.WaitAsync(arn);
        _time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, described.RedriveStatus);
        Assert.Equal("Execution redrivable period exceeded.", described.RedriveStatusReason);
        await Assert.ThrowsAsync<ExecutionNotRedrivableException>(() => sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn }));
    }

    [Fact]
    public async Task A_client_token_makes_a_redrive_idempotent()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", Linear);
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "t");
        await sfn.WaitAsync(arn);
        var first = await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn, ClientToken = "once" });
        await sfn.WaitAsync(arn);
        _time.Advance(TimeSpan.FromMinutes(1));
        var again = await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn, ClientToken = "once" });
        Assert.Equal(first.RedriveDate, again.RedriveDate);
        Assert.Equal(1, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).RedriveCount);
    }

    [Fact]
    public async Task A_redrive_can_fail_again_and_be_redriven_again()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("M", Linear);
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "twice");
        await sfn.WaitAsync(arn);
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var described = await RedriveMendedAsync(sfn, arn);
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal(2, described.RedriveCount);
        Assert.Contains("\"redrives\":2", described.Output, StringComparison.Ordinal);
        Assert.Equal(3, Calls("Two"));
        var history = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Equal(2, history.Count(e => e.Type == HistoryEventType.ExecutionFailed));
        Assert.Equal(2, history.Count(e => e.Type == HistoryEventType.ExecutionRedriven));
    }

    [Fact]
    public async Task A_redriven_execution_keeps_its_redrive_count_across_a_restart()
    {
        var store = new InMemoryStepFunctionsStore();
        var sfn = Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("M", Linear);
        _broken["Two"] = true;
        var arn = await sfn.StartAsync(machine, "kept");
        await sfn.WaitAsync(arn);
        _broken.Clear();
        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        await sfn.WaitAsync(arn);
        await sfn.ShutdownAsync();

        var again = Create(store);
        await again.RecoverAsync();
        var described = await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ApiStatus.Succeeded, described.Status);
        Assert.Equal(1, described.RedriveCount);
        Assert.NotNull(described.RedriveDate);
        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        Assert.Contains(history, e => e.Type == HistoryEventType.ExecutionRedriven);
    }
}
