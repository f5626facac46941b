using System;
using System.Threading.Tasks;

namespace AslCompiler.Sqlite.CrashHost;

/// <summary>
/// The child process of the crash tests, killed at random points by the test that started it.
/// <c>journal STORE WRITERS</c> commits journal records forever and prints <c>ack ARN SEQ</c> after each commit;
/// <c>executions STORE COUNT SIDEFILE</c> runs the crash-test state machine (see <see cref="ExecutionsMode"/>).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "journal")
        {
            await JournalMode.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
            return 0;
        }

        if (args.Length >= 4 && args[0] == "executions")
        {
            return await ExecutionsMode.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]).ConfigureAwait(false);
        }

        await Console.Error.WriteLineAsync("usage: journal STORE WRITERS | executions STORE COUNT SIDEFILE").ConfigureAwait(false);
        return 2;
    }
}
