using System.Threading.Tasks;

namespace AslCompiler.Sqlite.CrashHost;

/// <summary>Runs the crash-test executions over the SQLite store (filled in once the durable kernel lands).</summary>
internal static class ExecutionsMode
{
    public static Task<int> RunAsync(string path, int count, string sideFile)
    {
        _ = path;
        _ = count;
        _ = sideFile;
        return Task.FromResult(3);
    }
}
