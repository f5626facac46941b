using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AslCompiler.Sqlite;

/// <summary>
/// An <see cref="IStepFunctionsStore"/> in one embedded SQLite file (write-ahead log, <c>synchronous=NORMAL</c> by
/// default). One writer thread owns the connection and takes every write from a queue: the journal commits of many
/// executions that arrive while a transaction is being written are grouped into the next transaction (group commit),
/// and each caller's <see cref="IExecutionJournal.CommitAsync"/> completes when its transaction is committed.
/// Records staged but not yet committed are lost when the process dies; the kernel does that work again.
/// One store instance owns a file at a time (a <c>-lock</c> file next to it is held open exclusively), so claims left
/// by a process that died are released when the file is opened again. Thread-safe.
/// </summary>
public sealed class SqliteStepFunctionsStore : IStepFunctionsStore, IAsyncDisposable
{
    private const string ExecutionColumns =
        "execution_arn, sequence, name, state_machine_arn, state_machine_version_arn, state_machine_alias_arn, state_machine_name, " +
        "definition, role_arn, type, revision_id, input, trace_header, start_date, status, stop_date, output, error, cause, redrive_count, redrive_date, test_case";

    private const string ExecutionValues =
        "$arn, $sequence, $name, $machine, $version, $alias, $machineName, $definition, $role, $type, $revision, $input, $trace, " +
        "$start, $status, $stop, $output, $error, $cause, $redriveCount, $redriveDate, $testCase";

    private const string MapRunColumns =
        "map_run_arn, sequence, execution_arn, state_machine_arn, child_state_machine_name, label, execution_type, start_date, stop_date, " +
        "status, max_concurrency, tolerated_failure_count, tolerated_failure_percentage, execution_counts, item_counts, redrive_count, redrive_date";

    private const string MapRunExecutionColumns =
        "execution_arn, map_run_arn, root_execution_arn, sequence, name, type, state_machine_arn, state_machine_name, role_arn, input, " +
        "item_count, start_date, status, stop_date, output, error, cause, redrive_count, redrive_date";

    private static readonly string[] ExecutionParameters =
    [
        "$arn", "$sequence", "$name", "$machine", "$version", "$alias", "$machineName", "$definition", "$role", "$type", "$revision",
        "$input", "$trace", "$start", "$status", "$stop", "$output", "$error", "$cause", "$redriveCount", "$redriveDate", "$testCase",
    ];

    private readonly SqliteStoreOptions _options;
    private readonly FileStream _lockFile;
    private readonly FileStream? _fileLock;
    private readonly SqliteConnection _connection;
    // The writer's queue: callers append without a lock and wake the writer only when it sleeps (no spinning on either side).
    private readonly ConcurrentQueue<StoreWrite> _queue = new();
    private readonly object _wake = new();
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, long> _freshJournals = new(StringComparer.Ordinal);
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _insertEntry;
    private readonly sqlite3_stmt _noteClock;
    private readonly SqliteCommand _insertJournal;
    private readonly SqliteCommand _findJournal;
    private readonly SqliteCommand _insertExecution;
    private readonly SqliteCommand _replaceExecution;
    private readonly SqliteCommand _releaseClaim;
    private readonly SqliteCommand _claim;
    private readonly SqliteCommand _saveMapRun;
    private readonly SqliteCommand _saveMapRunExecution;
    private int _writerSleeping;
    private int _writerExited;
    private volatile bool _closed;
    private volatile Exception? _closedBy;
    private int _disposed;
    private long _committedBatches;
    private long _committedWrites;
    private int _largestBatch;

