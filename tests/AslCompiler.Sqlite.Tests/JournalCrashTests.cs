using System.Collections.Concurrent;
using System.Globalization;

namespace AslCompiler.Sqlite.Tests;

/// <summary>
/// A child process commits journal records as fast as it can and is SIGKILLed at random points: every record it
/// acknowledged as committed must be in the file after reopening, with no gap and no torn record.
/// </summary>
public sealed class JournalCrashTests : IDisposable
{
    private const int Writers = 16;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_acknowledged_commit_survives_SIGKILL()
    {
        var path = _dir.File("crash.db");
        var acked = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var random = new Random(9);
        for (var round = 0; round < 4; round++)
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var acksThisRound = 0;
            using var host = CrashHostProcess.Start(
                line =>
                {
                    if (line == "ready")
                    {
                        ready.TrySetResult();
                        return;
                    }

                    var parts = line.Split(' ');
                    if (parts.Length == 3 && parts[0] == "ack" && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                    {
                        acked.AddOrUpdate(parts[1], sequence, (_, old) => Math.Max(old, sequence));
                        Interlocked.Increment(ref acksThisRound);
                        firstAck.TrySetResult();
                    }
                },
                "journal",
                path,
                Writers.ToString(CultureInfo.InvariantCulture));
            Assert.True(await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) == ready.Task, "the crash host did not start");
            // The kill comes at a random point after the writers are committing (on a loaded machine the first
            // commit can take longer than any fixed delay after "ready").
            Assert.True(await Task.WhenAny(firstAck.Task, Task.Delay(TimeSpan.FromSeconds(30))) == firstAck.Task, "the crash host acknowledged nothing in 30 s");
            await Task.Delay(random.Next(150, 600));
            await host.KillAsync();
            Assert.True(acksThisRound > 0, "the crash host acknowledged nothing before the kill");

            await using var store = SqliteStepFunctionsStore.Open(path);
            foreach (var (arn, lastAcked) in acked)
            {
                var committed = (await store.OpenJournalAsync(arn, CancellationToken.None)).Committed;
                Assert.True(committed.Count > lastAcked, $"{arn}: {committed.Count} records after the kill, but {lastAcked + 1} were acknowledged");
                for (var i = 0; i < committed.Count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    Assert.Equal("k" + n, committed[i].Key);
                    Assert.Equal("{\"n\":" + n + "}", committed[i].Data);
                    Assert.Equal(i % 2 == 0 ? "task" : "event", committed[i].Kind);
                }
            }
        }

        Assert.Equal(Writers, acked.Count);
    }
}
