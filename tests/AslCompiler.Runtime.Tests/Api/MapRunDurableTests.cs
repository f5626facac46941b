using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>A distributed Map in a durable Standard execution across a restart.</summary>
public sealed class MapRunDurableTests
{
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
         "StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}},"End":true}}}
        """;

    [Fact]
    public async Task A_resumed_execution_keeps_its_map_run_arn_and_its_children_finish()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Durable", Definition);
        var arn = await sfn.StartAsync(machine, "d", """{"items":[1,2]}""");
        await WaitForTimersAsync(workflow, 2);
        var before = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;
        workflow.Time.Advance(TimeSpan.FromSeconds(10));
        await sfn.ShutdownAsync();

        var again = workflow.Create(store);
        await again.RecoverAsync();
        await WaitForTimersAsync(workflow, 2);
        workflow.Time.Advance(TimeSpan.FromSeconds(50));
        var described = await again.WaitAsync(arn);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);

        var history = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(history);
        var started = Assert.Single(history, e => e.Type == HistoryEventType.MapRunStarted);
        Assert.Equal(before, started.MapRunStartedEventDetails!.MapRunArn);
        var after = Assert.Single((await again.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;
        Assert.Equal(before, after);

        var children = (await again.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = after })).Executions;
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(ExecutionStatus.Succeeded, c.Status));
    }

    private static async Task WaitForTimersAsync(DurableWorkflow workflow, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (workflow.Time.PendingTimerCount < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }
    }
}