    private SqliteStepFunctionsStore(string path, SqliteStoreOptions options, FileStream lockFile, FileStream? fileLock, SqliteConnection connection)
    {
        Path = path;
        _options = options;
        _lockFile = lockFile;
        _fileLock = fileLock;
        _connection = connection;
        _begin = PrepareRaw("BEGIN IMMEDIATE;");
        _commit = PrepareRaw("COMMIT;");
        _rollback = PrepareRaw("ROLLBACK;");
        _insertEntry = PrepareRaw("INSERT INTO journal_entries (journal_id, sequence, records) VALUES (?1, ?2, ?3);");
        _noteClock = PrepareRaw("UPDATE clock SET latest = max(latest, ?1) WHERE id = 1;");
        _insertJournal = Prepare("INSERT INTO journals (execution_arn) VALUES ($arn) ON CONFLICT (execution_arn) DO NOTHING;", "$arn");
        _findJournal = Prepare("SELECT id FROM journals WHERE execution_arn = $arn;", "$arn");
        _insertExecution = Prepare("INSERT INTO executions (" + ExecutionColumns + ") VALUES (" + ExecutionValues + ") ON CONFLICT (execution_arn) DO NOTHING;", ExecutionParameters);
        _replaceExecution = Prepare("INSERT OR REPLACE INTO executions (" + ExecutionColumns + ") VALUES (" + ExecutionValues + ");", ExecutionParameters);
        _releaseClaim = Prepare("DELETE FROM claims WHERE execution_arn = $arn;", "$arn");
        _claim = Prepare(
            "INSERT INTO claims (execution_arn, owner, lease_until) VALUES ($arn, $owner, $lease) " +
            "ON CONFLICT (execution_arn) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until " +
            "WHERE claims.owner = excluded.owner OR claims.lease_until <= $now;",
            "$arn", "$owner", "$lease", "$now");
        _saveMapRun = Prepare(
            "INSERT OR REPLACE INTO map_runs (" + MapRunColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17);",
            Numbered(17));
        _saveMapRunExecution = Prepare(
            "INSERT OR REPLACE INTO map_run_executions (" + MapRunExecutionColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19);",
            Numbered(19));
        var writer = new Thread(WriteLoop) { IsBackground = true, Name = "AslCompiler.Sqlite writer" };
        writer.Start();
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>How many group transactions the writer committed (for tests and benchmarks).</summary>
    internal long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>How many writes (journal commits, execution updates, reads) those transactions carried.</summary>
    internal long CommittedWrites => Interlocked.Read(ref _committedWrites);

    /// <summary>The most writes one transaction carried so far.</summary>
    internal int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>
    /// The latest reading of its clock (<see cref="SqliteStoreOptions.TimeProvider"/>) a commit to the store in
    /// <paramref name="path"/> carried, rounded up to the millisecond, or null when there is none (no file, a file from before this was kept, or one that
    /// does not read; <see cref="Open"/> says what is wrong with it). Read before <see cref="Open"/>, so a host can start
    /// its clock there: a server that ran on a fast clock (<c>asl serve --time-scale</c>) and restarts must not date what
    /// it does next before what the store already holds.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <returns>The reading, or null.</returns>
    public static DateTimeOffset? ReadClock(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            return Scalar(connection, "SELECT latest FROM clock WHERE id = 1;") is long ms and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens (or creates) the store in <paramref name="path"/>: takes its lock file, switches it to the write-ahead log,
    /// creates or migrates the tables, and releases the claims of earlier processes.
    /// </summary>
    /// <param name="path">The database file; its directory is created when missing.</param>
    /// <param name="options">Durability and batching; defaults when <see langword="null"/>.</param>
    /// <returns>The open store; dispose it to commit queued writes and release the file.</returns>
    /// <exception cref="SqliteStoreException">The file is in use by another store, corrupt, not a SQLite database, or from a newer version.</exception>
    public static SqliteStepFunctionsStore Open(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new SqliteStoreOptions();
        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchSize must be at least 1.");
        }

        var full = System.IO.Path.GetFullPath(path);
        var lockPath = full + "-lock";
        var lockExisted = File.Exists(lockPath);
        FileStream lockFile;
        try
        {
            var directory = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new SqliteStoreException("SQLite store '" + full + "' is in use by another store (its lock file '" + full + "-lock' is held): " + e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not another store: the directory cannot be made (a file is in its place), the name is too long, no access...
            throw new SqliteStoreException("SQLite store '" + full + "' cannot be opened: " + e.Message, e);
        }

        // The lock file is found by name; the database file itself is locked too where the OS lets a lock on it live
        // beside SQLite's own (flock and fcntl locks are independent on Unix), so another name for the same file (a
        // symbolic or hard link) or a deleted lock file cannot give it a second owner (a durability trial found both).
        FileStream? fileLock = null;
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                fileLock = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ReleaseLock(lockFile, lockExisted, lockPath);
                throw new SqliteStoreException(e is IOException io && IsSharingViolation(io)
                    ? "SQLite store '" + full + "' is in use by another store (through another name for the same file, or one whose lock file was deleted): " + e.Message
                    : "SQLite store '" + full + "' cannot be opened: " + e.Message, e);
            }
        }

        SqliteConnection? connection = null;
        try
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            };
            connection = new SqliteConnection(builder.ToString());
            connection.Open();
            var mode = Scalar(connection, "PRAGMA journal_mode = WAL;") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteStoreException("SQLite store '" + full + "' cannot use the write-ahead log (journal_mode is '" + mode + "').");
            }

            Scalar(connection, "PRAGMA busy_timeout = " + ((long)options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ";");
            Scalar(connection, options.Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            SqliteSchema.Apply(connection, full);

            // The lock file is ours, so every claim in the file belongs to a process that is gone.
            Scalar(connection, "DELETE FROM claims;");
            if (options.GrowthLimitPages is { } growth)
            {
                var pages = Convert.ToInt64(Scalar(connection, "PRAGMA page_count;"), CultureInfo.InvariantCulture);
                Scalar(connection, "PRAGMA max_page_count = " + (pages + growth).ToString(CultureInfo.InvariantCulture) + ";");
            }

            return new SqliteStepFunctionsStore(full, options, lockFile, fileLock, connection);
        }
        catch (Exception e) when (e is SqliteException or SqliteStoreException)
        {
            connection?.Dispose();
            fileLock?.Dispose();
            ReleaseLock(lockFile, lockExisted, lockPath);
            throw e is SqliteException sqlite ? Describe(full, sqlite) : e;
        }
    }

    /// <summary>
    /// Lets go of the lock file of a store <see cref="Open"/> could not open; the lock file that call made goes with it
    /// (a file that is not a store is left as it was found).
    /// </summary>
    private static void ReleaseLock(FileStream lockFile, bool lockExisted, string lockPath)
    {
        lockFile.Dispose();
        if (!lockExisted)
        {
            TryDelete(lockPath);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another store may have made and taken it meanwhile; it stays.
        }
    }

    /// <inheritdoc/>
    public ValueTask<string?> LoadResourcesAsync(CancellationToken cancellationToken) => Run(
        () =>
        {
            using var command = Command("SELECT json FROM resources WHERE id = 1;");
            return command.ExecuteScalar() as string;
        },
        cancellationToken);

    /// <inheritdoc/>
    public ValueTask SaveResourcesAsync(string resourcesJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourcesJson);

        // The operation's own task, not an async method's: the control plane waits for it while holding its write lock,
        // and a wait on this task is released by the writer thread itself. An async wrapper would need a pool thread to
        // finish, which concurrent writers blocked on the lock can take all of (a burst of 60 TagResource calls on a
        // fresh server took 52 s).
        return new ValueTask(Run(
            () =>
            {
                using var command = Command("INSERT INTO resources (id, json) VALUES (1, $json) ON CONFLICT (id) DO UPDATE SET json = excluded.json;");
                command.Parameters.AddWithValue("$json", resourcesJson);
                return command.ExecuteNonQuery();
            },
            cancellationToken).AsTask());
    }

    /// <inheritdoc/>
    public async ValueTask<bool> CreateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var journalId = await Run(
            () =>
            {
                Bind(_insertExecution, execution);
                if (_insertExecution.ExecuteNonQuery() != 1)
                {
                    return 0L;
                }

                if (execution.Type != StateMachineType.Standard)
                {
                    return -1L;
                }

                // A new execution gets a new journal: nothing can be committed under a new id, so opening it needs no read.
                _insertJournal.Parameters[0].Value = execution.ExecutionArn;
                return _insertJournal.ExecuteNonQuery() == 1 ? raw.sqlite3_last_insert_rowid(_connection.Handle) : -1L;
            },
            cancellationToken);
        if (journalId == 0)
        {
            return false;
        }

        if (journalId > 0)
        {
            _freshJournals[execution.ExecutionArn] = journalId;
        }

        return true;
    }

    /// <inheritdoc/>
    public async ValueTask UpdateExecutionAsync(StoredExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        await Run(
            () =>
            {
                Bind(_replaceExecution, execution);
                var changed = _replaceExecution.ExecuteNonQuery();
                if (execution.Status != ExecutionStatus.Running)
                {
                    // A finished execution needs no owner.
                    _releaseClaim.Parameters[0].Value = execution.ExecutionArn;
                    _releaseClaim.ExecuteNonQuery();
                }

                return changed;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One transaction deletes the execution's row, its journal (<c>journals</c> and <c>journal_entries</c>), its claim,
    /// its Map Runs, the Map Run children of which it is the root and the Map Runs those started. The file does not
    /// shrink: SQLite reuses the freed pages.
    /// </remarks>
    public async ValueTask DeleteExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        _freshJournals.TryRemove(executionArn, out _);
        await Run(
            () =>
            {
                using var command = Command(
                    "DELETE FROM journal_entries WHERE journal_id IN (SELECT id FROM journals WHERE execution_arn = $arn); " +
                    "DELETE FROM journals WHERE execution_arn = $arn; " +
                    "DELETE FROM claims WHERE execution_arn = $arn; " +
                    "DELETE FROM map_runs WHERE execution_arn = $arn " +
                    "OR execution_arn IN (SELECT execution_arn FROM map_run_executions WHERE root_execution_arn = $arn); " +
                    "DELETE FROM map_run_executions WHERE root_execution_arn = $arn; " +
                    "DELETE FROM executions WHERE execution_arn = $arn;");
                command.Parameters.AddWithValue("$arn", executionArn);
                return command.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredExecution>> LoadExecutionsAsync(CancellationToken cancellationToken) => Run<IReadOnlyList<StoredExecution>>(
        () =>
        {
            using var command = Command("SELECT " + ExecutionColumns + " FROM executions ORDER BY sequence, execution_arn;");
            using var reader = command.ExecuteReader();
            var executions = new List<StoredExecution>();
            while (reader.Read())
            {
                executions.Add(ReadRow(reader, "executions", ReadExecution));
            }

            return executions;
        },
        cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// The committed records are read by the writer, after every write queued before this call, so a journal opened
    /// again for the same execution continues its sequence. Opening writes nothing: an execution with no journal row
    /// gets an empty journal whose row is made by its first commit. So a read (GetExecutionHistory of an execution
    /// recovered from the file) that lands after <see cref="DeleteExecutionAsync"/> finds nothing and leaves nothing:
    /// it once inserted an empty <c>journals</c> row for the deleted execution, which no delete or recovery would remove.
    /// </remarks>
    public async ValueTask<IExecutionJournal> OpenJournalAsync(string executionArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        if (_freshJournals.TryRemove(executionArn, out var freshId))
        {
            return new SqliteExecutionJournal(this, executionArn, freshId, [], 0);
        }

        var (id, records, next) = await Run(
            () =>
            {
                _findJournal.Parameters[0].Value = executionArn;
                if (_findJournal.ExecuteScalar() is not long id)
                {
                    return ((long?)null, new List<JournalRecord>(), 0L);
                }

                using var command = Command("SELECT sequence, records FROM journal_entries WHERE journal_id = $id ORDER BY sequence;");
                command.Parameters.AddWithValue("$id", id);
                using var reader = command.ExecuteReader();
                var committed = new List<JournalRecord>();
                long last = -1;
                while (reader.Read())
                {
                    last = reader.GetInt64(0);
                    try
                    {
                        JournalCodec.Decode((byte[])reader.GetValue(1), committed);
                    }
                    catch (Exception e) when (e is FormatException or InvalidCastException)
                    {
                        throw new SqliteStoreException(string.Format(
                            CultureInfo.InvariantCulture,
                            "SQLite store '{0}' is corrupt: commit {1} of the journal of '{2}' does not decode: {3}",
                            Path,
                            last,
                            executionArn,
                            e.Message), e);
                    }
                }

                return ((long?)id, committed, last + 1);
            },
            cancellationToken).ConfigureAwait(false);
        return new SqliteExecutionJournal(this, executionArn, id, records, next);
    }

    /// <summary>
    /// The id of an execution's journal row, made now if it has none (writer thread only, inside the group transaction:
    /// a journal opened without a row gets it with its first commit).
    /// </summary>
    internal long JournalRow(string executionArn)
    {
        _insertJournal.Parameters[0].Value = executionArn;
        if (_insertJournal.ExecuteNonQuery() == 1)
        {
            return raw.sqlite3_last_insert_rowid(_connection.Handle);
        }

        _findJournal.Parameters[0].Value = executionArn;
        return (long)_findJournal.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Claims are kept in the <c>claims</c> table as a shared database would keep them: granted when the execution has
    /// no claim, its lease ended, or <paramref name="owner"/> already holds it. Claims of earlier processes are
    /// released when the file is opened, and an execution's claim when it stops.
    /// </remarks>
    public ValueTask<bool> TryClaimAsync(string executionArn, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Run(
            () =>
            {
                _claim.Parameters[0].Value = executionArn;
                _claim.Parameters[1].Value = owner;
                _claim.Parameters[2].Value = leaseUntil.ToUnixTimeMilliseconds();
                _claim.Parameters[3].Value = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
                return _claim.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Kept in the <c>timed_out_tokens</c> table; the tokens that timed out before <paramref name="forgetBefore"/> are
    /// deleted in the same write. Queued like a journal commit, so it is durable no later than the commits after it.
    /// </remarks>
    public async ValueTask AddTimedOutTaskTokenAsync(string taskToken, DateTimeOffset timedOutAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskToken);
        await Run(
            () =>
            {
                using var command = Command(
                    "DELETE FROM timed_out_tokens WHERE timed_out_at < $forget; " +
                    "INSERT INTO timed_out_tokens (token, timed_out_at) SELECT $token, $at WHERE $at >= $forget " +
                    "ON CONFLICT (token) DO UPDATE SET timed_out_at = excluded.timed_out_at;");
                command.Parameters.AddWithValue("$token", taskToken);
                command.Parameters.AddWithValue("$at", timedOutAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$forget", forgetBefore.ToUnixTimeMilliseconds());
                return command.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> IsTaskTokenTimedOutAsync(string taskToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskToken);
        return Run(
            () =>
            {
                using var command = Command("SELECT 1 FROM timed_out_tokens WHERE token = $token;");
                command.Parameters.AddWithValue("$token", taskToken);
                return command.ExecuteScalar() is not null;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask SaveMapRunAsync(StoredMapRun mapRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapRun);
        await Run(
            () =>
            {
                var p = _saveMapRun.Parameters;
                p[0].Value = mapRun.MapRunArn;
                p[1].Value = mapRun.Sequence;
                p[2].Value = mapRun.ExecutionArn;
                p[3].Value = mapRun.StateMachineArn;
                p[4].Value = mapRun.ChildStateMachineName;
                p[5].Value = mapRun.Label;
                p[6].Value = mapRun.ExecutionType.ToString();
                p[7].Value = FormatDate(mapRun.StartDate);
                p[8].Value = mapRun.StopDate is { } stop ? FormatDate(stop) : DBNull.Value;
                p[9].Value = mapRun.Status.ToString();
                p[10].Value = mapRun.MaxConcurrency;
                p[11].Value = (object?)mapRun.ToleratedFailureCount ?? DBNull.Value;
                p[12].Value = (object?)mapRun.ToleratedFailurePercentage ?? DBNull.Value;
                p[13].Value = FormatCounts(mapRun.ExecutionCounts);
                p[14].Value = FormatCounts(mapRun.ItemCounts);
                p[15].Value = mapRun.RedriveCount;
                p[16].Value = mapRun.RedriveDate is { } redrive ? FormatDate(redrive) : DBNull.Value;
                return _saveMapRun.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredMapRun>> LoadMapRunsAsync(CancellationToken cancellationToken) => Run<IReadOnlyList<StoredMapRun>>(
        () =>
        {
            using var command = Command("SELECT " + MapRunColumns + " FROM map_runs ORDER BY sequence, map_run_arn;");
            using var r = command.ExecuteReader();
            var runs = new List<StoredMapRun>();
            while (r.Read())
            {
                runs.Add(ReadRow(r, "map_runs", static r => new StoredMapRun
                {
                    MapRunArn = r.GetString(0),
                    Sequence = r.GetInt64(1),
                    ExecutionArn = r.GetString(2),
                    StateMachineArn = r.GetString(3),
                    ChildStateMachineName = r.GetString(4),
                    Label = r.GetString(5),
                    ExecutionType = Enum.Parse<StateMachineType>(r.GetString(6)),
                    StartDate = ParseDate(r.GetString(7)),
                    StopDate = r.IsDBNull(8) ? null : ParseDate(r.GetString(8)),
                    Status = Enum.Parse<MapRunStatus>(r.GetString(9)),
                    MaxConcurrency = r.GetInt32(10),
                    ToleratedFailureCount = r.IsDBNull(11) ? null : r.GetInt64(11),
                    ToleratedFailurePercentage = r.IsDBNull(12) ? null : r.GetDouble(12),
                    ExecutionCounts = ParseCounts(r.GetString(13)),
                    ItemCounts = ParseCounts(r.GetString(14)),
                    RedriveCount = r.GetInt32(15),
                    RedriveDate = r.IsDBNull(16) ? null : ParseDate(r.GetString(16)),
                }));
            }

            return runs;
        },
        cancellationToken);

    /// <inheritdoc/>
    public async ValueTask SaveMapRunExecutionAsync(StoredMapRunExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        await Run(
            () =>
            {
                var p = _saveMapRunExecution.Parameters;
                p[0].Value = execution.ExecutionArn;
                p[1].Value = execution.MapRunArn;
                p[2].Value = execution.RootExecutionArn;
                p[3].Value = execution.Sequence;
                p[4].Value = execution.Name;
                p[5].Value = execution.Type.ToString();
                p[6].Value = execution.StateMachineArn;
                p[7].Value = execution.StateMachineName;
                p[8].Value = execution.RoleArn;
                p[9].Value = execution.Input;
                p[10].Value = execution.ItemCount;
                p[11].Value = FormatDate(execution.StartDate);
                p[12].Value = execution.Status.ToString();
                p[13].Value = execution.StopDate is { } stop ? FormatDate(stop) : DBNull.Value;
                p[14].Value = (object?)execution.Output ?? DBNull.Value;
                p[15].Value = (object?)execution.Error ?? DBNull.Value;
                p[16].Value = (object?)execution.Cause ?? DBNull.Value;
                p[17].Value = execution.RedriveCount;
                p[18].Value = execution.RedriveDate is { } redrive ? FormatDate(redrive) : DBNull.Value;
                return _saveMapRunExecution.ExecuteNonQuery();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<StoredMapRunExecution>> LoadMapRunExecutionsAsync(CancellationToken cancellationToken) => Run<IReadOnlyList<StoredMapRunExecution>>(
        () =>
        {
            using var command = Command("SELECT " + MapRunExecutionColumns + " FROM map_run_executions ORDER BY sequence, execution_arn;");
            using var r = command.ExecuteReader();
            var executions = new List<StoredMapRunExecution>();
            while (r.Read())
            {
                executions.Add(ReadRow(r, "map_run_executions", static r => new StoredMapRunExecution
                {
                    ExecutionArn = r.GetString(0),
                    MapRunArn = r.GetString(1),
                    RootExecutionArn = r.GetString(2),
                    Sequence = r.GetInt64(3),
                    Name = r.GetString(4),
                    Type = Enum.Parse<StateMachineType>(r.GetString(5)),
                    StateMachineArn = r.GetString(6),
                    StateMachineName = r.GetString(7),
                    RoleArn = r.GetString(8),
                    Input = r.GetString(9),
                    ItemCount = r.GetInt32(10),
                    StartDate = ParseDate(r.GetString(11)),
                    Status = Enum.Parse<ExecutionStatus>(r.GetString(12)),
                    StopDate = r.IsDBNull(13) ? null : ParseDate(r.GetString(13)),
                    Output = r.IsDBNull(14) ? null : r.GetString(14),
                    Error = r.IsDBNull(15) ? null : r.GetString(15),
                    Cause = r.IsDBNull(16) ? null : r.GetString(16),
                    RedriveCount = r.GetInt32(17),
                    RedriveDate = r.IsDBNull(18) ? null : ParseDate(r.GetString(18)),
                }));
            }

            return executions;
        },
        cancellationToken);

    /// <summary>
    /// Commits every queued write, stops the writer and releases the file. Waits at most
    /// <see cref="SqliteStoreOptions.DisposeTimeout"/>; writes still queued then fail with <see cref="ObjectDisposedException"/>.
    /// </summary>
    /// <returns>A task that completes when the file is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closed = true;
        lock (_wake)
        {
            Monitor.Pulse(_wake);
        }

        try
        {
            await _writerStopped.Task.WaitAsync(_options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            FailQueued(new ObjectDisposedException(nameof(SqliteStepFunctionsStore), "SQLite store '" + Path + "' was disposed before this write was committed."));
        }

        if (_fileLock is not null)
        {
            await _fileLock.DisposeAsync().ConfigureAwait(false);
        }

        await _lockFile.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Queues a write for the writer thread.</summary>
    internal void Enqueue(StoreWrite write)
    {
        if (_closed)
        {
            throw Closed();
        }

        _queue.Enqueue(write);

        // The enqueue is a full fence, so either the writer sees the write before it sleeps or this sees it sleeping.
        if (Volatile.Read(ref _writerSleeping) == 1 && Interlocked.Exchange(ref _writerSleeping, 0) == 1)
        {
            lock (_wake)
            {
                Monitor.Pulse(_wake);
            }
        }

        if (Volatile.Read(ref _writerExited) == 1)
        {
            // The writer stopped while this was queued: nobody will take it.
            FailQueued(Closed());
        }
    }

    /// <summary>Adds one commit's records to a journal (writer thread only, inside the group transaction).</summary>
    internal void InsertJournalEntry(long journalId, long sequence, ReadOnlySpan<byte> records)
    {
        raw.sqlite3_bind_int64(_insertEntry, 1, journalId);
        raw.sqlite3_bind_int64(_insertEntry, 2, sequence);
        raw.sqlite3_bind_blob(_insertEntry, 3, records);
        Step(_insertEntry);
    }

    private ValueTask<T> Run<T>(Func<T> apply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = new StoreOperation<T>(apply);
        Enqueue(operation);
        return new ValueTask<T>(operation.Task.WaitAsync(cancellationToken));
    }

    private void WriteLoop()
    {
        var batch = new List<StoreWrite>();
        try
        {
            while (Take(batch))
            {
                CommitBatch(batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Nothing more can be written: refuse new writes and fail the queued ones rather than leave callers waiting.
            var failure = e is SqliteException sqlite ? Describe(Path, sqlite) : new SqliteStoreException("SQLite store '" + Path + "' writer stopped: " + e.Message, e);
            _closedBy = failure;
            _closed = true;
            foreach (var write in batch)
            {
                write.Fail(failure);
            }

            FailQueued(failure);
        }
        finally
        {
            Interlocked.Exchange(ref _writerExited, 1);
            FailQueued(Closed());
            _begin.Dispose();
            _commit.Dispose();
            _rollback.Dispose();
            _insertEntry.Dispose();
            _noteClock.Dispose();
            _insertJournal.Dispose();
            _findJournal.Dispose();
            _insertExecution.Dispose();
            _replaceExecution.Dispose();
            _releaseClaim.Dispose();
            _claim.Dispose();
            _saveMapRun.Dispose();
            _saveMapRunExecution.Dispose();
            _connection.Dispose();
            _writerStopped.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until writes are queued and takes them (at most <see cref="SqliteStoreOptions.MaxBatchSize"/>); false once the
    /// store is closed and nothing is left. Everything queued while the previous transaction was written goes into the next.
    /// </summary>
    private bool Take(List<StoreWrite> batch)
    {
        while (true)
        {
            while (batch.Count < _options.MaxBatchSize && _queue.TryDequeue(out var write))
            {
                batch.Add(write);
            }

            if (batch.Count > 0)
            {
                return true;
            }

            if (_closed)
            {
                return false;
            }

            lock (_wake)
            {
                Interlocked.Exchange(ref _writerSleeping, 1);
                if (_queue.IsEmpty && !_closed)
                {
                    Monitor.Wait(_wake);
                }

                Interlocked.Exchange(ref _writerSleeping, 0);
            }
        }
    }

    private void CommitBatch(List<StoreWrite> batch)
    {
        try
        {
            Commit(batch);
            foreach (var write in batch)
            {
                write.Complete();
            }
        }
        catch (Exception e) when (batch.Count > 1 && e is SqliteException or SqliteStoreException or ArgumentException or InvalidOperationException or FormatException)
        {
            // One bad write must not fail the others: redo them one transaction each.
            foreach (var write in batch)
            {
                CommitBatch([write]);
            }
        }
        catch (Exception e) when (e is SqliteException or SqliteStoreException or ArgumentException or InvalidOperationException or FormatException)
        {
            var failure = e is SqliteException sqlite ? Describe(Path, sqlite) : e;
            foreach (var write in batch)
            {
                write.Fail(failure);
            }
        }
    }

    private void Commit(List<StoreWrite> batch)
    {
        Step(_begin);
        try
        {
            foreach (var write in batch)
            {
                write.Apply(this);
            }

            // Every commit carries the clock's reading, up to the next millisecond (see ReadClock).
            var now = _options.TimeProvider.GetUtcNow();
            raw.sqlite3_bind_int64(_noteClock, 1, now.ToUnixTimeMilliseconds() + (now.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1));
            Step(_noteClock);
            Step(_commit);
        }
        catch
        {
            // Some errors end the transaction by themselves; roll back only one that is still open.
            if (raw.sqlite3_get_autocommit(_connection.Handle) == 0)
            {
                Step(_rollback);
            }

            throw;
        }

        Interlocked.Increment(ref _committedBatches);
        Interlocked.Add(ref _committedWrites, batch.Count);
        if (batch.Count > _largestBatch)
        {
            Volatile.Write(ref _largestBatch, batch.Count);
        }
    }

    private Exception Closed() => _closedBy is { } failure
        ? new SqliteStoreException(failure.Message, failure)
        : new ObjectDisposedException(nameof(SqliteStepFunctionsStore), "SQLite store '" + Path + "' is disposed.");

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    private sqlite3_stmt PrepareRaw(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return statement;
    }

    private void FailQueued(Exception failure)
    {
        _closed = true;
        while (_queue.TryDequeue(out var write))
        {
            write.Fail(failure);
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    // Ad-hoc commands run on the writer thread inside the batch's transaction (begun by the writer, not by a SqliteTransaction).
    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Bind(SqliteCommand command, StoredExecution e)
    {
        var p = command.Parameters;
        p[0].Value = e.ExecutionArn;
        p[1].Value = e.Sequence;
        p[2].Value = e.Name;
        p[3].Value = e.StateMachineArn;
        p[4].Value = (object?)e.StateMachineVersionArn ?? DBNull.Value;
        p[5].Value = (object?)e.StateMachineAliasArn ?? DBNull.Value;
        p[6].Value = e.StateMachineName;
        p[7].Value = e.Definition;
        p[8].Value = e.RoleArn;
        p[9].Value = e.Type.ToString();
        p[10].Value = (object?)e.RevisionId ?? DBNull.Value;
        p[11].Value = e.Input;
        p[12].Value = (object?)e.TraceHeader ?? DBNull.Value;
        p[13].Value = FormatDate(e.StartDate);
        p[14].Value = e.Status.ToString();
        p[15].Value = e.StopDate is { } stop ? FormatDate(stop) : DBNull.Value;
        p[16].Value = (object?)e.Output ?? DBNull.Value;
        p[17].Value = (object?)e.Error ?? DBNull.Value;
        p[18].Value = (object?)e.Cause ?? DBNull.Value;
        p[19].Value = e.RedriveCount;
        p[20].Value = e.RedriveDate is { } redrive ? FormatDate(redrive) : DBNull.Value;
        p[21].Value = (object?)e.TestCase ?? DBNull.Value;
    }

    /// <summary>
    /// Reads one row; a row that does not read (a status or date this code does not know, a value of the wrong type) is
    /// a <see cref="SqliteStoreException"/> naming the file, the table and the row's key, not a bare parse error.
    /// </summary>
    private T ReadRow<T>(SqliteDataReader reader, string table, Func<SqliteDataReader, T> read)
    {
        try
        {
            return read(reader);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidCastException or OverflowException)
        {
            throw new SqliteStoreException("SQLite store '" + Path + "' is corrupt: the " + table + " row '" + reader.GetValue(0) + "' does not read: " + e.Message, e);
        }
    }

    private static StoredExecution ReadExecution(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? Date(int i) => r.IsDBNull(i) ? null : ParseDate(r.GetString(i));
        return new StoredExecution
        {
            ExecutionArn = r.GetString(0),
            Sequence = r.GetInt64(1),
            Name = r.GetString(2),
            StateMachineArn = r.GetString(3),
            StateMachineVersionArn = Text(4),
            StateMachineAliasArn = Text(5),
            StateMachineName = r.GetString(6),
            Definition = r.GetString(7),
            RoleArn = r.GetString(8),
            Type = Enum.Parse<StateMachineType>(r.GetString(9)),
            RevisionId = Text(10),
            Input = r.GetString(11),
            TraceHeader = Text(12),
            StartDate = ParseDate(r.GetString(13)),
            Status = Enum.Parse<ExecutionStatus>(r.GetString(14)),
            StopDate = Date(15),
            Output = Text(16),
            Error = Text(17),
            Cause = Text(18),
            RedriveCount = r.GetInt32(19),
            RedriveDate = Date(20),
            TestCase = Text(21),
        };
    }

    private static string[] Numbered(int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = "$" + (i + 1).ToString(CultureInfo.InvariantCulture);
        }

        return names;
    }

    private static string FormatCounts(StoredMapRunCounts c) => string.Join(
        ',',
        c.Pending.ToString(CultureInfo.InvariantCulture),
        c.Running.ToString(CultureInfo.InvariantCulture),
        c.Succeeded.ToString(CultureInfo.InvariantCulture),
        c.Failed.ToString(CultureInfo.InvariantCulture),
        c.Aborted.ToString(CultureInfo.InvariantCulture),
        c.TimedOut.ToString(CultureInfo.InvariantCulture),
        c.ResultsWritten.ToString(CultureInfo.InvariantCulture),
        c.Total.ToString(CultureInfo.InvariantCulture));

    private static StoredMapRunCounts ParseCounts(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 8)
        {
            throw new FormatException("Map Run counts '" + text + "' do not have 8 parts.");
        }

        long At(int i) => long.Parse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new StoredMapRunCounts(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }

    private static string FormatDate(DateTimeOffset date) => date.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseDate(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    // The lock file is held by another handle: ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows, the errno of a
    // refused flock (EWOULDBLOCK: 11 on Linux, 35 on macOS and the BSDs) elsewhere. Any other I/O error is not "in use".
    private static bool IsSharingViolation(IOException e) => OperatingSystem.IsWindows()
        ? e.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021)
        : e.GetType() == typeof(IOException) && e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    private static SqliteStoreException Describe(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        11 or 26 => new SqliteStoreException("SQLite store '" + path + "' is corrupt or not a SQLite database: " + e.Message, e),
        5 or 6 => new SqliteStoreException("SQLite store '" + path + "' is locked by another connection: " + e.Message, e),
        13 => new SqliteStoreException("SQLite store '" + path + "' cannot grow (disk full): " + e.Message, e),
        _ => new SqliteStoreException("SQLite store '" + path + "': " + e.Message, e),
    };

    /// <summary>One item of the writer's queue: applied inside a group transaction, completed after it commits.</summary>
    internal abstract class StoreWrite
    {
        /// <summary>Writes (or reads) inside the batch's transaction, on the writer thread.</summary>
        public abstract void Apply(SqliteStepFunctionsStore store);

        /// <summary>The batch committed.</summary>
        public abstract void Complete();

        /// <summary>The batch (or this write) failed.</summary>
        public abstract void Fail(Exception exception);
    }

    private sealed class StoreOperation<T>(Func<T> apply) : StoreWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override void Apply(SqliteStepFunctionsStore store) => _result = apply();

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}
