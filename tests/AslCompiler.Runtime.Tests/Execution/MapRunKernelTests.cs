using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>The kernel's distributed Map: child workflow executions seen through <see cref="IMapRunMonitor"/>, and the ResultWriter.</summary>
public sealed class MapRunKernelTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string FailThenWait = """{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":0,"Next":"Bad"}],"Default":"Slow"},"Bad":{"Type":"Fail","Error":"Negative"},"Slow":{"Type":"Wait","Seconds":10,"End":true}""";

    private static string Distributed(string processorStates, string extra = "", string type = "STANDARD") =>
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\"" + extra
        + ",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"" + type + "\"},\"StartAt\":\"P\",\"States\":{\"P\":"
        + processorStates + "}},\"End\":true}}}";

    private sealed class Monitor : IMapRunMonitor
    {
        public List<MapRunControl> Runs { get; } = [];

        public List<MapRunExecution> Children { get; } = [];

        public void Started(MapRunControl run)
        {
            lock (Runs)
            {
                Runs.Add(run);
            }
        }

        public void ExecutionStarted(MapRunExecution execution)
        {
            lock (Children)
            {
                Children.Add(execution);
            }
        }
    }

    private static async Task<(ExecutionResult Result, Monitor Monitor, InMemoryMapResultWriter Writer)> RunAsync(string definition, string input, bool recordHistory = true, bool advanceTime = true)
    {
        var clock = new VirtualTimeProvider(Start);
        var monitor = new Monitor();
        var writer = new InMemoryMapResultWriter();
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, MapRunMonitor = monitor, ResultWriter = writer });
        var run = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "Machine", RecordHistory = recordHistory }).AsTask();

        // Without advancing, virtual time stands still: a child's Wait can only end by being aborted, however slow the
        // machine is to run the failing child.
        var result = advanceTime ? await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(5)) : await run.WaitAsync(TimeSpan.FromSeconds(30));
        return (result, monitor, writer);
    }

    [Theory]
    // 11 items in batches of 5, 5, 1; only the last batch fails: 1 failed item of 11 is 9.1%, within 10% (1 child of 3
    // would be 33%).
    [InlineData("\"ToleratedFailurePercentage\":10", 10, "SUCCEEDED")]
    // 10 items in batches of 5; the first fails: 5 failed items, past a count of 4 (1 failed child would be within it).
    [InlineData("\"ToleratedFailureCount\":4", 0, "FAILED")]
    [InlineData("\"ToleratedFailureCount\":5", 0, "SUCCEEDED")]
    public async Task With_an_ItemBatcher_the_tolerance_counts_items_not_batches(string tolerance, int failing, string status)
    {
        // "Step Functions calculates the percentage of failed items as the result of the total number of failed or timed
        // out items divided by the total number of items" (the tolerated failure threshold page). Found by a user trial.
        var items = string.Join(",", Enumerable.Range(0, failing == 10 ? 11 : 10));
        var definition = Distributed(
            "{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.Items[0]\",\"NumericEquals\":" + failing + ",\"Next\":\"Bad\"}],\"Default\":\"Good\"},\"Bad\":{\"Type\":\"Fail\",\"Error\":\"E\"},\"Good\":{\"Type\":\"Pass\",\"End\":true}",
            extra: ",\"MaxConcurrency\":1,\"ItemBatcher\":{\"MaxItemsPerBatch\":5}," + tolerance);
        var (result, monitor, _) = await RunAsync(definition, "{\"items\":[" + items + "]}");
        Assert.Equal(status, result.StatusName);
        var (_, _, _, failedItems, _) = Assert.Single(monitor.Runs).Items;
        Assert.Equal(failing == 10 ? 1 : 5, failedItems);
        if (status == "FAILED")
        {
            Assert.Equal("States.ExceedToleratedFailureThreshold", result.Error);
        }
    }

    [Fact]
    public async Task Each_child_is_an_execution_with_its_own_history_and_the_state_name_as_label()
    {
        var (result, monitor, _) = await RunAsync(Distributed("""{"Type":"Pass","Parameters":{"arn.$":"$$.Execution.Id","v.$":"$"},"End":true}"""), """{"items":[1,2]}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var run = Assert.Single(monitor.Runs);
        Assert.StartsWith("arn:aws:states:us-east-1:123456789012:mapRun:Machine/M:", run.MapRunArn, StringComparison.Ordinal);
        Assert.Equal(result.ExecutionArn, run.ExecutionArn);
        Assert.Equal(2, monitor.Children.Count);
        Assert.Equal(monitor.Children.Select(c => c.ExecutionArn).Order(), run.Executions.Select(c => c.ExecutionArn).Order());
        foreach (var child in monitor.Children)
        {
            Assert.Equal("arn:aws:states:us-east-1:123456789012:execution:Machine/M:" + child.Name, child.ExecutionArn);
            Assert.Equal(ExecutionStatus.Succeeded, child.Status);
            Assert.Equal(child.ExecutionArn, child.Output["arn"].GetString());
            Assert.Equal(child.Input, child.Output["v"]);
            Assert.NotNull(child.StopDate);
            Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], child.History!.Events.Select(e => e.Type));
        }

        // The output keeps the item order whatever order the children ran in.
        Assert.Equal([1.0, 2.0], result.Output.GetArray().AsSpan().ToArray().Select(o => o["v"].GetDouble()));
        Assert.DoesNotContain(result.History!.Events, e => e.Type.StartsWith("Pass", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_history_children_still_have_a_record()
    {
        var (result, monitor, _) = await RunAsync(Distributed("""{"Type":"Pass","End":true}""", type: "EXPRESS"), """{"items":[1]}""", recordHistory: false);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var child = Assert.Single(monitor.Children);
        Assert.Null(child.History);
        Assert.Equal(ExecutionStatus.Succeeded, child.Status);
        Assert.Contains(":express:Machine/M:", child.ExecutionArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Children_running_when_the_tolerance_is_exceeded_are_aborted()
    {
        var (result, monitor, writer) = await RunAsync(
            Distributed(FailThenWait, extra: ""","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b","Prefix":"p/"}}"""),
            """{"items":[1,-1,2]}""",
            advanceTime: false);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(StatesErrors.ExceedToleratedFailureThreshold, result.Error);
        var run = Assert.Single(monitor.Runs);
        Assert.Equal(MapRunState.Failed, run.State);
        Assert.Equal((0L, 0L, 0L, 1L, 2L), run.Children);
        var aborted = monitor.Children.Where(c => c.Status == ExecutionStatus.Aborted).ToList();
        Assert.Equal(2, aborted.Count);
        Assert.All(aborted, c => Assert.Equal("ExecutionAborted", c.History!.Events[^1].Type));
        var failed = Assert.Single(monitor.Children, c => c.Status == ExecutionStatus.Failed);
        Assert.Equal("ExecutionFailed", failed.History!.Events[^1].Type);

        // The results are written even though the run failed; the prefix's trailing slash is not doubled.
        var id = run.MapRunArn[(run.MapRunArn.LastIndexOf(':') + 1)..];
        var manifest = writer.ReadJson("b", "p/" + id + "/manifest.json");
        Assert.Empty(manifest["ResultFiles"]["SUCCEEDED"].GetArray().AsSpan().ToArray());
        var entries = writer.ReadJson("b", "p/" + id + "/FAILED_0.json").GetArray().AsSpan().ToArray();
        Assert.Equal(["ABORTED", "ABORTED", "FAILED"], entries.Select(e => e["Status"].GetString()).Order());
        Assert.Equal((0L, 3L), run.ChildEnds);
    }

    [Fact]
    public async Task Items_never_dispatched_are_written_as_pending()
    {
        var (result, monitor, writer) = await RunAsync(
            Distributed(FailThenWait, extra: ""","MaxConcurrency":1,"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}}"""),
            """{"items":[-1,5,6]}""",
            advanceTime: false);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var run = Assert.Single(monitor.Runs);
        Assert.Equal(2, run.Children.Pending);
        var id = run.MapRunArn[(run.MapRunArn.LastIndexOf(':') + 1)..];
        var pending = writer.ReadJson("b", id + "/PENDING_0.json").GetArray().AsSpan().ToArray();
        Assert.Equal(["5", "6"], pending.Select(p => p["Input"].GetString()));
        Assert.Single(writer.ReadJson("b", id + "/manifest.json")["ResultFiles"]["PENDING"].GetArray().AsSpan().ToArray());
    }

    [Fact]
    public async Task Batches_are_children_with_their_item_count()
    {
        var (result, monitor, _) = await RunAsync(
            Distributed("""{"Type":"Pass","End":true}""", extra: ""","ItemBatcher":{"MaxItemsPerBatch":2}"""),
            """{"items":[1,2,3]}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal([1, 2], monitor.Children.Select(c => c.ItemCount).Order());
        var run = Assert.Single(monitor.Runs);
        Assert.Equal(2, run.TotalChildren);
        Assert.Equal(3, run.Items.Succeeded);
    }

    [Fact]
    public async Task An_express_child_past_five_minutes_times_out()
    {
        var (result, monitor, _) = await RunAsync(
            Distributed("""{"Type":"Wait","SecondsPath":"$","Next":"After"},"After":{"Type":"Pass","End":true}""", extra: ""","ToleratedFailureCount":1""", type: "EXPRESS"),
            """{"items":[400,10]}""");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var slow = Assert.Single(monitor.Children, c => c.Input.Equals(JsonValue.Parse("400")));
        Assert.Equal(ExecutionStatus.TimedOut, slow.Status);
        Assert.Equal(StatesErrors.Timeout, slow.Error);
        Assert.Equal("ExecutionTimedOut", slow.History!.Events[^1].Type);
        Assert.Equal(ExecutionStatus.Succeeded, Assert.Single(monitor.Children, c => c != slow).Status);
        var run = Assert.Single(monitor.Runs);
        Assert.Equal((1L, 0L), run.ChildEnds);
        Assert.Equal(1, run.Children.Succeeded);
        Assert.Equal(0, run.Children.Failed);

        // Its Wait is cut short at five minutes, as AWS ends it then: the child ends at its limit, not at the Wait's end.
        Assert.Equal(slow.StartDate + TimeSpan.FromMinutes(5), slow.StopDate);
        Assert.Equal(slow.StartDate + TimeSpan.FromMinutes(5), slow.History.Events[^1].Timestamp);
    }

    [Fact]
    public async Task An_express_childs_retry_wait_is_cut_short_at_five_minutes()
    {
        var (result, monitor, _) = await RunAsync(
            Distributed("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":400,"MaxAttempts":1}],"End":true}""", type: "EXPRESS"),
            """{"items":[1]}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var child = Assert.Single(monitor.Children);
        Assert.Equal(ExecutionStatus.TimedOut, child.Status);
        Assert.Equal(child.StartDate + TimeSpan.FromMinutes(5), child.StopDate);
    }

    [Fact]
    public async Task An_express_childs_task_is_cut_short_at_five_minutes()
    {
        var never = new TaskCompletionSource<JsonValue>();
        var clock = new VirtualTimeProvider(Start);
        var monitor = new Monitor();
        var handlers = new AslCompiler.Runtime.Tasks.TaskHandlerRegistry().Register("*", _ => new ValueTask<JsonValue>(never.Task));
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, MapRunMonitor = monitor, TaskHandlers = handlers });
        var definition = Distributed("""{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"TimeoutSeconds":3600,"End":true}""", type: "EXPRESS");
        var run = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("""{"items":[1]}"""), new ExecutionRequest { StateMachineName = "Machine" }).AsTask();
        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(5));
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var child = Assert.Single(monitor.Children);
        Assert.Equal(ExecutionStatus.TimedOut, child.Status);
        Assert.Equal(child.StartDate + TimeSpan.FromMinutes(5), child.StopDate);
        Assert.Equal("ExecutionTimedOut", child.History!.Events[^1].Type);
    }
}
