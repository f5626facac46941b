using Microsoft.Data.Sqlite;

namespace AslCompiler.Cli.Tests;

/// <summary>A fresh temporary folder for a test's SQLite stores, deleted (with SQLite's pooled handles released) after it.</summary>
public abstract class StoreDirectory : IDisposable
{
    protected StoreDirectory(string prefix)
    {
        Dir = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    /// <summary>The folder.</summary>
    protected string Dir { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
