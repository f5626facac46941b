using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// A distributed Map's <c>ItemReader</c> over Amazon S3 objects from an <see cref="IS3ObjectSource"/>: it fetches the
/// object(s) the reader's <c>Parameters</c> name and parses them as Step Functions does, so an application supplies
/// the objects' text rather than the items. Plug it in with
/// <c>new ExecutionOptions { ItemReader = new S3ItemReader(objects).ReadAsync }</c>.
/// </summary>
/// <remarks>
/// <para><c>arn:aws:states:::s3:getObject</c> (<c>Bucket</c>, <c>Key</c>; a <c>VersionId</c> is ignored) reads one
/// object as its <c>ReaderConfig.InputType</c> says:</para>
/// <list type="bullet">
/// <item><c>JSON</c>: the object's JSON value (with <c>ItemsPointer</c>, the value that JSON Pointer selects). A
/// value that is not an array is returned as it is, and the Map fails with <c>Attempting to map over non-iterable
/// node.</c></item>
/// <item><c>JSONL</c>: one JSON value per line; blank lines are skipped.</item>
/// <item><c>CSV</c>: one object per record, header to field (all strings), in the order AWS's Java runtime gives
/// such a map (<see cref="AslCompiler.Language.JsonPath.JavaHashMapOrder"/>). The header is the first record
/// (<c>CSVHeaderLocation</c> <c>FIRST_ROW</c>, the default) or <c>CSVHeaders</c> (<c>GIVEN</c>); fields are
/// separated by <c>CSVDelimiter</c> (<c>COMMA</c>, the default, <c>PIPE</c>, <c>SEMICOLON</c>, <c>SPACE</c>,
/// <c>TAB</c>). Missing fields are empty strings, extra fields are dropped, empty lines are skipped. Quotes are
/// optional; a quoted field holds delimiters and line breaks; <c>""</c> is one quote, inside or outside quotes; a
/// backslash escapes a backslash, a quote or the delimiter and is dropped before anything else. LF, CRLF and CR end
/// records; a leading byte order mark is dropped.</item>
/// <item><c>MANIFEST</c> and <c>PARQUET</c> are not read: the Map fails, naming the input type; so is a
/// <c>ManifestType</c> (<c>S3_INVENTORY</c>, <c>ATHENA_DATA</c>), naming it.</item>
/// </list>
/// <para><c>arn:aws:states:::s3:listObjectsV2</c> (<c>Bucket</c>, optional <c>Prefix</c>) gives one item per object,
/// in key order (UTF-8 binary, as S3 lists): <c>{"Etag","Key","LastModified","Size","StorageClass"}</c>, the ETag in
/// quotes and LastModified in epoch seconds, as Step Functions passes them. With <c>ReaderConfig.Transformation</c>
/// <c>LOAD_AND_FLATTEN</c> each listed object is read as <c>InputType</c> says and the items of all of them follow
/// one another (zero-byte keys ending in <c>/</c>, S3's folder markers, are skipped).</para>
/// <para>A missing bucket or object is <c>S3.NoSuchBucket</c> / <c>S3.NoSuchKey</c>, an object that does not parse
/// names the object and the line: both as a <see cref="TaskFailedException"/>, which the kernel reports as
/// <c>States.ItemReaderFailed</c> with that cause. Parsing is linear in the object's size.</para>
/// </remarks>
public sealed class S3ItemReader
{
    private const string GetObject = "s3:getObject";
    private const string ListObjects = "s3:listObjectsV2";

    /// <summary>Reads from <paramref name="objects"/>.</summary>
    public S3ItemReader(IS3ObjectSource objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        Objects = objects;
    }

    /// <summary>Where the objects come from.</summary>
    public IS3ObjectSource Objects { get; }

