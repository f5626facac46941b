using System.Text.RegularExpressions;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>A distributed Map's children as child workflow executions: ARNs, histories, Describe*, ListExecutions(mapRunArn).</summary>
public sealed class MapRunExecutionTests
{
    private const string Uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private const string FailOnNegative = """{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":0,"Next":"Bad"}],"Default":"Good"},"Bad":{"Type":"Fail","Error":"Negative","Cause":"below zero"},"Good":{"Type":"Pass","End":true}""";

    private static string Distributed(string processorStates, string type = "STANDARD", string extra = "") =>
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"Label\":\"Work\",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1" + extra
        + ",\"ItemProcessor\":{\"ProcessorConfig\":{\"Mode\":\"DISTRIBUTED\",\"ExecutionType\":\"" + type + "\"},\"StartAt\":\"P\",\"States\":{\"P\":"
        + processorStates + "}},\"End\":true}}}";

    private static LocalStepFunctions Create(IMapResultWriter? writer = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        Execution = writer is null ? null : new ExecutionOptions { ResultWriter = writer },
    });

    private static async Task<(LocalStepFunctions Sfn, string Execution, DescribeExecutionResponse Described, string MapRunArn)> RunAsync(string definition, string input, IMapResultWriter? writer = null)
    {
        var sfn = Create(writer);
        var machine = await sfn.CreateMachineAsync("Machine", definition);
        var execution = await sfn.StartAsync(machine, input: input);
        var described = await sfn.WaitAsync(execution);
        var run = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = execution })).MapRuns);
        return (sfn, execution, described, run.MapRunArn);
    }

    private static async Task<IReadOnlyList<ExecutionListItem>> ChildrenAsync(LocalStepFunctions sfn, string mapRunArn, ExecutionStatus? status = null) =>
        (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StatusFilter = status })).Executions;

    [Fact]
    public async Task Standard_children_are_executions_with_their_own_arn_history_and_map_run()
    {
        var (sfn, _, described, mapRunArn) = await RunAsync(Distributed("""{"Type":"Pass","Result":"done","End":true}"""), """{"items":[1,2,3]}""");
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);

        var children = await ChildrenAsync(sfn, mapRunArn);
        Assert.Equal(3, children.Count);
        Assert.All(children, c =>
        {
            Assert.Matches(new Regex("^arn:aws:states:us-east-1:111111111111:execution:Machine/Work:" + Uuid + "$"), c.ExecutionArn);
            Assert.EndsWith(":" + c.Name, c.ExecutionArn, StringComparison.Ordinal);
            Assert.Equal("arn:aws:states:us-east-1:111111111111:stateMachine:Machine/Work", c.StateMachineArn);
            Assert.Equal(mapRunArn, c.MapRunArn);
            Assert.Equal(1, c.ItemCount);
            Assert.Equal(ExecutionStatus.Succeeded, c.Status);
            Assert.NotNull(c.StopDate);
        });

        var child = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = children[0].ExecutionArn });
        Assert.Equal(mapRunArn, child.MapRunArn);
        Assert.Equal("\"done\"", child.Output);
        Assert.Equal("arn:aws:states:us-east-1:111111111111:stateMachine:Machine/Work", child.StateMachineArn);
        Assert.NotNull(child.StopDate);
        Assert.Equal(0, child.RedriveCount);
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, child.RedriveStatus);

        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = child.ExecutionArn });
        Assert.Equal(
            [HistoryEventType.ExecutionStarted, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited, HistoryEventType.ExecutionSucceeded],
            history.Events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], history.Events.Select(e => e.Id));
        Assert.Equal([0L, 0, 2, 3], history.Events.Select(e => e.PreviousEventId)); // the first state's entry points at 0, as on AWS
        Assert.Equal(child.Input, history.Events[0].ExecutionStartedEventDetails!.Input);

        var machine = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = child.ExecutionArn });
        Assert.Equal("arn:aws:states:us-east-1:111111111111:stateMachine:Machine/Work", machine.StateMachineArn);
        Assert.Equal(mapRunArn, machine.MapRunArn);
        Assert.Equal("Work", machine.Label);
        var definition = JsonValue.Parse(machine.Definition);
        Assert.Equal("P", definition["StartAt"].GetString());
        Assert.Equal("done", definition["States"]["P"]["Result"].GetString());
    }

    [Fact]
    public async Task The_parent_history_keeps_only_the_map_run_events()
    {
        var (sfn, execution, _, _) = await RunAsync(Distributed("""{"Type":"Pass","End":true}"""), """{"items":[1,2]}""");
        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = execution });
        Assert.Equal(
            [
                HistoryEventType.ExecutionStarted, HistoryEventType.MapStateEntered, HistoryEventType.MapStateStarted, HistoryEventType.MapRunStarted,
                HistoryEventType.MapRunSucceeded, HistoryEventType.MapStateSucceeded, HistoryEventType.MapStateExited, HistoryEventType.ExecutionSucceeded,
            ],
            history.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Express_children_are_describable_although_express_executions_are_not()
    {
        var (sfn, _, described, mapRunArn) = await RunAsync(Distributed("""{"Type":"Pass","End":true}""", type: "EXPRESS"), """{"items":[7]}""");
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        var child = Assert.Single(await ChildrenAsync(sfn, mapRunArn));
        Assert.Matches(new Regex("^arn:aws:states:us-east-1:111111111111:express:Machine/Work:" + Uuid + ":" + Uuid + "$"), child.ExecutionArn);
        Assert.Null(child.RedriveCount);

        var describedChild = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child.ExecutionArn });
        Assert.Equal("7", describedChild.Output);
        Assert.Null(describedChild.RedriveStatus);
        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = child.ExecutionArn });
        Assert.Equal(HistoryEventType.ExecutionSucceeded, history.Events[^1].Type);
        var machine = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = child.ExecutionArn });
        Assert.Equal(mapRunArn, machine.MapRunArn);

        // An ordinary express execution stays refused.
        var express = sfn.Arns.ExpressExecution("Machine", "x", Guid.NewGuid().ToString());
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = express }));
    }

    [Fact]
    public async Task A_failed_child_of_a_failed_map_run_is_redrivable_by_the_map_run()
    {
        var (sfn, _, described, mapRunArn) = await RunAsync(Distributed(FailOnNegative, extra: ""), """{"items":[-1]}""");
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        var failed = Assert.Single(await ChildrenAsync(sfn, mapRunArn, ExecutionStatus.Failed));
        var child = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = failed.ExecutionArn });
        Assert.Equal(ExecutionRedriveStatus.RedrivableByMapRun, child.RedriveStatus);
        Assert.Null(child.RedriveStatusReason);
        Assert.Equal(0, (await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn })).ExecutionCounts.FailuresNotRedrivable);
    }

    [Fact]
    public async Task ListExecutions_filters_children_by_status_and_pages_them()
    {
        var (sfn, _, described, mapRunArn) = await RunAsync(Distributed(FailOnNegative, extra: ""","ToleratedFailureCount":2"""), """{"items":[1,-1,2,-2,3]}""");
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);

        var failed = await ChildrenAsync(sfn, mapRunArn, ExecutionStatus.Failed);
        Assert.Equal(2, failed.Count);
        Assert.All(failed, c => Assert.Equal(ExecutionStatus.Failed, c.Status));
        Assert.Equal(3, (await ChildrenAsync(sfn, mapRunArn, ExecutionStatus.Succeeded)).Count);
        Assert.Empty(await ChildrenAsync(sfn, mapRunArn, ExecutionStatus.PendingRedrive));

        // The run succeeded within its tolerance: its Map state is done, so no redrive reruns the two failures.
        var succeededRun = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn });
        Assert.Equal(2, succeededRun.ExecutionCounts.FailuresNotRedrivable);
        Assert.Equal(2, succeededRun.ItemCounts.FailuresNotRedrivable);
        Assert.Equal(0, succeededRun.ExecutionCounts.PendingRedrive);
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, RedriveFilter = ExecutionRedriveFilter.Redriven })).Executions);

        var failedChild = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = failed[0].ExecutionArn });
        Assert.Equal("Negative", failedChild.Error);
        Assert.Equal("below zero", failedChild.Cause);
        // Counted in failuresNotRedrivable, so NOT_REDRIVABLE itself (the reference's definition of that count).
        Assert.Equal(ExecutionRedriveStatus.NotRedrivable, failedChild.RedriveStatus);
        var failedHistory = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = failedChild.ExecutionArn });
        Assert.Equal(HistoryEventType.ExecutionFailed, failedHistory.Events[^1].Type);
        Assert.Equal("Negative", failedHistory.Events[^1].ExecutionFailedEventDetails!.Error);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, MaxResults = 2, NextToken = token });
            Assert.True(page.Executions.Count <= 2);
            seen.AddRange(page.Executions.Select(e => e.ExecutionArn));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(5, seen.Distinct().Count());
        var all = await ChildrenAsync(sfn, mapRunArn);
        Assert.Equal(all.Select(e => e.ExecutionArn), seen);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.StartDate >= p.Second.StartDate), "newest first");

        var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn });
        Assert.Equal(2, run.ExecutionCounts.Failed);
        Assert.Equal(3, run.ExecutionCounts.Succeeded);
        Assert.Equal(5, run.ExecutionCounts.Total);
        Assert.Equal(0, run.ExecutionCounts.ResultsWritten);
    }

    [Fact]
    public async Task ListExecutions_takes_a_state_machine_or_a_map_run_but_not_both()
    {
        var (sfn, execution, _, mapRunArn) = await RunAsync(Distributed("""{"Type":"Pass","End":true}"""), """{"items":[1]}""");
        var machine = (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = execution })).StateMachineArn;
        await Assert.ThrowsAsync<ValidationException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StateMachineArn = machine }));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest()));
        await Assert.ThrowsAsync<ValidationException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine, StatusFilter = ExecutionStatus.PendingRedrive }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = execution }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = sfn.Arns.MapRun("Machine", "Work", Guid.NewGuid().ToString()) }));
        await Assert.ThrowsAsync<InvalidTokenException>(() => sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, NextToken = "not-a-token" }));

        // The children are not the state machine's executions.
        var listed = await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine });
        Assert.Equal(execution, Assert.Single(listed.Executions).ExecutionArn);
    }

    [Fact]
    public async Task A_child_reads_its_own_execution_in_the_context_object()
    {
        var (sfn, _, _, mapRunArn) = await RunAsync(
            Distributed("""{"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","name.$":"$$.Execution.Name","machine.$":"$$.StateMachine.Name","input.$":"$$.Execution.Input"},"End":true}"""),
            """{"items":[{"n":1}]}""");
        var child = Assert.Single(await ChildrenAsync(sfn, mapRunArn));
        var output = JsonValue.Parse((await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child.ExecutionArn })).Output!);
        Assert.Equal(child.ExecutionArn, output["id"].GetString());
        Assert.Equal(child.Name, output["name"].GetString());
        Assert.Equal("Machine/Work", output["machine"].GetString());
        Assert.Equal(1.0, output["input"]["n"].GetDouble());
    }

    [Fact]
    public async Task Nested_distributed_maps_nest_their_labels()
    {
        const string Definition = """
            {"StartAt":"Outer","States":{"Outer":{"Type":"Map","Label":"Out","ItemsPath":"$.jobs","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
             "StartAt":"Inner","States":{"Inner":{"Type":"Map","Label":"In","ItemsPath":"$.inner","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},
             "StartAt":"Leaf","States":{"Leaf":{"Type":"Pass","Result":"leaf","End":true}}},"End":true}}},"End":true}}}
            """;
        var (sfn, _, described, outerRun) = await RunAsync(Definition, """{"jobs":[{"inner":[1,2]}]}""");
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        var outerChild = Assert.Single(await ChildrenAsync(sfn, outerRun));
        var innerRun = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = outerChild.ExecutionArn })).MapRuns);
        Assert.Equal(outerChild.ExecutionArn, innerRun.ExecutionArn);
        Assert.StartsWith("arn:aws:states:us-east-1:111111111111:mapRun:Machine/Out/In:", innerRun.MapRunArn, StringComparison.Ordinal);

        var innerChildren = await ChildrenAsync(sfn, innerRun.MapRunArn);
        Assert.Equal(2, innerChildren.Count);
        var machine = await sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = innerChildren[0].ExecutionArn });
        Assert.Equal("In", machine.Label);
        Assert.Equal("Leaf", JsonValue.Parse(machine.Definition)["StartAt"].GetString());
    }

    [Fact]
    public async Task The_result_writer_writes_the_manifest_and_result_files_and_the_map_returns_their_location()
    {
        var writer = new InMemoryMapResultWriter();
        var (sfn, _, described, mapRunArn) = await RunAsync(
            Distributed(FailOnNegative, extra: ""","ToleratedFailureCount":1,"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results","Prefix":"jobs"}}"""),
            """{"items":[1,-1,2]}""",
            writer);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        var mapRunId = mapRunArn[(mapRunArn.LastIndexOf(':') + 1)..];
        var output = JsonValue.Parse(described.Output!);
        Assert.Equal(mapRunArn, output["MapRunArn"].GetString());
        Assert.Equal("results", output["ResultWriterDetails"]["Bucket"].GetString());
        Assert.Equal("jobs/" + mapRunId + "/manifest.json", output["ResultWriterDetails"]["Key"].GetString());

        var manifest = writer.ReadJson("results", "jobs/" + mapRunId + "/manifest.json");
        Assert.Equal("results", manifest["DestinationBucket"].GetString());
        Assert.Equal(mapRunArn, manifest["MapRunArn"].GetString());
        var succeededFile = Assert.Single(manifest["ResultFiles"]["SUCCEEDED"].GetArray().AsSpan().ToArray());
        Assert.Equal("jobs/" + mapRunId + "/SUCCEEDED_0.json", succeededFile["Key"].GetString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(writer.Read("results", succeededFile["Key"].GetString())!), (int)succeededFile["Size"].GetDouble());
        Assert.Single(manifest["ResultFiles"]["FAILED"].GetArray().AsSpan().ToArray());
        Assert.Empty(manifest["ResultFiles"]["PENDING"].GetArray().AsSpan().ToArray());

        var succeeded = writer.ReadJson("results", "jobs/" + mapRunId + "/SUCCEEDED_0.json").GetArray();
        Assert.Equal(2, succeeded.Count);
        var first = succeeded[0];
        Assert.Equal("SUCCEEDED", first["Status"].GetString());
        Assert.Equal("1", first["Input"].GetString());
        Assert.Equal("1", first["Output"].GetString());
        Assert.Equal("arn:aws:states:us-east-1:111111111111:stateMachine:Machine/Work", first["StateMachineArn"].GetString());
        Assert.Equal((await ChildrenAsync(sfn, mapRunArn, ExecutionStatus.Succeeded)).Select(c => c.ExecutionArn).Order(), succeeded.AsSpan().ToArray().Select(e => e["ExecutionArn"].GetString()).Order());
        var failed = Assert.Single(writer.ReadJson("results", "jobs/" + mapRunId + "/FAILED_0.json").GetArray().AsSpan().ToArray());
        Assert.Equal("FAILED", failed["Status"].GetString());
        Assert.Equal("Negative", failed["Error"].GetString());
        Assert.True(failed["Output"].IsUndefined);

        var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn });
        Assert.Equal(3, run.ExecutionCounts.ResultsWritten);
        Assert.Equal(3, run.ItemCounts.ResultsWritten);
    }

    [Theory]
    [InlineData("COMPACT", """[[1,2],"x",[3]]""")]
    [InlineData("FLATTEN", """[1,2,"x",3]""")]
    public async Task A_writer_config_without_a_resource_shapes_the_state_output(string transformation, string expected)
    {
        var (_, _, described, _) = await RunAsync(
            Distributed("""{"Type":"Pass","End":true}""", extra: ""","ResultWriter":{"WriterConfig":{"Transformation":"%T%","OutputType":"JSON"}}""".Replace("%T%", transformation)),
            """{"items":[[1,2],"x",[3]]}""");
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        Assert.Equal(JsonValue.Parse(expected), JsonValue.Parse(described.Output!));
    }

    [Fact]
    public async Task Jsonl_output_writes_one_result_a_line()
    {
        var writer = new InMemoryMapResultWriter();
        var (_, _, described, mapRunArn) = await RunAsync(
            Distributed("""{"Type":"Pass","End":true}""", extra: ""","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"},"WriterConfig":{"Transformation":"COMPACT","OutputType":"JSONL"}}"""),
            """{"items":[{"a":1},{"a":2}]}""",
            writer);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        var mapRunId = mapRunArn[(mapRunArn.LastIndexOf(':') + 1)..];
        Assert.Equal(mapRunId + "/manifest.json", JsonValue.Parse(described.Output!)["ResultWriterDetails"]["Key"].GetString());
        Assert.Equal("{\"a\":1}\n{\"a\":2}\n", writer.Read("b", mapRunId + "/SUCCEEDED_0.json"));
    }

    [Fact]
    public async Task A_failing_writer_fails_the_map_with_ResultWriterFailed()
    {
        var (sfn, execution, described, mapRunArn) = await RunAsync(
            Distributed("""{"Type":"Pass","End":true}""", extra: ""","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}}"""),
            """{"items":[1]}""",
            new FailingWriter());
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        Assert.Equal("States.ResultWriterFailed", described.Error);
        Assert.Equal("AccessDenied: no write", described.Cause);
        Assert.Equal(MapRunStatus.Failed, (await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn })).Status);
        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = execution });
        var failed = Assert.Single(history.Events, e => e.Type == HistoryEventType.MapRunFailed);
        Assert.Equal("States.ResultWriterFailed", failed.MapRunFailedEventDetails!.Error);
    }

    [Fact]
    public async Task A_result_writer_without_a_bucket_fails_with_ResultWriterFailed()
    {
        var sfn = Create();
        var machine = await sfn.CreateMachineAsync("Machine", Distributed("""{"Type":"Pass","End":true}""", extra: ""","ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket.$":"$.nothing.here"}}"""));
        var described = await sfn.WaitAsync(await sfn.StartAsync(machine, input: """{"items":[1],"nothing":{"here":5}}"""));
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        Assert.Equal("States.ResultWriterFailed", described.Error);
    }

    private sealed class FailingWriter : IMapResultWriter
    {
        public ValueTask WriteAsync(MapResultObject result, CancellationToken cancellationToken) =>
            throw new TaskFailedException("S3.AccessDenied", "AccessDenied: no write");
    }
}
