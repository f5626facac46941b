using System.Text.RegularExpressions;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;
using HistoryEventType = AslCompiler.Runtime.Api.HistoryEventType;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// A distributed Map whose process "dies" after every few commits (nothing more reaches the store, Map Run records
/// included) and restarts until the execution ends: it ends as an uninterrupted run, with one Map Run, whole child
/// histories, and the same side effects by idempotency key.
/// </summary>
public sealed partial class MapRunCrashTests
{
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","MaxConcurrency":2,"ResultPath":"$.out",
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
         "StartAt":"A","States":{
           "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"a","value.$":"$"},"Next":"W"},
           "W":{"Type":"Wait","Seconds":5,"Next":"B"},
           "B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"b","value.$":"$.value"},"End":true}}},
         "Next":"Done"},
         "Done":{"Type":"Pass","End":true}}}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public async Task A_distributed_map_crashed_every_few_commits_ends_as_an_uninterrupted_run(int crashEvery)
    {
        var reference = await RunAsync(0);
        var crashed = await RunAsync(crashEvery);

        Assert.True(crashed.Restarts > 0);
        Assert.Equal(reference.Output, crashed.Output);
        Assert.Equal(reference.ParentTypes, crashed.ParentTypes);
        Assert.Equal(reference.ChildTypes, crashed.ChildTypes);
        Assert.Equal(reference.Keys, crashed.Keys);
    }

    private static async Task<RunResult> RunAsync(int crashEvery)
    {
        var workflow = new DurableWorkflow();
        var inner = new InMemoryStepFunctionsStore();
        CrashingStore? current = crashEvery == 0 ? null : new CrashingStore(inner, crashEvery);
        var sfn = workflow.Create((IStepFunctionsStore?)current ?? inner);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Durable", Definition);
        var arn = await sfn.StartAsync(machine, "run-1", """{"items":[1,2,3]}""");
        var restarts = 0;
        while (!await workflow.DriveAsync(sfn, [arn], () => current is { Crashed: true }))
        {
            await sfn.ShutdownAsync();
            restarts++;
            Assert.True(restarts < 500, "no progress across restarts");
            current = new CrashingStore(inner, crashEvery);
            sfn = workflow.Create(current);
            await sfn.RecoverAsync();
        }

        var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        await sfn.ShutdownAsync();

        // Read everything back from the store alone.
        var again = workflow.Create(inner);
        await again.RecoverAsync();
        var parent = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(parent);
        var mapRunArn = Assert.Single(parent, e => e.Type == HistoryEventType.MapRunStarted).MapRunStartedEventDetails!.MapRunArn!;
        Assert.Equal(mapRunArn, Assert.Single((await again.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn);
        var run = await again.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn });
        Assert.Equal(MapRunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.ExecutionCounts.Succeeded);
        Assert.Equal(3, run.ExecutionCounts.Total);
        Assert.Equal(0, run.ExecutionCounts.Running + run.ExecutionCounts.Pending + run.ExecutionCounts.Failed + run.ExecutionCounts.Aborted);
        var children = (await again.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn })).Executions;
        Assert.Equal(3, children.Count);
        var childTypes = new List<string>();
        foreach (var child in children)
        {
            Assert.Equal(ExecutionStatus.Succeeded, child.Status);
            var history = await DurableWorkflow.HistoryAsync(again, child.ExecutionArn);
            DurableWorkflow.AssertWellFormed(history);
            var childDescribed = await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child.ExecutionArn });
            Assert.Equal(history[0].Timestamp, childDescribed.StartDate);
            Assert.Equal(history[^1].Timestamp, childDescribed.StopDate);
            childTypes.Add(string.Join(",", history.Select(e => e.Type)));
        }

        childTypes.Sort(StringComparer.Ordinal);
        await again.ShutdownAsync();

        // Children's keys name their own (random) ARNs: compare where in the run each call was made.
        var keys = workflow.Calls.Keys.Select(k => ChildId().Replace(k, ":*/")).Order(StringComparer.Ordinal).ToList();
        return new RunResult(described.Output!, parent.Select(e => e.Type).ToList(), childTypes, keys, restarts);
    }

    [GeneratedRegex(":[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/")]
    private static partial Regex ChildId();

    private sealed record RunResult(string Output, List<HistoryEventType> ParentTypes, List<string> ChildTypes, List<string> Keys, int Restarts);
}
