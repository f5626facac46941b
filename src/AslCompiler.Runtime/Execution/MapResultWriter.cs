using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Where a distributed Map's <c>ResultWriter</c> writes the results of its child workflow executions (on AWS: S3
/// objects under <c>Prefix/MapRunId/</c>). The kernel hands it, in order, each results file
/// (<c>SUCCEEDED_0.json</c>, <c>FAILED_0.json</c>, <c>PENDING_0.json</c>, only those with entries) and then
/// <c>manifest.json</c>. Throwing fails the Map state with <c>States.ResultWriterFailed</c> (a
/// <see cref="TaskFailedException"/>'s cause, or the exception's message, becomes the cause). Must be thread-safe.
/// </summary>
public interface IMapResultWriter
{
    /// <summary>Writes one object.</summary>
    ValueTask WriteAsync(MapResultObject result, CancellationToken cancellationToken);
}

/// <summary>One object a <c>ResultWriter</c> writes.</summary>
/// <param name="Resource">The writer resource, e.g. <c>arn:aws:states:::s3:putObject</c>.</param>
/// <param name="Bucket">The bucket (the evaluated <c>Parameters</c>/<c>Arguments</c>' <c>Bucket</c>).</param>
/// <param name="Key">The object key: <c>Prefix/MapRunId/SUCCEEDED_0.json</c>, <c>.../manifest.json</c> ...</param>
/// <param name="Content">The object's text: a JSON array, JSON Lines (<c>OutputType</c> JSONL), or the manifest.</param>
/// <param name="MapRunArn">The Map Run whose results these are.</param>
public sealed record MapResultObject(string Resource, string Bucket, string Key, string Content, string MapRunArn);

/// <summary>
/// The default <see cref="IMapResultWriter"/>: keeps every object written in memory, by bucket and key, so an
/// application or a test reads them back (<see cref="Read"/>, <see cref="Objects"/>). A later write to the same key
/// replaces the object, as S3 does.
/// </summary>
public sealed class InMemoryMapResultWriter : IMapResultWriter
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), MapResultObject> _objects = new();

    /// <summary>Every object written, ordered by bucket and key.</summary>
    public IReadOnlyList<MapResultObject> Objects =>
        _objects.Values.OrderBy(o => o.Bucket, StringComparer.Ordinal).ThenBy(o => o.Key, StringComparer.Ordinal).ToArray();

    /// <inheritdoc/>
    public ValueTask WriteAsync(MapResultObject result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        _objects[(result.Bucket, result.Key)] = result;
        return ValueTask.CompletedTask;
    }

    /// <summary>The text of an object, or null when nothing was written there.</summary>
    public string? Read(string bucket, string key) => _objects.TryGetValue((bucket, key), out var o) ? o.Content : null;

    /// <summary>An object parsed as JSON (a results file in JSON form, or a manifest), or undefined when absent.</summary>
    public JsonValue ReadJson(string bucket, string key) => Read(bucket, key) is { } text ? JsonValue.Parse(text) : default;

    /// <summary>Forgets every object.</summary>
    public void Clear() => _objects.Clear();
}
