using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// EXPRESS executions kept for inspection (<see cref="StepFunctionsOptions.InspectExpressExecutions"/>) follow
/// <see cref="StepFunctionsOptions.StandardExecutionRetention"/> from their stop date, as Standard ones do: answered as
/// missing from the instant it ends, and removed from memory with their Map Runs and children, so an instance that keeps
/// them does not grow without bound.
/// </summary>
public sealed class ExpressExecutionRetentionTests
{
    // An EXPRESS parent with a distributed Map of EXPRESS children.
    private const string MapDefinition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items",
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
         "End":true}}}
        """;

    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static LocalStepFunctions Create(VirtualTimeProvider time, TimeSpan retention, IStepFunctionsStore? store = null) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = time,
        InspectExpressExecutions = true,
        StandardExecutionRetention = retention,
        Store = store,
    });

    private static async Task AssertGoneAsync(LocalStepFunctions sfn, string arn)
    {
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn }));
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = arn }));
    }

    [Fact]
    public async Task An_inspected_express_execution_is_kept_for_the_retention_after_it_stopped_then_it_is_gone()
    {
        var time = new VirtualTimeProvider(Start);
        var retention = TimeSpan.FromDays(90);
        var sfn = Create(time, retention);
        var machine = await sfn.CreateMachineAsync("E", MapDefinition, StateMachineType.Express);
        var arn = await sfn.StartAsync(machine, "async", """{"items":[1,2]}""");
        var described = await sfn.WaitAsync(arn);
        Assert.Equal(ExecutionStatus.Succeeded, described.Status);
        await sfn.RunsEndedAsync(arn);
        var synchronous = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine, Name = "sync", Input = """{"items":[3]}""" });
        var history = (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn })).Events;
        var mapRun = Assert.Single(history, e => e.Type == HistoryEventType.MapRunStarted).MapRunStartedEventDetails!.MapRunArn!;
        var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun })).Executions.Select(c => c.ExecutionArn).ToList();
        Assert.Equal(2, children.Count);
        Assert.Equal(new KeptRecords(2, 2, 3, 0, 0), sfn.KeptRecords());

        // Both stopped at the start (the clock did not move): kept to the tick before the retention ends.
        Assert.Equal(Start, described.StopDate);
        Assert.Equal(Start, synchronous.StopDate);
        time.Advance(retention - TimeSpan.FromTicks(1));
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
        Assert.NotEmpty((await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = synchronous.ExecutionArn })).Events);
        Assert.Equal(MapRunStatus.Succeeded, (await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRun })).Status);

        time.Advance(TimeSpan.FromTicks(1));
        await AssertGoneAsync(sfn, arn);
        await AssertGoneAsync(sfn, synchronous.ExecutionArn);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRun }));
        foreach (var child in children)
        {
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child }));
        }

        Assert.Equal(new KeptRecords(0, 0, 0, 0, 0), sfn.KeptRecords());
    }

    [Fact]
    public async Task An_expired_express_execution_leaves_an_idle_instance_when_its_retention_ends()
    {
        // The instance's expiry timer sweeps when the retention ends, with no action asking (as for Standard ones).
        var time = new VirtualTimeProvider(Start);
        var sfn = Create(time, TimeSpan.FromMinutes(10));
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        var arn = await sfn.StartAsync(machine, "a");
        await sfn.WaitAsync(arn);
        await sfn.RunsEndedAsync(arn);
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Equal(1, sfn.KeptRecords().Executions);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(0, sfn.KeptRecords().Executions); // swept: nothing has asked
        await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }));
    }

    [Fact]
    public async Task Express_executions_never_reach_the_store_when_they_expire_and_an_infinite_retention_keeps_them()
    {
        var time = new VirtualTimeProvider(Start);
        var store = new InMemoryStepFunctionsStore(time);
        var sfn = Create(time, TimeSpan.FromDays(1), store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        var arn = await sfn.StartAsync(machine, "a");
        await sfn.WaitAsync(arn);
        await sfn.RunsEndedAsync(arn);
        time.Advance(TimeSpan.FromDays(1));
        await AssertGoneAsync(sfn, arn);
        await sfn.RemovalsEndedAsync();
        Assert.Empty(await store.LoadExecutionsAsync(default));
        Assert.Equal(0, store.JournalCount);
        await sfn.ShutdownAsync();

        var keeping = Create(time, Timeout.InfiniteTimeSpan);
        machine = await keeping.CreateMachineAsync("E", ExecutionFixture.ResultDefinition, StateMachineType.Express);
        arn = await keeping.StartAsync(machine, "kept");
        await keeping.WaitAsync(arn);
        time.Advance(TimeSpan.FromDays(10_000));
        Assert.Equal(ExecutionStatus.Succeeded, (await keeping.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status);
    }
}
