using Microsoft.Data.Sqlite;

namespace AslCompiler.Sqlite.Tests;

/// <summary>A store's file read or changed behind the store's back: the file an older version wrote, the version a migration left.</summary>
internal static class StoreFiles
{
    /// <summary>Runs <paramref name="sql"/> on the file (no store open on it).</summary>
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The schema version the file records.</summary>
    public static int SchemaVersion(string path)
    {
        using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The names of the file's tables, in name order.</summary>
    public static List<string> Tables(string path)
    {
        using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
