using System;

namespace AslCompiler.Sqlite;

/// <summary>How a <see cref="SqliteStepFunctionsStore"/> opens and writes its file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <see cref="SqliteSynchronous.Normal"/> (the default) keeps every committed
    /// transaction when the process dies; <see cref="SqliteSynchronous.Full"/> also keeps them when the machine loses
    /// power, at the cost of a flush per group commit.
    /// </summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Normal;

    /// <summary>The most writes (journal commits, execution updates) one group commit takes. Default 4,096.</summary>
    public int MaxBatchSize { get; init; } = 4096;

    /// <summary>How long a write waits for a lock held by another connection before it fails. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long disposing waits for queued writes to commit before it gives up on them. Default 10 seconds.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The clock that decides whether a claim's lease has expired, and whose reading each commit keeps
    /// (<see cref="SqliteStepFunctionsStore.ReadClock"/>). Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// For tests: how many pages the file may grow by after it opens (SQLite's <c>max_page_count</c>), so a write past
    /// that fails as on a full disk (<c>SQLITE_FULL</c>). Null (the default): no limit.
    /// </summary>
    internal int? GrowthLimitPages { get; init; }
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels a store can run with (in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>Flush the write-ahead log at checkpoints only: durable against a killed process, not against power loss.</summary>
    Normal,

    /// <summary>Flush the write-ahead log at every commit: durable against power loss too.</summary>
    Full,
}