    /// <summary>
    /// Reads a Map's items: the signature of <see cref="ExecutionOptions.ItemReader"/>. Throws a
    /// <see cref="TaskFailedException"/> when the items cannot be read.
    /// </summary>
    public async ValueTask<JsonValue> ReadAsync(ItemReaderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = ActionOf(request.Resource);
        if (action is not (GetObject or ListObjects))
        {
            throw Failed("The S3 item reader reads the resources arn:aws:states:::s3:getObject and arn:aws:states:::s3:listObjectsV2, not '" + request.Resource + "'.");
        }

        var bucket = StringParameter(request, "Bucket") ?? throw Failed("The ItemReader's Parameters need a string Bucket for " + request.Resource + ".");
        if (action == GetObject)
        {
            var key = StringParameter(request, "Key") ?? throw Failed("The ItemReader's Parameters need a string Key for " + request.Resource + ".");
            if (request.ReaderConfig["ManifestType"].TryGetString(out var manifest))
            {
                // An S3 inventory's manifest takes no InputType (AWS's ItemReader page): say what is missing rather than ask for one.
                throw Failed("ReaderConfig.ManifestType " + manifest + " is not supported by the S3 item reader: it reads CSV, JSON and JSONL objects and S3 listings, not manifests.");
            }

            var format = S3ItemFormat.Parse(request.ReaderConfig);
            var text = await GetTextAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return format.Read(text, S3FolderPath.Uri(bucket, key));
        }

        var prefix = StringParameter(request, "Prefix") ?? string.Empty;
        var transformation = request.ReaderConfig["Transformation"].TryGetString(out var t) ? t : "NONE";
        if (transformation is not ("NONE" or "LOAD_AND_FLATTEN"))
        {
            throw Failed("ReaderConfig.Transformation must be NONE or LOAD_AND_FLATTEN, not '" + transformation + "'.");
        }

        var flatten = transformation == "LOAD_AND_FLATTEN" ? S3ItemFormat.Parse(request.ReaderConfig) : null;
        if (!await Objects.BucketExistsAsync(bucket, cancellationToken).ConfigureAwait(false))
        {
            throw NoSuchBucket(bucket);
        }

        var listed = await ListAsync(bucket, prefix, cancellationToken).ConfigureAwait(false);
        if (flatten is null)
        {
            return JsonValue.FromArray(JsonArrayValue.FromOwnedArray(listed.Select(ItemOf).ToArray()));
        }

        var items = new List<JsonValue>();
        foreach (var summary in listed)
        {
            if (summary.Size == 0 && summary.Key.EndsWith('/'))
            {
                continue;
            }

            var name = S3FolderPath.Uri(bucket, summary.Key);
            var read = flatten.Read(await GetTextAsync(bucket, summary.Key, cancellationToken).ConfigureAwait(false), name);
            if (!read.TryGetArray(out var array))
            {
                throw Failed("Attempting to map over non-iterable node. (" + name + " holds no list.)");
            }

            items.AddRange(array);
        }

        return JsonValue.FromArray(JsonArrayValue.FromOwnedArray(items.ToArray()));
    }

    /// <summary>An item of an S3 listing as Step Functions passes it to a child (members in its order).</summary>
    private static JsonValue ItemOf(S3ObjectSummary summary) => JsonValue.CreateObject(
        new("Etag", summary.ETag),
        new("Key", summary.Key),
        new("LastModified", JsonValue.FromNumber((double)summary.LastModified.ToUnixTimeSeconds())),
        new("Size", summary.Size),
        new("StorageClass", summary.StorageClass));

    private async ValueTask<string> GetTextAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        if (await Objects.GetObjectTextAsync(bucket, key, cancellationToken).ConfigureAwait(false) is { } text)
        {
            return text;
        }

        throw await Objects.BucketExistsAsync(bucket, cancellationToken).ConfigureAwait(false)
            ? new TaskFailedException("S3.NoSuchKey", "NoSuchKey: The specified key does not exist. (Bucket: " + bucket + ", Key: " + key + ")")
            : NoSuchBucket(bucket);
    }

    private async ValueTask<S3ObjectSummary[]> ListAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var listed = await Objects.ListObjectsAsync(bucket, prefix, cancellationToken).ConfigureAwait(false);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var result = listed.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

        // S3 lists keys in the binary order of their UTF-8 bytes (which UTF-16 ordinal order is not, past U+D7FF).
        Array.Sort(result, (a, b) => Utf8(a.Key).AsSpan().SequenceCompareTo(Utf8(b.Key)));
        return result;

        byte[] Utf8(string key) => keys.TryGetValue(key, out var bytes) ? bytes : keys[key] = Encoding.UTF8.GetBytes(key);
    }

    private static TaskFailedException NoSuchBucket(string bucket) =>
        new("S3.NoSuchBucket", "NoSuchBucket: The specified bucket does not exist. (Bucket: " + bucket + ")");

    private static string? StringParameter(ItemReaderRequest request, string name) =>
        request.Parameters[name].TryGetString(out var value) ? value : null;

    /// <summary>The S3 action of a resource, <c>arn:PARTITION:states:::s3:ACTION</c>, or null.</summary>
    private static string? ActionOf(string resource)
    {
        var separator = resource.IndexOf(":::", StringComparison.Ordinal);
        return separator > 0 && resource.StartsWith("arn:", StringComparison.Ordinal) && resource.AsSpan(0, separator).EndsWith(":states", StringComparison.Ordinal)
            ? resource[(separator + 3)..]
            : null;
    }

    internal static TaskFailedException Failed(string cause) => new(StatesErrors.ItemReaderFailed, cause);
}
