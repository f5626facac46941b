using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Timing;
using Microsoft.Data.Sqlite;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Sqlite.Tests;

/// <summary>A task token that timed out answers TaskTimedOut after the store's file is closed and opened again.</summary>
public sealed class TimedOutTokenTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Well formed (32 base64url characters) but never handed out.
    private const string UnknownToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static LocalStepFunctions Create(SqliteStepFunctionsStore store, TimeProvider clock) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = clock,
        Store = store,
    });

    [Theory]
    [InlineData("\"HeartbeatSeconds\":10,\"TimeoutSeconds\":100")]
    [InlineData("\"TimeoutSeconds\":30")]
    public async Task A_timed_out_token_answers_TaskTimedOut_after_the_file_is_reopened(string limits)
    {
        var path = _dir.File("s.db");
        var clock = new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        string token;
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var sfn = Create(store, clock);
            await sfn.RecoverAsync();
            var activity = (await sfn.CreateActivityAsync(new CreateActivityRequest { Name = "work" })).ActivityArn;
            var definition = "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + activity + "\"," + limits + ",\"End\":true}}}";
            var machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = "M",
                Definition = definition,
                RoleArn = "arn:aws:iam::111111111111:role/r",
            })).StateMachineArn;
            var arn = (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine })).ExecutionArn;
            var task = await sfn.GetActivityTaskAsync(new GetActivityTaskRequest { ActivityArn = activity });
            token = task.TaskToken!;
            Assert.NotNull(task.TaskToken);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            DescribeExecutionResponse described;
            do
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(1);
                described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });
            }
            while (described.Status == ExecutionStatus.Running && DateTime.UtcNow < deadline);
            Assert.Equal(ExecutionStatus.Failed, described.Status);
            await sfn.ShutdownAsync();
        }

        await using (var reopened = SqliteStepFunctionsStore.Open(path))
        {
            var sfn = Create(reopened, clock);
            await sfn.RecoverAsync();
            var success = await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = "{}" }));
            Assert.Equal("Task Timed Out: 'Provided task does not exist anymore'", success.Message);
            await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = token, Error = "E" }));
            await Assert.ThrowsAsync<TaskTimedOutException>(() => sfn.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = token }));
            await Assert.ThrowsAsync<TaskDoesNotExistException>(() => sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = UnknownToken, Output = "{}" }));
            await sfn.ShutdownAsync();
        }
    }

    [Fact]
    public async Task Tokens_that_timed_out_before_the_cutoff_are_deleted()
    {
        var path = _dir.File("s.db");
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.AddTimedOutTaskTokenAsync("old", t0, t0.AddDays(-455), None);
            await store.AddTimedOutTaskTokenAsync("mid", t0.AddDays(100), t0.AddDays(-355), None);
            Assert.True(await store.IsTaskTokenTimedOutAsync("old", None));
            await store.AddTimedOutTaskTokenAsync("new", t0.AddDays(456), t0.AddDays(1), None);
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        Assert.False(await reopened.IsTaskTokenTimedOutAsync("old", None));
        Assert.True(await reopened.IsTaskTokenTimedOutAsync("mid", None));
        Assert.True(await reopened.IsTaskTokenTimedOutAsync("new", None));
        Assert.False(await reopened.IsTaskTokenTimedOutAsync("never", None));
    }

    [Fact]
    public async Task A_version_2_file_gains_the_token_table_and_keeps_its_data()
    {
        var path = _dir.File("v2.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.SaveResourcesAsync("""{"v":2}""", None);
        }

        // Make it the file version 2 wrote: no token table (nor the later Map Run tables).
        StoreFiles.Execute(path, "DROP TABLE timed_out_tokens; DROP TABLE map_runs; DROP TABLE map_run_executions; UPDATE schema_version SET version = 2;");

        await using (var migrated = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Equal("""{"v":2}""", await migrated.LoadResourcesAsync(None));
            Assert.False(await migrated.IsTaskTokenTimedOutAsync("t", None));
            await migrated.AddTimedOutTaskTokenAsync("t", DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch, None);
            Assert.True(await migrated.IsTaskTokenTimedOutAsync("t", None));
        }

        Assert.Equal(SqliteSchema.CurrentVersion, StoreFiles.SchemaVersion(path));
    }
}
