using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// An <see cref="IS3ObjectSource"/> that keeps its objects in memory: <see cref="Put"/> stores text under a bucket and
/// key (making the bucket if needed), as a test or an application hands a distributed Map its data. A later
/// <see cref="Put"/> to the same key replaces the object, as S3 does. Thread-safe.
/// </summary>
public sealed class InMemoryS3ObjectSource : IS3ObjectSource
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StoredObject>> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty source whose objects are dated by the system clock.</summary>
    public InMemoryS3ObjectSource()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty source whose objects are dated by <paramref name="timeProvider"/> (their LastModified).</summary>
    public InMemoryS3ObjectSource(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Makes an empty bucket (nothing changes if it exists).</summary>
    public InMemoryS3ObjectSource CreateBucket(string bucket)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        _ = Bucket(bucket);
        return this;
    }

    /// <summary>Stores <paramref name="text"/> (as UTF-8) under <paramref name="bucket"/> and <paramref name="key"/>.</summary>
    public InMemoryS3ObjectSource Put(string bucket, string key, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);

        // S3 keeps LastModified to the second.
        var now = DateTimeOffset.FromUnixTimeSeconds(_timeProvider.GetUtcNow().ToUnixTimeSeconds());
        Bucket(bucket)[key] = new StoredObject(text, new S3ObjectSummary(key, bytes.Length, now, S3ObjectSummary.ETagOf(bytes)));
        return this;
    }

    /// <summary>Removes an object; false when there was none.</summary>
    public bool Delete(string bucket, string key)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        return _buckets.TryGetValue(bucket, out var objects) && objects.TryRemove(key, out _);
    }

    /// <inheritdoc/>
    public ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return ValueTask.FromResult(_buckets.ContainsKey(bucket));
    }

    /// <inheritdoc/>
    public ValueTask<string?> GetObjectTextAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_buckets.TryGetValue(bucket, out var objects) && objects.TryGetValue(key, out var stored) ? stored.Text : null);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<S3ObjectSummary>> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        IReadOnlyList<S3ObjectSummary> listed = _buckets.TryGetValue(bucket, out var objects)
            ? objects.Values.Select(o => o.Summary).Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToArray()
            : [];
        return ValueTask.FromResult(listed);
    }

    private ConcurrentDictionary<string, StoredObject> Bucket(string bucket) =>
        _buckets.GetOrAdd(bucket, static _ => new ConcurrentDictionary<string, StoredObject>(StringComparer.Ordinal));

    private sealed record StoredObject(string Text, S3ObjectSummary Summary);
}
