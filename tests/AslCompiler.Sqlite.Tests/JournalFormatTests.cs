using AslCompiler.Runtime.Execution;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Sqlite.Tests;

/// <summary>The binary journal (schema version 2): its encoding, fresh journals, and the migration of version-1 files.</summary>
public sealed class JournalFormatTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Records_round_trip_through_the_binary_form_with_any_kind_and_text()
    {
        var records = new[]
        {
            new JournalRecord("^:ExecutionStarted", "event", """{"id":1,"type":"ExecutionStarted"}"""),
            new JournalRecord("3.Flaky@2", "task", """{"output":{"s":"caf\u00e9 \u4e2d \ud83d\ude00"}}"""),
            new JournalRecord("2.Fan@0/b1/1.W@0:wait", "timer", "2026-01-02T03:04:05.1234567Z"),
            new JournalRecord("!seed", "seed", "42"),
            new JournalRecord(string.Empty, "a-kind-the-store-does-not-know", string.Empty),
            new JournalRecord("big", "items", new string('x', 100_000)),
        };
        byte[]? buffer = null;
        var length = 0;
        foreach (var record in records)
        {
            JournalCodec.Append(ref buffer, ref length, record);
        }

        var decoded = new List<JournalRecord>();
        JournalCodec.Decode(buffer.AsSpan(0, length), decoded);
        Assert.Equal(records, decoded);
        Assert.True(length < 100_000 + 300, $"{length} bytes");
    }

    [Fact]
    public void A_truncated_blob_is_a_format_error_not_a_crash()
    {
        byte[]? buffer = null;
        var length = 0;
        JournalCodec.Append(ref buffer, ref length, new JournalRecord("key", "task", """{"output":1}"""));
        for (var cut = 1; cut < length; cut++)
        {
            Assert.Throws<FormatException>(() => JournalCodec.Decode(buffer.AsSpan(0, cut), []));
        }

        Assert.Throws<FormatException>(() => JournalCodec.Decode(new byte[] { 200, 0, 0 }, []));
    }

    [Fact]
    public async Task The_journal_of_a_new_execution_continues_across_reopen()
    {
        var path = _dir.File("s.db");
        var execution = SqliteStepFunctionsStoreTests.Execution("a", 1);
        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            Assert.True(await store.CreateExecutionAsync(execution, None));
            var journal = await store.OpenJournalAsync(execution.ExecutionArn, None);
            Assert.Empty(journal.Committed);
            journal.Stage(new JournalRecord("a", "task", "1"));
            journal.Stage(new JournalRecord("b", "event", "2"));
            await journal.CommitAsync(None);

            // Opened again in the same process: reads what was committed.
            var again = await store.OpenJournalAsync(execution.ExecutionArn, None);
            Assert.Equal(["a", "b"], again.Committed.Select(r => r.Key));
        }

        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            var journal = await store.OpenJournalAsync(execution.ExecutionArn, None);
            journal.Stage(new JournalRecord("c", "timer", "3"));
            await journal.CommitAsync(None);
        }

        await using var last = SqliteStepFunctionsStore.Open(path);
        Assert.Equal(["a", "b", "c"], (await last.OpenJournalAsync(execution.ExecutionArn, None)).Committed.Select(r => r.Key));
    }

    [Fact]
    public async Task A_version_1_file_is_migrated_with_its_journals_in_order()
    {
        var path = _dir.File("v1.db");
        using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                INSERT INTO schema_version (version) VALUES (1);
                CREATE TABLE resources (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
                CREATE TABLE executions (
                    execution_arn TEXT PRIMARY KEY, sequence INTEGER NOT NULL, name TEXT NOT NULL, state_machine_arn TEXT NOT NULL,
                    state_machine_version_arn TEXT, state_machine_alias_arn TEXT, state_machine_name TEXT NOT NULL, definition TEXT NOT NULL,
                    role_arn TEXT NOT NULL, type TEXT NOT NULL, revision_id TEXT, input TEXT NOT NULL, trace_header TEXT, start_date TEXT NOT NULL,
                    status TEXT NOT NULL, stop_date TEXT, output TEXT, error TEXT, cause TEXT, redrive_count INTEGER NOT NULL, redrive_date TEXT);
                CREATE INDEX executions_by_status ON executions (status);
                CREATE TABLE journal (execution_arn TEXT NOT NULL, sequence INTEGER NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL,
                    data TEXT NOT NULL, PRIMARY KEY (execution_arn, sequence));
                CREATE TABLE claims (execution_arn TEXT PRIMARY KEY, owner TEXT NOT NULL, lease_until INTEGER NOT NULL);
                INSERT INTO resources (id, json) VALUES (1, '{"v":1}');
                INSERT INTO journal VALUES ('arn:b', 1, 'b1', 'event', '{"id":2}');
                INSERT INTO journal VALUES ('arn:a', 0, 'a0', 'seed', '7');
                INSERT INTO journal VALUES ('arn:b', 0, 'b0', 'event', '{"id":1}');
                INSERT INTO journal VALUES ('arn:a', 1, 'a1', 'task', '{"output":"café"}');
                INSERT INTO journal VALUES ('arn:b', 2, 'b2', 'custom', 'x');
                """;
            command.ExecuteNonQuery();
        }

        await using (var store = SqliteStepFunctionsStore.Open(path))
        {
            Assert.Equal("""{"v":1}""", await store.LoadResourcesAsync(None));
            var a = await store.OpenJournalAsync("arn:a", None);
            Assert.Equal([new JournalRecord("a0", "seed", "7"), new JournalRecord("a1", "task", """{"output":"café"}""")], a.Committed);
            var b = await store.OpenJournalAsync("arn:b", None);
            Assert.Equal(["b0", "b1", "b2"], b.Committed.Select(r => r.Key));
            Assert.Equal("custom", b.Committed[2].Kind);

            // The migrated journal continues its sequence.
            b.Stage(new JournalRecord("b3", "task", "{}"));
            await b.CommitAsync(None);
        }

        await using var reopened = SqliteStepFunctionsStore.Open(path);
        Assert.Equal(["b0", "b1", "b2", "b3"], (await reopened.OpenJournalAsync("arn:b", None)).Committed.Select(r => r.Key));
        using var check = new SqliteConnection("Data Source=" + path + ";Pooling=false;Mode=ReadOnly");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "SELECT version FROM schema_version; ";
        Assert.Equal((long)SqliteSchema.CurrentVersion, version.ExecuteScalar());
        version.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'journal';";
        Assert.Equal(0L, version.ExecuteScalar());
    }
}
