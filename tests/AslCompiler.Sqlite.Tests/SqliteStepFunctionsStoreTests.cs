using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Timing;
using AslCompiler.Tests.Shared;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Sqlite.Tests;

public sealed class SqliteStepFunctionsStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static StoredExecution Execution(string name, long sequence, ExecutionStatus status = ExecutionStatus.Running) => new()
    {
        ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:m:" + name,
        Name = name,
        StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m",
        StateMachineName = "m",
        Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
        RoleArn = "arn:aws:iam::123456789012:role/r",
        Type = StateMachineType.Standard,
        Input = """{"n":1}""",
        StartDate = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero).AddTicks(sequence),
        Sequence = sequence,
        Status = status,
    };

    [Fact]
    public async Task Resources_are_null_until_saved_and_then_replaced()
    {
        var path = _dir.File("s.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Null(await store.LoadResourcesAsync(None));
            await store.SaveResourcesAsync("""{"v":1}""", None);
            await store.SaveResourcesAsync("""{"v":2}""", None);
            Assert.Equal("""{"v":2}""", await store.LoadResourcesAsync(None));
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        Assert.Equal("""{"v":2}""", await reopened.LoadResourcesAsync(None));
    }

    [Fact]
    public async Task Execution_round_trips_every_field_across_reopen()
    {
        var path = _dir.File("s.db");
        var full = Execution("a", 1) with
        {
            StateMachineVersionArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m:3",
            StateMachineAliasArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m:prod",
            RevisionId = "rev-1",
            TraceHeader = "Root=1-abc",
            Status = ExecutionStatus.Failed,
            StopDate = new DateTimeOffset(2026, 1, 2, 3, 5, 0, TimeSpan.FromHours(2)),
            Output = null,
            Error = "Boom",
            Cause = "it broke \u00e9\u4e2d",
            RedriveCount = 2,
            RedriveDate = new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero),
            TestCase = "HappyPath",
        };
        var minimal = Execution("b", 2, ExecutionStatus.Succeeded) with { Output = """{"ok":true}""", Type = StateMachineType.Express };
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            Assert.True(await store.CreateExecutionAsync(full, None));
            Assert.True(await store.CreateExecutionAsync(minimal, None));
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        var loaded = await reopened.LoadExecutionsAsync(None);
        Assert.Equal([full, minimal], loaded);
        Assert.Equal(full.StopDate!.Value.Offset, loaded[0].StopDate!.Value.Offset);
    }

    [Fact]
    public async Task A_version_5_file_gains_the_test_case_column_and_keeps_its_executions()
    {
        var path = _dir.File("v5.db");
        var execution = Execution("a", 1);
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.CreateExecutionAsync(execution, None);
        }

        // Make it the file version 5 wrote: executions without test_case.
        StoreFiles.Execute(path, "ALTER TABLE executions DROP COLUMN test_case; UPDATE schema_version SET version = 5;");

        await using (var migrated = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Equal(execution, Assert.Single(await migrated.LoadExecutionsAsync(None)));
            await migrated.UpdateExecutionAsync(execution with { TestCase = "Happy" }, None);
            Assert.Equal("Happy", Assert.Single(await migrated.LoadExecutionsAsync(None)).TestCase);
        }

        Assert.Equal(SqliteSchema.CurrentVersion, StoreFiles.SchemaVersion(path));
    }

    [Fact]
    public async Task Each_commit_keeps_the_clocks_reading_and_the_latest_one_is_read_back()
    {
        var path = _dir.File("clock.db");
        Assert.Null(SqliteStepFunctionsStore.ReadClock(path));
        var clock = new VirtualTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, 123, TimeSpan.Zero));
        await using (var store = SqliteStepFunctionsStore.Open(path, new SqliteStoreOptions { TimeProvider = clock }))
        {
            await store.CreateExecutionAsync(Execution("a", 1), None);
            clock.Advance(TimeSpan.FromDays(3));
            await store.SaveResourcesAsync("{}", None);
        }

        Assert.Equal(new DateTimeOffset(2031, 5, 9, 7, 8, 9, 123, TimeSpan.Zero), SqliteStepFunctionsStore.ReadClock(path));

        // A store opened later on a clock that reads earlier does not take the reading back.
        await using (var store = SqliteStepFunctionsStore.Open(path, new SqliteStoreOptions { TimeProvider = new VirtualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)) }))
        {
            await store.CreateExecutionAsync(Execution("b", 2), None);
        }

        Assert.Equal(new DateTimeOffset(2031, 5, 9, 7, 8, 9, 123, TimeSpan.Zero), SqliteStepFunctionsStore.ReadClock(path));
    }

    [Fact]
    public async Task A_file_without_a_clock_reading_reads_none()
    {
        var notSqlite = _dir.File("text.db");
        await File.WriteAllTextAsync(notSqlite, "not a database");
        Assert.Null(SqliteStepFunctionsStore.ReadClock(notSqlite));

        // A version 6 file (no clock table) reads none, and gains the table when opened.
        var path = _dir.File("v6.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.CreateExecutionAsync(Execution("a", 1), None);
        }

        StoreFiles.Execute(path, "DROP TABLE clock; UPDATE schema_version SET version = 6;");
        Assert.Null(SqliteStepFunctionsStore.ReadClock(path));
        var clock = new VirtualTimeProvider(new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var migrated = SqliteStepFunctionsStore.Open(path, new SqliteStoreOptions { TimeProvider = clock }))
        {
            Assert.Single(await migrated.LoadExecutionsAsync(None));
            await migrated.CreateExecutionAsync(Execution("b", 2), None);
        }

        Assert.Equal(SqliteSchema.CurrentVersion, StoreFiles.SchemaVersion(path));
        Assert.Equal(clock.GetUtcNow(), SqliteStepFunctionsStore.ReadClock(path));
    }

    [Fact]
    public async Task Creating_an_existing_execution_returns_false_and_changes_nothing()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        Assert.True(await store.CreateExecutionAsync(Execution("a", 1), None));
        Assert.False(await store.CreateExecutionAsync(Execution("a", 1) with { Input = "{}" }, None));
        Assert.Equal("""{"n":1}""", Assert.Single(await store.LoadExecutionsAsync(None)).Input);
    }

    [Fact]
    public async Task Update_replaces_the_record()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        await store.CreateExecutionAsync(Execution("a", 1), None);
        var done = Execution("a", 1) with { Status = ExecutionStatus.Succeeded, Output = "[1]", StopDate = DateTimeOffset.UnixEpoch };
        await store.UpdateExecutionAsync(done, None);
        Assert.Equal(done, Assert.Single(await store.LoadExecutionsAsync(None)));
    }

    [Fact]
    public async Task Executions_load_in_start_order()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        foreach (var sequence in new long[] { 5, 1, 3, 2, 4 })
        {
            await store.CreateExecutionAsync(Execution("e" + sequence, sequence), None);
        }

        Assert.Equal([1L, 2, 3, 4, 5], (await store.LoadExecutionsAsync(None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Journal_of_a_new_execution_is_empty()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        var journal = await store.OpenJournalAsync("arn:x", None);
        Assert.Empty(journal.Committed);
        await journal.CommitAsync(None);
    }

    [Fact]
    public async Task Committed_records_come_back_in_commit_order_and_a_reopened_journal_continues()
    {
        var path = _dir.File("s.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var journal = await store.OpenJournalAsync("arn:x", None);
            journal.Stage(new JournalRecord("a", "task", "1"));
            journal.Stage(new JournalRecord("b", "event", """{"x":"y"}"""));
            await journal.CommitAsync(None);
            journal.Stage(new JournalRecord("c", "timer", "3"));
            await journal.CommitAsync(None);
            var again = await store.OpenJournalAsync("arn:x", None);
            Assert.Equal(["a", "b", "c"], again.Committed.Select(r => r.Key));
            again.Stage(new JournalRecord("d", "task", "4"));
            await again.CommitAsync(None);
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        var records = (await reopened.OpenJournalAsync("arn:x", None)).Committed;
        Assert.Equal(
            [new JournalRecord("a", "task", "1"), new JournalRecord("b", "event", """{"x":"y"}"""), new JournalRecord("c", "timer", "3"), new JournalRecord("d", "task", "4")],
            records);
        Assert.Empty((await reopened.OpenJournalAsync("arn:other", None)).Committed);
    }

    [Fact]
    public async Task Staged_records_that_were_never_committed_are_not_kept()
    {
        var path = _dir.File("s.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var journal = await store.OpenJournalAsync("arn:x", None);
            journal.Stage(new JournalRecord("a", "task", "1"));
            await journal.CommitAsync(None);
            journal.Stage(new JournalRecord("lost", "task", "2"));
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        Assert.Equal(["a"], (await reopened.OpenJournalAsync("arn:x", None)).Committed.Select(r => r.Key));
    }

    [Fact]
    public async Task Concurrent_commits_of_many_executions_are_grouped_and_all_kept()
    {
        const int Executions = 64;
        const int Commits = 40;
        var path = _dir.File("s.db");
        long batches;
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var journals = await Task.WhenAll(Enumerable.Range(0, Executions).Select(i => store.OpenJournalAsync("arn:" + i, None).AsTask()));
            await Task.WhenAll(journals.Select((journal, i) => Task.Run(async () =>
            {
                for (var c = 0; c < Commits; c++)
                {
                    journal.Stage(new JournalRecord(i + "/" + c, "task", c.ToString()));
                    await journal.CommitAsync(None);
                }
            })));
            batches = store.CommittedBatches;
        }

        // Fewer transactions than commits: the writer grouped commits that arrived together.
        Assert.True(batches < Executions * Commits, $"{batches} transactions for {Executions * Commits} commits");
        await using var reopened = SqliteStepFunctionsStore.Open(path);
        for (var i = 0; i < Executions; i++)
        {
            var committed = (await reopened.OpenJournalAsync("arn:" + i, None)).Committed;
            Assert.Equal(Enumerable.Range(0, Commits).Select(c => i + "/" + c), committed.Select(r => r.Key));
        }
    }

    [Fact]
    public async Task Records_staged_concurrently_by_branches_all_commit()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        var journal = await store.OpenJournalAsync("arn:x", None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(b => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                journal.Stage(new JournalRecord(b + "/" + i, "event", "{}"));
                await journal.CommitAsync(None);
            }
        })));
        var keys = (await store.OpenJournalAsync("arn:x", None)).Committed.Select(r => r.Key).ToList();
        Assert.Equal(400, keys.Count);
        Assert.Equal(400, keys.Distinct().Count());
    }

    [Fact]
    public async Task Commit_with_nothing_staged_waits_for_the_commit_in_flight()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        var journal = await store.OpenJournalAsync("arn:x", None);
        journal.Stage(new JournalRecord("a", "task", "1"));
        var first = journal.CommitAsync(None).AsTask();
        await journal.CommitAsync(None);
        Assert.True(first.IsCompleted);
        Assert.Single((await store.OpenJournalAsync("arn:x", None)).Committed);
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_is_refused_with_the_file_named()
    {
        var path = _dir.File("s.db");
        await using var store = SqliteStepFunctionsStore.Open(path);
        var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("in use", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_cannot_be_made_is_refused_as_such_not_as_in_use()
    {
        // A file where the store's directory should be, and a name longer than the file system takes.
        var file = _dir.File("not-a-directory");
        File.WriteAllText(file, "x");
        foreach (var path in new[] { System.IO.Path.Combine(file, "s.db"), _dir.File(new string('n', 300) + ".db") })
        {
            var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("cannot be opened", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("in use", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_file_opens_again_after_dispose()
    {
        var path = _dir.File("s.db");
        for (var i = 0; i < 3; i++)
        {
            await using var store = SqliteStepFunctionsStore.Open(path);
            Assert.True(await store.CreateExecutionAsync(Execution("e" + i, i), None));
            Assert.Equal(i + 1, (await store.LoadExecutionsAsync(None)).Count);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_with_the_file_named()
    {
        var path = _dir.File("junk.db");
        File.WriteAllBytes(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 + 3)).ToArray());
        var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path + "-lock"), "the lock file the refused open made is gone");
        Assert.Equal(8192, new FileInfo(path).Length); // the file is left as it was

        // The lock was released: a good file in its place opens.
        File.Delete(path);
        await SqliteStepFunctionsStore.Open(path).DisposeAsync();
    }

    [Fact]
    public async Task Another_name_for_the_same_file_or_a_deleted_lock_file_gives_it_no_second_owner()
    {
        // Found by a durability trial: a symbolic link, a hard link or a deleted -lock file let a second process own the
        // store (a hard link's store even wrote a log of its own: an execution reported SUCCEEDED was missing from the file).
        if (OperatingSystem.IsWindows())
        {
            return; // the database file itself is not locked there (SQLite could not share it); links need privileges
        }

        var path = _dir.File("s.db");
        await using var store = SqliteStepFunctionsStore.Open(path);
        var symbolic = _dir.File("symbolic.db");
        File.CreateSymbolicLink(symbolic, path);
        var hard = _dir.File("hard.db");
        Assert.Equal(0, Link(path, hard));

        foreach (var other in new[] { symbolic, hard })
        {
            var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(other));
            Assert.Contains("is in use by another store (through another name for the same file", e.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(other + "-lock"), "the refused open's lock file is gone");
        }

        File.Delete(path + "-lock");
        var deleted = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
        Assert.Contains("is in use by another store", deleted.Message, StringComparison.Ordinal);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);

    [Fact]
    public void Another_applications_database_is_not_taken_over()
    {
        // Found by a durability trial: Open added the store's ten tables to a database that had tables of its own.
        var path = _dir.File("other.db");
        StoreFiles.Execute(path, "CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1);");

        var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
        Assert.Equal("SQLite store '" + path + "' is a SQLite database with tables of its own and no AslCompiler schema: it is not a store. Give a new file (or an existing store).", e.Message);
        Assert.Equal(["foo"], StoreFiles.Tables(path));
    }

    [Fact]
    public async Task A_store_whose_version_row_is_gone_is_damaged_not_migrated()
    {
        var path = _dir.File("s.db");
        await using (SqliteStepFunctionsStore.Open(path))
        {
        }

        StoreFiles.Execute(path, "DELETE FROM schema_version;");

        var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
        Assert.Equal("SQLite store '" + path + "' is damaged: its schema_version table holds no version, though it has the store's tables.", e.Message);
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_version_is_refused()
    {
        var path = _dir.File("s.db");
        await using (SqliteStepFunctionsStore.Open(path))
        {
        }

        StoreFiles.Execute(path, "UPDATE schema_version SET version = 99;");

        var e = Assert.Throws<SqliteStoreException>(() => SqliteStepFunctionsStore.Open(path));
        Assert.Contains("schema version 99", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE executions SET status = 'Paused';", "executions row 'arn:aws:states:us-east-1:123456789012:execution:m:a'", "Paused")]
    [InlineData("UPDATE executions SET start_date = 'yesterday';", "executions row 'arn:aws:states:us-east-1:123456789012:execution:m:a'", "yesterday")]
    [InlineData("INSERT INTO map_runs VALUES ('arn:run', 1, 'arn:e', 'arn:m', 'c', 'l', 'Standard', '2026-01-01T00:00:00.0000000+00:00', NULL, 'Running', 0, NULL, NULL, '1,2', '0,0,0,0,0,0,0,0', 0, NULL);", "map_runs row 'arn:run'", "8 parts")]
    public async Task A_row_that_does_not_read_fails_with_the_file_and_the_row_named_and_the_store_goes_on(string corrupt, string row, string detail)
    {
        var path = _dir.File("s.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            await store.CreateExecutionAsync(Execution("a", 1), None);
        }

        RunSql(path, corrupt);
        await using var reopened = SqliteStepFunctionsStore.Open(path);
        var e = await Assert.ThrowsAsync<SqliteStoreException>(async () =>
        {
            await reopened.LoadExecutionsAsync(None);
            await reopened.LoadMapRunsAsync(None);
        });
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("is corrupt", e.Message, StringComparison.Ordinal);
        Assert.Contains(row, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);

        // Only that read failed: the writer still takes writes.
        Assert.True(await reopened.CreateExecutionAsync(Execution("b", 2), None));
    }

    [Fact]
    public async Task A_journal_entry_that_does_not_decode_fails_with_the_file_the_execution_and_the_commit_named()
    {
        var path = _dir.File("s.db");
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var journal = await store.OpenJournalAsync("arn:x", None);
            journal.Stage(new JournalRecord("a", "task", "1"));
            await journal.CommitAsync(None);
            journal.Stage(new JournalRecord("b", "task", "2"));
            await journal.CommitAsync(None);
        }

        RunSql(path, "UPDATE journal_entries SET records = x'c8000000' WHERE sequence = 1;");
        await using var reopened = SqliteStepFunctionsStore.Open(path);
        var e = await Assert.ThrowsAsync<SqliteStoreException>(() => reopened.OpenJournalAsync("arn:x", None).AsTask());
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("commit 1 of the journal of 'arn:x'", e.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(e.InnerException);
        Assert.Empty((await reopened.OpenJournalAsync("arn:y", None)).Committed);
    }

    private static void RunSql(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task The_store_uses_the_write_ahead_log_and_the_chosen_synchronous_level()
    {
        var path = _dir.File("s.db");
        await using (SqliteStepFunctionsStore.Open(path, new SqliteStoreOptions { Synchronous = SqliteSynchronous.Full }))
        {
            Assert.True(File.Exists(path + "-wal"));
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Claims_go_to_the_first_owner_until_the_lease_ends()
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"), new SqliteStoreOptions { TimeProvider = clock });
        await StoreClaims.AssertFirstOwnerHoldsUntilTheLeaseEndsAsync(store, clock);
    }

    [Fact]
    public async Task Claims_of_an_earlier_process_and_of_stopped_executions_are_released()
    {
        var path = _dir.File("s.db");
        var lease = DateTimeOffset.UtcNow.AddHours(1);
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            Assert.True(await store.TryClaimAsync("arn:x", "old-process", lease, None));
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        Assert.True(await reopened.TryClaimAsync("arn:x", "new-process", lease, None));
        var execution = Execution("a", 1);
        await reopened.CreateExecutionAsync(execution, None);
        Assert.True(await reopened.TryClaimAsync(execution.ExecutionArn, "new-process", lease, None));
        await reopened.UpdateExecutionAsync(execution with { Status = ExecutionStatus.Succeeded, Output = "{}" }, None);
        Assert.True(await reopened.TryClaimAsync(execution.ExecutionArn, "someone-else", lease, None));
    }

    [Fact]
    public async Task Dispose_commits_queued_work_and_later_calls_say_disposed()
    {
        var path = _dir.File("s.db");
        var store = SqliteStepFunctionsStore.Open(path);
        var journal = await store.OpenJournalAsync("arn:x", None);
        var commits = new List<Task>();
        for (var i = 0; i < 100; i++)
        {
            journal.Stage(new JournalRecord("k" + i, "task", "{}"));
            commits.Add(journal.CommitAsync(None).AsTask());
        }

        await store.DisposeAsync();
        await Task.WhenAll(commits);
        await store.DisposeAsync();
        journal.Stage(new JournalRecord("late", "task", "{}"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.CommitAsync(None).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.LoadExecutionsAsync(None).AsTask());

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        Assert.Equal(100, (await reopened.OpenJournalAsync("arn:x", None)).Committed.Count);
    }

    [Fact]
    public async Task A_cancelled_call_throws_without_waiting()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.LoadResourcesAsync(cancelled.Token).AsTask());
    }

    [Fact]
    public async Task A_failing_write_fails_alone_when_grouped_with_good_ones()
    {
        await using var store = SqliteStepFunctionsStore.Open(_dir.File("s.db"));
        var journal = await store.OpenJournalAsync("arn:x", None);
        var duplicate = await store.OpenJournalAsync("arn:x", None);

        // Two journals of one execution numbering from the same point: the second commit collides.
        journal.Stage(new JournalRecord("a", "task", "1"));
        duplicate.Stage(new JournalRecord("b", "task", "2"));
        var good = journal.CommitAsync(None).AsTask();
        var bad = duplicate.CommitAsync(None).AsTask();
        await good;
        var e = await Assert.ThrowsAsync<SqliteStoreException>(() => bad);
        Assert.Contains("s.db", e.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], (await store.OpenJournalAsync("arn:x", None)).Committed.Select(r => r.Key));
    }

    [Fact]
    public async Task A_full_disk_fails_the_commit_with_the_file_named_and_every_later_commit_of_that_journal_but_no_other()
    {
        // A commit lost to a full disk must not be followed by durable records of the same journal: the journal would
        // no longer be a prefix of what was staged (a later, smaller commit would fit).
        var path = _dir.File("s.db");
        await using (var store = SqliteStepFunctionsStore.Open(path, new SqliteStoreOptions { GrowthLimitPages = 20 }))
        {
            var full = await store.OpenJournalAsync("arn:full", None);
            var other = await store.OpenJournalAsync("arn:other", None);
            full.Stage(new JournalRecord("a", "task", "1"));
            await full.CommitAsync(None);

            full.Stage(new JournalRecord("big", "task", new string('x', 200_000)));
            var big = full.CommitAsync(None).AsTask();
            full.Stage(new JournalRecord("queued", "task", "2")); // likely in the same group transaction as the big one
            var queued = full.CommitAsync(None).AsTask();
            var e = await Assert.ThrowsAsync<SqliteStoreException>(() => big);
            Assert.StartsWith("SQLite store '" + path + "' cannot grow (disk full): ", e.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<SqliteStoreException>(() => queued);

            full.Stage(new JournalRecord("later", "task", "3"));
            var later = await Assert.ThrowsAsync<SqliteStoreException>(() => full.CommitAsync(None).AsTask());
            Assert.Contains("disk full", later.Message, StringComparison.Ordinal);

            other.Stage(new JournalRecord("c", "task", "4"));
            await other.CommitAsync(None);
        }

        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Equal(["a"], (await store.OpenJournalAsync("arn:full", None)).Committed.Select(r => r.Key));
            Assert.Equal(["c"], (await store.OpenJournalAsync("arn:other", None)).Committed.Select(r => r.Key));
        }
    }
}
