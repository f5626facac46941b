using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Sqlite.Tests;

/// <summary>
/// <see cref="StepFunctionsOptions.StandardExecutionRetention"/> over the SQLite store: an expired execution's rows —
/// its record, journal, Map Run and Map Run children — are deleted from the file, and a restart does not bring it back.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    // A distributed Map of STANDARD children, the first of which fails; the parent fails after it (its journal is kept).
    private const string Definition = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","ToleratedFailurePercentage":100,
         "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C",
          "States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"Bad"}],"Default":"Good"},
           "Good":{"Type":"Pass","End":true},"Bad":{"Type":"Fail","Error":"Zero"}}},"Next":"End"},
         "End":{"Type":"Fail","Error":"Parent"}}}
        """;

    private readonly TempDirectory _dir = new();
    private readonly VirtualTimeProvider _clock = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_expired_executions_rows_are_deleted_and_a_restart_does_not_bring_it_back()
    {
        var path = _dir.File("retention.db");
        string machine, expired, kept;
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var sfn = Create(store);
            await sfn.RecoverAsync();
            machine = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "M", Definition = Definition, RoleArn = "arn:aws:iam::111111111111:role/r" })).StateMachineArn;
            expired = await RunAsync(sfn, machine, "expired", """{"items":[0,1,2]}""");
            _clock.Advance(TimeSpan.FromDays(30));
            kept = await RunAsync(sfn, machine, "kept", """{"items":[0,1]}""");
            Assert.Equal(2, Count(path, "SELECT count(*) FROM map_runs"));

            // 90 days after the first closed: it is gone at once; its rows go before the shutdown returns.
            _clock.Advance(TimeSpan.FromDays(60));
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = expired }));
            await sfn.ShutdownAsync();
        }

        Assert.Equal(0, Count(path, "SELECT count(*) FROM executions WHERE execution_arn = $arn", expired));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM journals WHERE execution_arn = $arn", expired));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM journal_entries WHERE journal_id NOT IN (SELECT id FROM journals)"));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM map_runs WHERE execution_arn = $arn", expired));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM map_run_executions WHERE root_execution_arn = $arn", expired));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM claims WHERE execution_arn = $arn", expired));

        // The other execution's rows are all there.
        Assert.Equal(1, Count(path, "SELECT count(*) FROM executions"));
        Assert.Equal(1, Count(path, "SELECT count(*) FROM journals WHERE execution_arn = $arn", kept));
        Assert.True(Count(path, "SELECT count(*) FROM journal_entries") > 0);
        Assert.Equal(1, Count(path, "SELECT count(*) FROM map_runs WHERE execution_arn = $arn", kept));
        Assert.Equal(2, Count(path, "SELECT count(*) FROM map_run_executions WHERE root_execution_arn = $arn", kept));

        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var sfn = Create(store);
            await sfn.RecoverAsync();
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = expired }));
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = expired }));
            Assert.Equal([kept], (await sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machine })).Executions.Select(e => e.ExecutionArn));
            var mapRun = Assert.Single((await sfn.ListMapRunsAsync(new ListMapRunsRequest { ExecutionArn = kept })).MapRuns).MapRunArn;
            Assert.Equal(2, (await sfn.ListExecutionsAsync(new ListExecutionsRequest { MapRunArn = mapRun })).Executions.Count);

            // The kept one expires in this instance, after the restart: its rows go too.
            _clock.Advance(TimeSpan.FromDays(30));
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = kept }));
            await Assert.ThrowsAsync<ResourceNotFoundException>(() => sfn.DescribeMapRunAsync(new DescribeMapRunRequest { MapRunArn = mapRun }));
            await sfn.ShutdownAsync();
        }

        foreach (var table in new[] { "executions", "journals", "journal_entries", "map_runs", "map_run_executions", "claims" })
        {
            Assert.Equal(0, Count(path, "SELECT count(*) FROM " + table));
        }
    }

    [Fact]
    public async Task A_journal_is_made_by_its_first_commit_so_a_read_after_the_delete_leaves_no_row()
    {
        var path = _dir.File("journals.db");
        await using var store = SqliteStepFunctionsStore.Open(path);
        var read = await store.OpenJournalAsync("arn:never", CancellationToken.None);
        Assert.Empty(read.Committed);
        await read.CommitAsync(CancellationToken.None); // nothing staged: nothing written
        Assert.Equal(0, Count(path, "SELECT count(*) FROM journals"));

        // Two journals opened before the row exists: the first commit makes it, the second finds it.
        var journal = await store.OpenJournalAsync("arn:x", CancellationToken.None);
        var other = await store.OpenJournalAsync("arn:x", CancellationToken.None);
        journal.Stage(new JournalRecord("a", "task", "1"));
        await journal.CommitAsync(CancellationToken.None);
        journal.Stage(new JournalRecord("b", "task", "2"));
        await journal.CommitAsync(CancellationToken.None);
        Assert.Equal(1, Count(path, "SELECT count(*) FROM journals WHERE execution_arn = $arn", "arn:x"));
        Assert.Equal(["a", "b"], (await store.OpenJournalAsync("arn:x", CancellationToken.None)).Committed.Select(r => r.Key));
        Assert.Empty(other.Committed);

        await store.DeleteExecutionAsync("arn:x", CancellationToken.None);
        Assert.Empty((await store.OpenJournalAsync("arn:x", CancellationToken.None)).Committed);
        Assert.Equal(0, Count(path, "SELECT count(*) FROM journals"));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM journal_entries"));
    }

    [Fact]
    public async Task A_history_read_overtaken_by_the_expiry_leaves_no_journal_row()
    {
        // GetExecutionHistory of an execution recovered from the file reads its journal; the read is held until the
        // execution has expired and its rows are deleted. It then finds nothing and writes nothing (it once inserted an
        // empty journals row for the deleted execution, which nothing would ever delete).
        var path = _dir.File("race.db");
        string arn;
        await using (var sqlite = SqliteStepFunctionsStore.Open(path))
        {
            var first = Create(sqlite);
            await first.RecoverAsync();
            var machine = (await first.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = "P",
                Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
                RoleArn = "arn:aws:iam::111111111111:role/r",
            })).StateMachineArn;
            arn = await RunAsync(first, machine, "read", "{}");
            await first.ShutdownAsync();
        }

        await using (var sqlite = SqliteStepFunctionsStore.Open(path))
        {
            var store = new HeldJournalReadStore(sqlite, arn);
            var sfn = Create(store);
            await sfn.RecoverAsync();
            var read = sfn.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = arn });
            await store.OpenRequested.Task.WaitAsync(TimeSpan.FromSeconds(10));

            _clock.Advance(TimeSpan.FromDays(90));
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }));
            await sfn.ShutdownAsync(); // waits for the removal from the store
            Assert.Equal(0, Count(path, "SELECT count(*) FROM executions"));
            Assert.Equal(0, Count(path, "SELECT count(*) FROM journals"));

            store.Release.SetResult();
            await Assert.ThrowsAsync<ExecutionDoesNotExistException>(() => read);
        }

        Assert.Equal(0, Count(path, "SELECT count(*) FROM journals"));
        Assert.Equal(0, Count(path, "SELECT count(*) FROM journal_entries"));
    }

    /// <summary>Holds the first journal opening of one execution until released (the store's other calls pass through).</summary>
    private sealed class HeldJournalReadStore(IStepFunctionsStore inner, string heldArn) : ForwardingStore(inner), IStepFunctionsStore
    {
        private int _held;

        public TaskCompletionSource OpenRequested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public new async ValueTask<IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken)
        {
            if (executionArn == heldArn && Interlocked.Exchange(ref _held, 1) == 0)
            {
                OpenRequested.TrySetResult();
                await Release.Task;
            }

            return await base.OpenJournalAsync(executionArn, cancellationToken);
        }
    }

    private LocalStepFunctions Create(IStepFunctionsStore store) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        TimeProvider = _clock,
        Store = store,
    });

    private static async Task<string> RunAsync(LocalStepFunctions sfn, string machine, string name, string input)
    {
        var arn = (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Name = name, Input = input })).ExecutionArn;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Status == ExecutionStatus.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, name + " did not end");
            await Task.Delay(2);
        }

        return arn;
    }

    private static long Count(string path, string sql, string? arn = null)
    {
        using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (arn is not null)
        {
            command.Parameters.AddWithValue("$arn", arn);
        }

        return (long)command.ExecuteScalar()!;
    }
}
