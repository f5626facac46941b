using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>Map Run records and their child executions in the store: round trip, restart, resume and redrive.</summary>
public sealed class MapRunStoreTests
{
    // Each child calls "work" (counted by idempotency key), then waits its item's seconds.
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","ToleratedFailureCount":1,
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
         "StartAt":"Do","States":{
           "Do":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","Parameters":{"step":"child","value.$":"$.n"},"ResultPath":"$.did","Next":"W"},
           "W":{"Type":"Wait","SecondsPath":"$.wait","End":true}}},"End":true}}}
        """;

    private const string Input = """{"items":[{"n":1,"wait":1},{"n":2,"wait":100},{"n":3,"wait":100}]}""";

    [Fact]
    public async Task The_in_memory_store_keeps_map_runs_and_children()
    {
        var store = new InMemoryStepFunctionsStore();
        var run = new StoredMapRun
        {
            MapRunArn = "arn:aws:states:us-east-1:111111111111:mapRun:M/Work:1",
            ExecutionArn = "arn:aws:states:us-east-1:111111111111:execution:M:e",
            StateMachineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:M",
            ChildStateMachineName = "M/Work",
            Label = "Work",
            ExecutionType = StateMachineType.Standard,
            Sequence = 2,
            StartDate = DateTimeOffset.UnixEpoch,
            Status = MapRunStatus.Running,
            MaxConcurrency = 5,
            ToleratedFailurePercentage = 12.5,
            ExecutionCounts = new StoredMapRunCounts(1, 2, 3, 4, 5, 6, 7, 28),
            ItemCounts = new StoredMapRunCounts(7, 6, 5, 4, 3, 2, 1, 28),
        };
        var older = run with { MapRunArn = run.MapRunArn[..^1] + "0", Sequence = 1 };
        await store.SaveMapRunAsync(run, default);
        await store.SaveMapRunAsync(older, default);
        var ended = run with { Status = MapRunStatus.Succeeded, StopDate = DateTimeOffset.UnixEpoch.AddHours(1), RedriveCount = 1, RedriveDate = DateTimeOffset.UnixEpoch.AddMinutes(5) };
        await store.SaveMapRunAsync(ended, default);
        Assert.Equal([older, ended], await store.LoadMapRunsAsync(default));

        var child = new StoredMapRunExecution
        {
            ExecutionArn = "arn:aws:states:us-east-1:111111111111:execution:M/Work:c",
            MapRunArn = run.MapRunArn,
            RootExecutionArn = run.ExecutionArn,
            Sequence = 1,
            Name = "c",
            Type = StateMachineType.Standard,
            StateMachineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:M/Work",
            StateMachineName = "M/Work",
            RoleArn = "arn:aws:iam::111111111111:role/r",
            Input = "{\"n\":1}",
            ItemCount = 1,
            StartDate = DateTimeOffset.UnixEpoch,
            Status = ExecutionStatus.Running,
        };
        await store.SaveMapRunExecutionAsync(child, default);
        var done = child with { Status = ExecutionStatus.Succeeded, StopDate = DateTimeOffset.UnixEpoch.AddSeconds(3), Output = "{}" };
        await store.SaveMapRunExecutionAsync(done, default);
        Assert.Equal([done], await store.LoadMapRunExecutionsAsync(default));
    }

    [Fact]
    public async Task A_map_run_keeps_its_record_children_and_counts_across_a_restart_and_nothing_runs_twice()
    {
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var sfn = workflow.Create(store);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Durable", Definition);
        var arn = await sfn.StartAsync(machine, "d", Input);
        await WaitForAsync(async () => (await TryDescribeAsync(sfn, arn))?.ExecutionCounts.Running == 3 && workflow.Time.PendingTimerCount >= 3);
        workflow.Time.Advance(TimeSpan.FromSeconds(10));
        await WaitForAsync(async () => (await DescribeAsync(sfn, arn)).ExecutionCounts.Succeeded == 1);
        var mapRunArn = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;
        await sfn.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = mapRunArn, MaxConcurrency = 7 });
        var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn })).Executions;
        var finished = Assert.Single(children, c => c.Status == ExecutionStatus.Succeeded);
        var finishedHistory = await DurableWorkflow.HistoryAsync(sfn, finished.ExecutionArn);
        var finishedDescribed = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = finished.ExecutionArn });
        await sfn.ShutdownAsync();

        // The store has the run as it was: one child done, two running, the updated concurrency.
        var stored = Assert.Single(await store.LoadMapRunsAsync(default));
        Assert.Equal(mapRunArn, stored.MapRunArn);
        Assert.Equal(MapRunStatus.Running, stored.Status);
        Assert.Equal(new StoredMapRunCounts(0, 2, 1, 0, 0, 0, 0, 3), stored.ExecutionCounts);
        Assert.Equal(7, stored.MaxConcurrency);
        Assert.Equal(3, (await store.LoadMapRunExecutionsAsync(default)).Count);

        var again = workflow.Create(store);
        await again.RecoverAsync();
        var resumed = await DescribeAsync(again, arn);
        Assert.Equal(mapRunArn, resumed.MapRunArn);
        Assert.Equal(7, resumed.MaxConcurrency);
        Assert.Equal(1, resumed.ToleratedFailureCount);
        Assert.Equal(1, resumed.ExecutionCounts.Succeeded);

        // The child that finished before the restart is the same execution: same dates, same history.
        var describedAgain = await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = finished.ExecutionArn });
        Assert.Equal(finishedDescribed.StartDate, describedAgain.StartDate);
        Assert.Equal(finishedDescribed.StopDate, describedAgain.StopDate);
        Assert.Equal(finishedDescribed.Output, describedAgain.Output);
        AssertSameEvents(finishedHistory, await DurableWorkflow.HistoryAsync(again, finished.ExecutionArn));

        await WaitForAsync(() => Task.FromResult(workflow.Time.PendingTimerCount >= 2));
        workflow.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(ExecutionStatus.Succeeded, (await again.WaitAsync(arn)).Status);
        var end = await DescribeAsync(again, arn);
        Assert.Equal(MapRunStatus.Succeeded, end.Status);
        Assert.Equal(3, end.ExecutionCounts.Succeeded);
        Assert.Equal(0, end.ExecutionCounts.Running);
        Assert.Equal(3, end.ItemCounts.Succeeded);

        // Every child's task ran once, by its idempotency key.
        var childCalls = workflow.Calls.Where(c => c.Key.Contains("Work:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, childCalls.Count);
        Assert.All(childCalls, c => Assert.Equal(1, c.Value));
        var parentHistory = await DurableWorkflow.HistoryAsync(again, arn);
        DurableWorkflow.AssertWellFormed(parentHistory);
        Assert.Equal(mapRunArn, Assert.Single(parentHistory, e => e.Type == HistoryEventType.MapRunStarted).MapRunStartedEventDetails!.MapRunArn);
        await again.ShutdownAsync();

        // After another restart the ended run and its children are read from the store alone (the parent is not resumed).
        var third = workflow.Create(store);
        await third.RecoverAsync();
        var described = await DescribeAsync(third, arn);
        Assert.Equal(MapRunStatus.Succeeded, described.Status);
        Assert.Equal(end.StopDate, described.StopDate);
        Assert.Equal(3, described.ExecutionCounts.Succeeded);
        Assert.Equal(3, described.ExecutionCounts.Total);
        var listed = (await third.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn })).Executions;
        Assert.Equal(3, listed.Count);
        Assert.All(listed, c => Assert.Equal(ExecutionStatus.Succeeded, c.Status));
        Assert.Equal(listed.Select(c => c.ExecutionArn), (await again.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn })).Executions.Select(c => c.ExecutionArn));
        foreach (var child in listed)
        {
            var history = await DurableWorkflow.HistoryAsync(third, child.ExecutionArn);
            DurableWorkflow.AssertWellFormed(history);
            Assert.Equal(HistoryEventType.ExecutionStarted, history[0].Type);
            Assert.Equal(HistoryEventType.ExecutionSucceeded, history[^1].Type);
            AssertSameEvents(await DurableWorkflow.HistoryAsync(again, child.ExecutionArn), history);
            var machineOfChild = await third.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionRequest { ExecutionArn = child.ExecutionArn });
            Assert.Equal(mapRunArn, machineOfChild.MapRunArn);
            Assert.Equal("Work", machineOfChild.Label);
        }

        AssertSameEvents(finishedHistory, await DurableWorkflow.HistoryAsync(third, finished.ExecutionArn));
        Assert.Equal(3, workflow.Calls.Count(c => c.Key.Contains("Work:", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<ValidationException>(() => third.UpdateMapRunAsync(new UpdateMapRunRequest { MapRunArn = mapRunArn, MaxConcurrency = 1 }));
    }

    [Fact]
    public async Task A_redriven_map_run_keeps_its_arn_and_counts_its_redrive()
    {
        // The child with n = 2 fails on its first attempt; a redrive reruns only that child.
        const string failing = """
            {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items",
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
             "StartAt":"Do","States":{"Do":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:once","End":true}}},"End":true}}}
            """;
        var workflow = new DurableWorkflow();
        var store = new InMemoryStepFunctionsStore();
        var failedOnce = 0;
        var handlers = workflow.Handlers();
        handlers.Register(DurableWorkflow.Fn + "once", invocation =>
        {
            workflow.Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            if (invocation.Input["n"].TryGetInt32(out var n) && n == 2 && Interlocked.Exchange(ref failedOnce, 1) == 0)
            {
                throw new Runtime.Execution.TaskFailedException("Boom", "first attempt");
            }

            return new ValueTask<Runtime.Json.JsonValue>(invocation.Input);
        });
        var sfn = workflow.Create(store, handlers: handlers);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Redrive", failing);
        var arn = await sfn.StartAsync(machine, "r", """{"items":[{"n":1},{"n":2},{"n":3}]}""");
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var mapRunArn = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;
        var failedRun = await DescribeAsync(sfn, arn);
        Assert.Equal(MapRunStatus.Failed, failedRun.Status);
        Assert.Equal(0, failedRun.RedriveCount);
        var failedChild = Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StatusFilter = ExecutionStatus.Failed })).Executions);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(arn)).Status);
        var redriven = await DescribeAsync(sfn, arn);
        Assert.Equal(mapRunArn, redriven.MapRunArn);
        Assert.Equal(MapRunStatus.Succeeded, redriven.Status);
        Assert.Equal(1, redriven.RedriveCount);
        Assert.NotNull(redriven.RedriveDate);
        Assert.Equal(3, redriven.ExecutionCounts.Succeeded);
        Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns);

        // The failed child was redriven (same ARN): ExecutionFailed, ExecutionRedriven, then its rerun.
        var child = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = failedChild.ExecutionArn });
        Assert.Equal(ExecutionStatus.Succeeded, child.Status);
        Assert.Equal(1, child.RedriveCount);
        var childHistory = await DurableWorkflow.HistoryAsync(sfn, failedChild.ExecutionArn);
        DurableWorkflow.AssertWellFormed(childHistory);
        var types = childHistory.Select(e => e.Type).ToList();
        Assert.True(types.IndexOf(HistoryEventType.ExecutionFailed) < types.IndexOf(HistoryEventType.ExecutionRedriven));
        Assert.Equal(HistoryEventType.ExecutionSucceeded, types[^1]);
        Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, RedriveFilter = ExecutionRedriveFilter.Redriven })).Executions);

        var parentHistory = await DurableWorkflow.HistoryAsync(sfn, arn);
        DurableWorkflow.AssertWellFormed(parentHistory);
        var redrivenEvent = Assert.Single(parentHistory, e => e.Type == HistoryEventType.MapRunRedriven);
        Assert.Equal(mapRunArn, redrivenEvent.MapRunRedrivenEventDetails!.MapRunArn);
        Assert.Equal(1, redrivenEvent.MapRunRedrivenEventDetails.RedriveCount);

        // The children that succeeded ran once; the failed one twice (two attempts keyed apart).
        Assert.True(workflow.Calls.All(c => c.Value == 1), string.Join(", ", workflow.Calls.Select(c => c.Key + "=" + c.Value)));
        Assert.True(4 == workflow.Calls.Count, string.Join(", ", workflow.Calls.Keys));
        await sfn.ShutdownAsync();

        var again = workflow.Create(store);
        await again.RecoverAsync();
        var reloaded = await DescribeAsync(again, arn);
        Assert.Equal(1, reloaded.RedriveCount);
        Assert.Equal(redriven.RedriveDate, reloaded.RedriveDate);
        Assert.Equal(1, (await again.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = failedChild.ExecutionArn })).RedriveCount);
        AssertSameEvents(childHistory, await DurableWorkflow.HistoryAsync(again, failedChild.ExecutionArn));
    }

    [Fact]
    public async Task A_redrive_counts_the_unsuccessful_children_it_has_yet_to_rerun_as_pending_redrive()
    {
        // One child at a time, one failure tolerated: n = 1 and n = 2 fail on their first attempt, which fails the run.
        // The redrive reruns n = 1 first and holds it: n = 2 waits for its rerun (PENDING_REDRIVE), n = 3 never started.
        const string failing = """
            {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","MaxConcurrency":1,"ToleratedFailureCount":1,
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
             "StartAt":"Do","States":{"Do":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:twice","End":true}}},"End":true}}}
            """;
        var workflow = new DurableWorkflow();
        var attempts = new ConcurrentDictionary<int, int>();
        var rerunStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = workflow.Handlers();
        handlers.Register(DurableWorkflow.Fn + "twice", async invocation =>
        {
            var n = invocation.Input["n"].TryGetInt32(out var value) ? value : 0;
            var attempt = attempts.AddOrUpdate(n, 1, (_, a) => a + 1);
            if (attempt == 1 && n <= 2)
            {
                throw new Runtime.Execution.TaskFailedException("Boom", "first attempt");
            }

            if (n == 1)
            {
                rerunStarted.TrySetResult();
                await release.Task;
            }

            return invocation.Input;
        });
        var sfn = workflow.Create(new InMemoryStepFunctionsStore(), handlers: handlers);
        await sfn.RecoverAsync();
        var machine = await sfn.CreateMachineAsync("Pending", failing);
        var arn = await sfn.StartAsync(machine, "p", """{"items":[{"n":1},{"n":2},{"n":3}]}""");
        Assert.Equal(ExecutionStatus.Failed, (await sfn.WaitAsync(arn)).Status);
        var failedRun = await DescribeAsync(sfn, arn);
        Assert.Equal(MapRunStatus.Failed, failedRun.Status);
        Assert.Equal(2, failedRun.ExecutionCounts.Failed);
        Assert.Equal(0, failedRun.ExecutionCounts.PendingRedrive);
        Assert.Equal(0, failedRun.ExecutionCounts.FailuresNotRedrivable);
        var mapRunArn = failedRun.MapRunArn;
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StatusFilter = ExecutionStatus.PendingRedrive })).Executions);

        await sfn.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = arn });
        await rerunStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var redriving = await DescribeAsync(sfn, arn);
        Assert.Equal(MapRunStatus.Running, redriving.Status);
        Assert.Equal(1, redriving.ExecutionCounts.PendingRedrive);
        Assert.Equal(1, redriving.ItemCounts.PendingRedrive);
        var pending = Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StatusFilter = ExecutionStatus.PendingRedrive })).Executions);
        Assert.Equal(ExecutionStatus.Failed, pending.Status);
        Assert.Equal(0, pending.RedriveCount);
        Assert.Equal("""{"n":2}""", (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = pending.ExecutionArn })).Input);

        release.SetResult();
        Assert.Equal(ExecutionStatus.Succeeded, (await sfn.WaitAsync(arn)).Status);
        var redriven = await DescribeAsync(sfn, arn);
        Assert.Equal(3, redriven.ExecutionCounts.Succeeded);
        Assert.Equal(0, redriven.ExecutionCounts.PendingRedrive);
        Assert.Empty((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StatusFilter = ExecutionStatus.PendingRedrive })).Executions);
        await sfn.ShutdownAsync();
    }

    private static async Task<DescribeMapRunResponse?> TryDescribeAsync(LocalStepFunctions sfn, string executionArn) =>
        (await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = executionArn })).MapRuns.Count == 0 ? null : await DescribeAsync(sfn, executionArn);

    private static async Task<DescribeMapRunResponse> DescribeAsync(LocalStepFunctions sfn, string executionArn)
    {
        var run = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = executionArn })).MapRuns);
        return await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = run.MapRunArn });
    }

    private static void AssertSameEvents(List<HistoryEvent> expected, List<HistoryEvent> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, actual[i].Id);
            Assert.Equal(expected[i].PreviousEventId, actual[i].PreviousEventId);
            Assert.Equal(expected[i].Type, actual[i].Type);
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(2);
        }
    }
}
