using System.Text.RegularExpressions;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

public sealed class MapRunTests
{
    private static string Distributed(string processorState, int maxConcurrency = 0, string tolerance = "") => """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","MaxConcurrency":
        """ + maxConcurrency + tolerance + """
        ,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":
        """ + processorState + """
        }},"End":true}}}
        """;

    private const string PassItem = """{"Type":"Pass","End":true}""";

    private const string FailOnNegative = """{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":0,"Next":"Bad"}],"Default":"Good"},"Bad":{"Type":"Fail","Error":"Negative"},"Good":{"Type":"Pass","End":true}""";

    private const string WaitItem = """{"Type":"Wait","Seconds":10,"End":true}""";

    private static async Task<(LocalStepFunctions Sfn, string Execution)> StartAsync(string definition, string input, VirtualTimeProvider? time = null)
    {
        var sfn = ExecutionFixture.Create(time);
        var machine = await sfn.CreateMachineAsync("Machine", definition);
        return (sfn, await sfn.StartAsync(machine, input: input));
    }

    private static async Task<DescribeMapRunResponse> SoleMapRunAsync(LocalStepFunctions sfn, string execution)
    {
        var runs = (await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = execution })).MapRuns;
        var run = Assert.Single(runs);
        Assert.Equal(execution, run.ExecutionArn);
        return await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = run.MapRunArn });
    }

    [Fact]
    public async Task A_distributed_map_records_a_map_run_with_its_counts()
    {
        var (sfn, execution) = await StartAsync(Distributed(PassItem, maxConcurrency: 2, tolerance: ""","ToleratedFailureCount":3"""), """{"items":[1,2,3,4]}""");
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(execution)).Status);
        var run = await SoleMapRunAsync(sfn, execution);
        Assert.Matches(new Regex("^arn:aws:states:us-east-1:111111111111:mapRun:Machine/Work:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"), run.MapRunArn);
        Assert.Equal(MapRunStatus.Succeeded, run.Status);
        Assert.Equal(2, run.MaxConcurrency);
        Assert.Equal(3, run.ToleratedFailureCount);
        Assert.NotNull(run.StopDate);
        Assert.Equal(4, run.ItemCounts.Total);
        Assert.Equal(4, run.ItemCounts.Succeeded);
        Assert.Equal(4, run.ExecutionCounts.Succeeded);
        Assert.Equal(0, run.ExecutionCounts.Pending);

        var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = execution });
        var started = Assert.Single(history.Events, e => e.Type == HistoryEventType.MapRunStarted);
        Assert.Equal(run.MapRunArn, started.MapRunStartedEventDetails!.MapRunArn);
        Assert.Contains(history.Events, e => e.Type == HistoryEventType.MapRunSucceeded);
    }

    [Theory]
    [InlineData(""","ToleratedFailureCount":1""", ExecutionStatus.Succeeded, MapRunStatus.Succeeded)]
    [InlineData(""","ToleratedFailurePercentage":50""", ExecutionStatus.Succeeded, MapRunStatus.Succeeded)]
    [InlineData(""","ToleratedFailurePercentage":20""", ExecutionStatus.Failed, MapRunStatus.Failed)]
    [InlineData("", ExecutionStatus.Failed, MapRunStatus.Failed)]
    public async Task Failures_beyond_the_tolerance_fail_the_map_run(string tolerance, ExecutionStatus execution, MapRunStatus mapRun)
    {
        var (sfn, arn) = await StartAsync(Distributed(FailOnNegative, maxConcurrency: 1, tolerance: tolerance), """{"items":[1,-1,2,3]}""");
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(execution, described.Status);
        var run = await SoleMapRunAsync(sfn, arn);
        Assert.Equal(mapRun, run.Status);
        Assert.Equal(1, run.ExecutionCounts.Failed);
        if (mapRun == MapRunStatus.Failed)
        {
            Assert.Equal("States.ExceedToleratedFailureThreshold", described.Error);
            var history = await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn });
            Assert.Contains(history.Events, e => e.Type == HistoryEventType.MapRunFailed);
        }
    }

    [Fact]
    public async Task UpdateMapRun_raises_the_concurrency_of_a_running_map_run()
    {
        var time = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var (sfn, execution) = await StartAsync(Distributed(WaitItem, maxConcurrency: 1), """{"items":[1,2,3]}""", time);
        var run = await EventuallyAsync(sfn, execution, r => r.ExecutionCounts.Running == 1);
        Assert.Equal(MapRunStatus.Running, run.Status);
        Assert.Equal(2, run.ExecutionCounts.Pending);
        Assert.Null(run.StopDate);

        await sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = run.MapRunArn, MaxConcurrency = 3, ToleratedFailurePercentage = 10 });
        run = await EventuallyAsync(sfn, execution, r => r.ExecutionCounts.Running == 3);
        Assert.Equal(3, run.MaxConcurrency);
        Assert.Equal(10, run.ToleratedFailurePercentage);
        Assert.Equal(0, run.ExecutionCounts.Pending);

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(execution)).Status);
        run = await SoleMapRunAsync(sfn, execution);
        Assert.Equal(MapRunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.ItemCounts.Succeeded);

        var completed = await Assert.ThrowsAsync<ValidationException>(() => sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = run.MapRunArn, MaxConcurrency = 1 }));
        Assert.Equal(ValidationExceptionReason.CannotUpdateCompletedMapRun, completed.Reason);
    }

    [Fact]
    public async Task UpdateMapRun_lowering_the_tolerance_below_the_failures_fails_the_map_run()
    {
        var time = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        const string FailThenWait = """{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":0,"Next":"Bad"}],"Default":"Slow"},"Bad":{"Type":"Fail","Error":"Negative"},"Slow":{"Type":"Wait","Seconds":10,"End":true}""";
        var (sfn, execution) = await StartAsync(Distributed(FailThenWait, maxConcurrency: 0, tolerance: ""","ToleratedFailureCount":5"""), """{"items":[-1,1,2]}""", time);
        var run = await EventuallyAsync(sfn, execution, r => r.ExecutionCounts.Failed == 1 && r.ExecutionCounts.Running == 2);

        await sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = run.MapRunArn, ToleratedFailureCount = 0 });
        var described = await sfn.WaitAsync(execution);
        Assert.Equal(ExecutionStatus.Failed, described.Status);
        Assert.Equal("States.ExceedToleratedFailureThreshold", described.Error);
        run = await SoleMapRunAsync(sfn, execution);
        Assert.Equal(MapRunStatus.Failed, run.Status);
        Assert.Equal(2, run.ExecutionCounts.Aborted);
    }

    [Fact]
    public async Task Unknown_map_runs_and_executions_are_not_found()
    {
        var sfn = ExecutionFixture.Create();
        var unknown = sfn.Arns.MapRun("Machine", "Work", Guid.NewGuid().ToString());
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = unknown }));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = unknown, MaxConcurrency = 1 }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = sfn.Arns.Execution("Machine", "nope") }));
        await Assert.ThrowsAsync<InvalidArnException>(() => sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = "arn:aws:states:us-east-1:111111111111:execution:M:e" }));
    }

    [Fact]
    public async Task An_execution_without_a_distributed_map_has_no_map_runs()
    {
        var (sfn, execution) = await StartAsync(ExecutionFixture.ResultDefinition, "{}");
        await sfn.WaitAsync(execution);
        Assert.Empty((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = execution })).MapRuns);
    }

    /// <summary>Polls (real time, bounded) until the sole Map Run of the execution satisfies the condition.</summary>
    private static async Task<DescribeMapRunResponse> EventuallyAsync(LocalStepFunctions sfn, string execution, Func<DescribeMapRunResponse, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var runs = (await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = execution })).MapRuns;
            if (runs.Count == 1)
            {
                var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = runs[0].MapRunArn });
                if (condition(run) || DateTime.UtcNow > deadline)
                {
                    return run;
                }
            }
            else if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no Map Run appeared");
            }

            await Task.Delay(10);
        }
    }
}
