using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Sqlite;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Sqlite;

/// <summary>
/// The SQLite store alone: many executions' journals committing concurrently, three records per commit as a state
/// transition stages them. One operation is one commit, so the result is the store's ceiling in transitions per second.
/// </summary>
public class SqliteJournalBenchmarks
{
    private const int Executions = 256;
    private const int CommitsPerExecution = 20;
    private string _directory = null!;
    private SqliteStepFunctionsStore _store = null!;
    private int _round;

    /// <summary>Whether every commit is flushed to disk (FULL) or only at checkpoints (NORMAL).</summary>
    [Params(SqliteSynchronous.Normal, SqliteSynchronous.Full)]
    public SqliteSynchronous Synchronous { get; set; }

    /// <summary>Opens a store in a fresh directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "asl-bench-" + Guid.NewGuid().ToString("N"));
        _store = SqliteStepFunctionsStore.Open(Path.Combine(_directory, "bench.db"), new SqliteStoreOptions { Synchronous = Synchronous });
    }

    /// <summary>Closes the store and deletes the file.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>256 executions × 20 commits of 3 records, concurrently.</summary>
    [Benchmark(OperationsPerInvoke = Executions * CommitsPerExecution)]
    public async Task Commit()
    {
        var round = Interlocked.Increment(ref _round);
        await Task.WhenAll(Enumerable.Range(0, Executions).Select(i => Task.Run(async () =>
        {
            var journal = await _store.OpenJournalAsync("arn:bench:" + round + ":" + i, CancellationToken.None).ConfigureAwait(false);
            for (var c = 0; c < CommitsPerExecution; c++)
            {
                journal.Stage(new JournalRecord("s" + c, "task", """{"result":{"ok":true,"n":42}}"""));
                journal.Stage(new JournalRecord("s" + c + "/entered", "event", """{"type":"TaskStateEntered","name":"S","input":{"n":1}}"""));
                journal.Stage(new JournalRecord("s" + c + "/exited", "event", """{"type":"TaskStateExited","name":"S","output":{"n":2}}"""));
                await journal.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }))).ConfigureAwait(false);
    }
}
