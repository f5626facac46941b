using System;
using System.Globalization;
using AslCompiler.Runtime.Execution;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Sqlite;

/// <summary>
/// The store's tables, created or migrated when a file is opened. Each migration moves the file one version up inside
/// the open transaction, so a file is always at a version this code knows; a file from a newer version is refused.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The version this code writes.</summary>
    public const int CurrentVersion = 7;

    // Index i moves a file from version i to version i + 1.
    private static readonly Action<SqliteConnection, SqliteTransaction>[] Migrations =
    [
        (connection, transaction) => Execute(connection, transaction, """
        CREATE TABLE resources (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            json TEXT NOT NULL
        );
        CREATE TABLE executions (
            execution_arn TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            name TEXT NOT NULL,
            state_machine_arn TEXT NOT NULL,
            state_machine_version_arn TEXT,
            state_machine_alias_arn TEXT,
            state_machine_name TEXT NOT NULL,
            definition TEXT NOT NULL,
            role_arn TEXT NOT NULL,
            type TEXT NOT NULL,
            revision_id TEXT,
            input TEXT NOT NULL,
            trace_header TEXT,
            start_date TEXT NOT NULL,
            status TEXT NOT NULL,
            stop_date TEXT,
            output TEXT,
            error TEXT,
            cause TEXT,
            redrive_count INTEGER NOT NULL,
            redrive_date TEXT
        );
        CREATE INDEX executions_by_status ON executions (status);
        CREATE TABLE journal (
            execution_arn TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (execution_arn, sequence)
        );
        CREATE TABLE claims (
            execution_arn TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            lease_until INTEGER NOT NULL
        );
        """),
        MigrateToBinaryJournal,

        // Version 3: the tokens of tasks that timed out (Unix ms), so a late callback answers TaskTimedOut after a restart.
        (connection, transaction) => Execute(connection, transaction, """
        CREATE TABLE timed_out_tokens (
            token TEXT PRIMARY KEY,
            timed_out_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX timed_out_tokens_by_time ON timed_out_tokens (timed_out_at);
        """),

        // Version 4: Map Runs and their STANDARD child executions, so DescribeMapRun, ListMapRuns and the children's
        // DescribeExecution/ListExecutions answer after a restart. Counts are "pending,running,succeeded,failed,aborted,
        // timedOut,resultsWritten,total".
        (connection, transaction) => Execute(connection, transaction, """
        CREATE TABLE map_runs (
            map_run_arn TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            execution_arn TEXT NOT NULL,
            state_machine_arn TEXT NOT NULL,
            child_state_machine_name TEXT NOT NULL,
            label TEXT NOT NULL,
            execution_type TEXT NOT NULL,
            start_date TEXT NOT NULL,
            stop_date TEXT,
            status TEXT NOT NULL,
            max_concurrency INTEGER NOT NULL,
            tolerated_failure_count INTEGER,
            tolerated_failure_percentage REAL,
            execution_counts TEXT NOT NULL,
            item_counts TEXT NOT NULL,
            redrive_count INTEGER NOT NULL,
            redrive_date TEXT
        );
        CREATE INDEX map_runs_by_execution ON map_runs (execution_arn);
        CREATE TABLE map_run_executions (
            execution_arn TEXT PRIMARY KEY,
            map_run_arn TEXT NOT NULL,
            root_execution_arn TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            state_machine_arn TEXT NOT NULL,
            state_machine_name TEXT NOT NULL,
            role_arn TEXT NOT NULL,
            input TEXT NOT NULL,
            item_count INTEGER NOT NULL,
            start_date TEXT NOT NULL,
            status TEXT NOT NULL,
            stop_date TEXT,
            output TEXT,
            error TEXT,
            cause TEXT,
            redrive_count INTEGER NOT NULL,
            redrive_date TEXT
        );
        CREATE INDEX map_run_executions_by_map_run ON map_run_executions (map_run_arn, sequence);
        """),

        // Version 5: an expired execution is deleted with the Map Run children of its root (retention).
        (connection, transaction) => Execute(connection, transaction, """
        CREATE INDEX map_run_executions_by_root ON map_run_executions (root_execution_arn);
        """),

        // Version 6: the mock test case an execution was started with (an ARN ending in #TestCase), for its resumed runs.
        (connection, transaction) => AddColumn(connection, transaction, "executions", "test_case TEXT"),

        // Version 7: the latest reading of the store's clock a commit carried (Unix ms), so a server restarted on a fast
        // clock (asl serve --time-scale, asl run's virtual one) goes on from it instead of back to the wall clock's time.
        (connection, transaction) => Execute(connection, transaction, """
        CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 1), latest INTEGER NOT NULL);
        INSERT OR IGNORE INTO clock (id, latest) VALUES (1, 0);
        """),
    ];

    /// <summary>Creates the tables of a new file or migrates an older one; returns the version found.</summary>
    public static int Apply(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction();
        using var tables = connection.CreateCommand();
        tables.Transaction = transaction;
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'; SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';";
        long tableCount;
        long versionTables;
        using (var reader = tables.ExecuteReader())
        {
            reader.Read();
            tableCount = reader.GetInt64(0);
            reader.NextResult();
            reader.Read();
            versionTables = reader.GetInt64(0);
        }

        if (tableCount > 0 && versionTables == 0)
        {
            // Another application's database: creating the store's tables in it would take it over without a word.
            throw new SqliteStoreException("SQLite store '" + path + "' is a SQLite database with tables of its own and no AslCompiler schema: it is not a store. Give a new file (or an existing store).");
        }

        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT max(version) FROM schema_version;";
        var found = read.ExecuteScalar() is long v ? (int)v : 0;
        if (found == 0 && tableCount > 1)
        {
            // The store's tables without the row that says their version: migrating them from nothing would fail on the
            // first table that exists (SQLite's 'table resources already exists').
            throw new SqliteStoreException("SQLite store '" + path + "' is damaged: its schema_version table holds no version, though it has the store's tables.");
        }
        if (found > CurrentVersion)
        {
            throw new SqliteStoreException(string.Format(
                CultureInfo.InvariantCulture,
                "SQLite store '{0}' has schema version {1}, newer than this AslCompiler.Sqlite understands ({2}).",
                path,
                found,
                CurrentVersion));
        }

        for (var version = found; version < CurrentVersion; version++)
        {
            Migrations[version](connection, transaction);
        }

        if (found < CurrentVersion)
        {
            Execute(connection, transaction, "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (" + CurrentVersion.ToString(CultureInfo.InvariantCulture) + ");");
        }

        transaction.Commit();
        return found;
    }

    /// <summary>
    /// Version 2: a journal is a row of <c>journals</c> (an integer id per execution) and one <c>journal_entries</c> row
    /// per commit, its records in one binary blob (<see cref="JournalCodec"/>), instead of one text row per record keyed
    /// by the execution ARN. Each version-1 record becomes a commit of its own, in its order.
    /// </summary>
    private static void MigrateToBinaryJournal(SqliteConnection connection, SqliteTransaction transaction)
    {
        Execute(connection, transaction, """
            CREATE TABLE journals (
                id INTEGER PRIMARY KEY,
                execution_arn TEXT NOT NULL UNIQUE
            );
            CREATE TABLE journal_entries (
                journal_id INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                records BLOB NOT NULL
            );
            CREATE UNIQUE INDEX journal_entries_by_journal ON journal_entries (journal_id, sequence);
            INSERT INTO journals (execution_arn) SELECT DISTINCT execution_arn FROM journal ORDER BY execution_arn;
            """);
        using (var read = connection.CreateCommand())
        using (var insert = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT j.id, o.sequence, o.key, o.kind, o.data FROM journal o JOIN journals j ON j.execution_arn = o.execution_arn ORDER BY j.id, o.sequence;";
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO journal_entries (journal_id, sequence, records) VALUES ($id, $sequence, $records);";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
            var records = insert.Parameters.Add("$records", SqliteType.Blob);
            using var reader = read.ExecuteReader();
            byte[]? buffer = null;
            while (reader.Read())
            {
                var length = 0;
                JournalCodec.Append(ref buffer, ref length, new JournalRecord(reader.GetString(2), reader.GetString(3), reader.GetString(4)));
                id.Value = reader.GetInt64(0);
                sequence.Value = reader.GetInt64(1);
                records.Value = buffer.AsSpan(0, length).ToArray();
                insert.ExecuteNonQuery();
            }

            if (buffer is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        Execute(connection, transaction, "DROP TABLE journal;");
    }

    /// <summary>Adds a column (its name and type) unless the table has one of that name already.</summary>
    private static void AddColumn(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name = $name;";
        read.Parameters.AddWithValue("$name", column[..column.IndexOf(' ', StringComparison.Ordinal)]);
        if (read.ExecuteScalar() is long and > 0)
        {
            return;
        }

        Execute(connection, transaction, "ALTER TABLE " + table + " ADD COLUMN " + column + ";");
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
