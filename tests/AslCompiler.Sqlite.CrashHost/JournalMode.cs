using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Sqlite.CrashHost;

/// <summary>
/// Many writers commit journal records as fast as they can; each prints <c>ack ARN SEQ</c> once its commit completed,
/// so the test knows which records were acknowledged as durable before the kill. A writer's records are numbered on
/// from what its journal already holds, so the mode can be restarted on the same file.
/// </summary>
internal static class JournalMode
{
    private static readonly Lock OutputGate = new();

    public static async Task RunAsync(string path, int writers)
    {
        var store = SqliteStepFunctionsStore.Open(path);
        var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        Console.Out.Flush();
        lock (OutputGate)
        {
            output.WriteLine("ready");
        }

        var tasks = new Task[writers];
        for (var w = 0; w < writers; w++)
        {
            var arn = "arn:aws:states:us-east-1:123456789012:execution:crash:" + w.ToString(CultureInfo.InvariantCulture);
            tasks[w] = Task.Run(async () =>
            {
                var journal = await store.OpenJournalAsync(arn, CancellationToken.None).ConfigureAwait(false);
                var next = journal.Committed.Count;
                while (true)
                {
                    // Two records per commit, as a state's result and its history event would be.
                    var first = next;
                    journal.Stage(new JournalRecord("k" + first.ToString(CultureInfo.InvariantCulture), "task", "{\"n\":" + first.ToString(CultureInfo.InvariantCulture) + "}"));
                    journal.Stage(new JournalRecord("k" + (first + 1).ToString(CultureInfo.InvariantCulture), "event", "{\"n\":" + (first + 1).ToString(CultureInfo.InvariantCulture) + "}"));
                    next += 2;
                    await journal.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    lock (OutputGate)
                    {
                        output.WriteLine("ack " + arn + " " + (first + 1).ToString(CultureInfo.InvariantCulture));
                    }
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
