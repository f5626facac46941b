using System.Collections.Concurrent;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using Microsoft.Data.Sqlite;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;
using HistoryEvent = AslCompiler.Runtime.Api.HistoryEvent;

namespace AslCompiler.Sqlite.Tests;

/// <summary>A distributed Map's Map Run and its child executions in the SQLite store, across closing and opening the file.</summary>
public sealed class MapRunRestartTests : IDisposable
{
    private const string Work = "arn:aws:lambda:us-east-1:111111111111:function:work";

    // Each child calls "work" once (counted by idempotency key), then waits its item's seconds.
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","MaxConcurrency":2,
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
         "StartAt":"Do","States":{
           "Do":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:work","ResultPath":"$.did","Next":"W"},
           "W":{"Type":"Wait","SecondsPath":"$.wait","End":true}}},"Next":"After"},
         "After":{"Type":"Pass","End":true}}}
        """;

    private const string Input = """{"items":[{"n":1,"wait":1},{"n":2,"wait":100},{"n":3,"wait":1},{"n":4,"wait":1}]}""";

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly TempDirectory _dir = new();
    private readonly VirtualTimeProvider _clock = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Map_runs_and_children_round_trip_across_reopen()
    {
        var path = _dir.File("rows.db");
        var run = new StoredMapRun
        {
            MapRunArn = "arn:aws:states:us-east-1:111111111111:mapRun:M/Work:1",
            ExecutionArn = "arn:aws:states:us-east-1:111111111111:execution:M:e",
            StateMachineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:M",
            ChildStateMachineName = "M/Work",
            Label = "Work",
            ExecutionType = StateMachineType.Express,
            Sequence = 3,
            StartDate = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero).AddTicks(9),
            StopDate = new DateTimeOffset(2025, 1, 2, 4, 0, 0, TimeSpan.Zero),
            Status = MapRunStatus.Failed,
            MaxConcurrency = 40,
            ToleratedFailureCount = 2,
            ToleratedFailurePercentage = 7.5,
            ExecutionCounts = new StoredMapRunCounts(1, 2, 3, 4, 5, 6, 7, 28),
            ItemCounts = new StoredMapRunCounts(10, 20, 30, 40, 50, 60, 70, 280),
            RedriveCount = 2,
            RedriveDate = new DateTimeOffset(2025, 1, 3, 0, 0, 0, TimeSpan.Zero),
        };
        var bare = run with { MapRunArn = run.MapRunArn[..^1] + "0", Sequence = 1, StopDate = null, ToleratedFailureCount = null, ToleratedFailurePercentage = null, RedriveCount = 0, RedriveDate = null, Status = MapRunStatus.Running };
        var child = new StoredMapRunExecution
        {
            ExecutionArn = "arn:aws:states:us-east-1:111111111111:execution:M/Work:c",
            MapRunArn = run.MapRunArn,
            RootExecutionArn = run.ExecutionArn,
            Sequence = 5,
            Name = "c",
            Type = StateMachineType.Standard,
            StateMachineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:M/Work",
            StateMachineName = "M/Work",
            RoleArn = "arn:aws:iam::111111111111:role/r",
            Input = """{"n":"é"}""",
            ItemCount = 3,
            StartDate = run.StartDate,
            Status = ExecutionStatus.Failed,
            StopDate = run.StopDate,
            Error = "E",
            Cause = "C",
            RedriveCount = 1,
            RedriveDate = run.RedriveDate,
        };
        var running = child with { ExecutionArn = child.ExecutionArn + "2", Sequence = 4, Status = ExecutionStatus.Running, StopDate = null, Error = null, Cause = null, RedriveCount = 0, RedriveDate = null };
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.SaveMapRunAsync(run with { Status = MapRunStatus.Running }, None);
            await store.SaveMapRunAsync(run, None);
            await store.SaveMapRunAsync(bare, None);
            await store.SaveMapRunExecutionAsync(child, None);
            await store.SaveMapRunExecutionAsync(running with { Output = "{}" }, None);
            await store.SaveMapRunExecutionAsync(running, None);
        }

        await using (var reopened = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Equal([bare, run], await reopened.LoadMapRunsAsync(None));
            Assert.Equal([running, child], await reopened.LoadMapRunExecutionsAsync(None));
        }
    }

    [Fact]
    public async Task A_version_3_file_gains_the_map_run_tables_and_keeps_its_data()
    {
        var path = _dir.File("v3.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.SaveResourcesAsync("""{"v":3}""", None);
            await store.AddTimedOutTaskTokenAsync("t", DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch, None);
        }

        // Make it the file version 3 wrote: no Map Run tables.
        StoreFiles.Execute(path, "DROP TABLE map_runs; DROP TABLE map_run_executions; UPDATE schema_version SET version = 3;");

        await using (var migrated = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Equal("""{"v":3}""", await migrated.LoadResourcesAsync(None));
            Assert.True(await migrated.IsTaskTokenTimedOutAsync("t", None));
            Assert.Empty(await migrated.LoadMapRunsAsync(None));
            Assert.Empty(await migrated.LoadMapRunExecutionsAsync(None));
        }

        Assert.Equal(SqliteSchema.CurrentVersion, StoreFiles.SchemaVersion(path));
    }

    [Fact]
    public async Task A_distributed_map_running_across_a_restart_keeps_its_map_run_children_and_counts()
    {
        var path = _dir.File("maprun.db");
        string arn;
        string mapRunArn;
        string finishedChild;
        DescribeExecutionResponse finishedBefore;
        List<HistoryEvent> finishedHistory;
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var sfn = Create(store);
            await sfn.RecoverAsync();
            var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = Definition, RoleArn = "arn:aws:iam::111111111111:role/r" })).StateMachineArn;
            arn = (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = "e", Input = Input })).ExecutionArn;

            // Two at a time: item 1 ends after 1 s, then item 3 starts; item 2 waits 100 s.
            await WaitForAsync(async () => await CountsAsync(sfn, arn) is { Running: 2 } && _clock.PendingTimerCount >= 2);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await WaitForAsync(async () => await CountsAsync(sfn, arn) is { Succeeded: 1, Running: 2 } && _clock.PendingTimerCount >= 2);
            mapRunArn = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn;
            finishedChild = Assert.Single((await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn, StatusFilter = ExecutionStatus.Succeeded })).Executions).ExecutionArn;
            finishedBefore = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = finishedChild });
            finishedHistory = await HistoryAsync(sfn, finishedChild);
            await sfn.ShutdownAsync();
        }

        // The file alone: the run RUNNING with one child done and two running, three children recorded.
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var stored = Assert.Single(await store.LoadMapRunsAsync(None));
            Assert.Equal(mapRunArn, stored.MapRunArn);
            Assert.Equal(MapRunStatus.Running, stored.Status);
            Assert.Equal(new StoredMapRunCounts(1, 2, 1, 0, 0, 0, 0, 4), stored.ExecutionCounts);
            var children = await store.LoadMapRunExecutionsAsync(None);
            Assert.Equal(3, children.Count);
            Assert.Equal(ExecutionStatus.Succeeded, Assert.Single(children, c => c.ExecutionArn == finishedChild).Status);
            Assert.All(children, c => Assert.Equal(arn, c.RootExecutionArn));

            var sfn = Create(store);
            await sfn.RecoverAsync();
            var resumed = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn });
            Assert.Equal(MapRunStatus.Running, resumed.Status);
            Assert.Equal(1, resumed.ExecutionCounts.Succeeded);
            var after = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = finishedChild });
            Assert.Equal(finishedBefore.StartDate, after.StartDate);
            Assert.Equal(finishedBefore.StopDate, after.StopDate);
            Assert.Equal(finishedBefore.Output, after.Output);
            AssertSameEvents(finishedHistory, await HistoryAsync(sfn, finishedChild));

            // Finish: item 3 and 4 after 1 s each, item 2 after 100 s.
            for (var i = 0; i < 20 && (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status == ExecutionStatus.Running; i++)
            {
                await WaitForAsync(async () => _clock.PendingTimerCount >= 1 || (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status != ExecutionStatus.Running);
                _clock.AdvanceToNextTimer();
                await Task.Delay(5);
            }

            await WaitForAsync(async () => (await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status == ExecutionStatus.Succeeded);
            await sfn.ShutdownAsync();
        }

        // Ended: everything is read from the file, and every child's task ran once.
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var sfn = Create(store);
            await sfn.RecoverAsync();
            var run = await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRunArn });
            Assert.Equal(MapRunStatus.Succeeded, run.Status);
            Assert.NotNull(run.StopDate);
            Assert.Equal(4, run.ExecutionCounts.Succeeded);
            Assert.Equal(4, run.ItemCounts.Succeeded);
            Assert.Equal(0, run.ExecutionCounts.Running + run.ExecutionCounts.Pending);
            Assert.Equal(mapRunArn, Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns).MapRunArn);
            var children = (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRunArn })).Executions;
            Assert.Equal(4, children.Count);
            foreach (var child in children)
            {
                Assert.Equal(ExecutionStatus.Succeeded, child.Status);
                var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = child.ExecutionArn });
                Assert.Equal(mapRunArn, described.MapRunArn);
                Assert.NotNull(described.Output);
                var history = await HistoryAsync(sfn, child.ExecutionArn);
                Assert.Equal(HistoryEventType.ExecutionStarted, history[0].Type);
                Assert.Equal(HistoryEventType.ExecutionSucceeded, history[^1].Type);
                for (var i = 0; i < history.Count; i++)
                {
                    Assert.Equal(i + 1, history[i].Id);
                }
            }

            AssertSameEvents(finishedHistory, await HistoryAsync(sfn, finishedChild));
            Assert.Equal(4, _calls.Count);
            Assert.All(_calls, c => Assert.Equal(1, c.Value));
        }
    }

    private LocalStepFunctions Create(SqliteStepFunctionsStore store)
    {
        var handlers = new TaskHandlerRegistry();
        handlers.Register(Work, invocation =>
        {
            _calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, n) => n + 1);
            return new ValueTask<JsonValue>(JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("n", invocation.Input["n"])));
        });
        return new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = _clock,
            Store = store,
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
    }

    private static async Task<MapRunExecutionCounts?> CountsAsync(LocalStepFunctions sfn, string arn)
    {
        var runs = (await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = arn })).MapRuns;
        return runs.Count == 0 ? null : (await sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = runs[0].MapRunArn })).ExecutionCounts;
    }

    private static async Task<List<HistoryEvent>> HistoryAsync(LocalStepFunctions sfn, string arn) =>
        [.. (await sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn, MaxResults = 1000 })).Events];

    private static void AssertSameEvents(List<HistoryEvent> expected, List<HistoryEvent> actual)
    {
        Assert.Equal(expected.Select(e => (e.Id, e.PreviousEventId, e.Type, e.Timestamp)), actual.Select(e => (e.Id, e.PreviousEventId, e.Type, e.Timestamp)));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(2);
        }
    }
}
