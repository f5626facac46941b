using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Sqlite;

/// <summary>
/// The store's tables, created or migrated when a file is opened. Each migration moves the file one version up inside
/// the open transaction, so a file is always at a version this code knows; a file from a newer version is refused.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The version this code writes.</summary>
    public const int CurrentVersion = 1;

    // Index i moves a file from version i to version i + 1.
    private static readonly string[] Migrations =
    [
        """
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
        """,
    ];

    /// <summary>Creates the tables of a new file or migrates an older one; returns the version found.</summary>
    public static int Apply(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT max(version) FROM schema_version;";
        var found = read.ExecuteScalar() is long v ? (int)v : 0;
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
            Execute(connection, transaction, Migrations[version]);
        }

        if (found < CurrentVersion)
        {
            Execute(connection, transaction, "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (" + CurrentVersion.ToString(CultureInfo.InvariantCulture) + ");");
        }

        transaction.Commit();
        return found;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
