using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The Amazon S3 objects an <see cref="S3ItemReader"/> reads for a distributed Map's <c>ItemReader</c>: an object's
/// text by bucket and key, and a bucket's listing. <see cref="InMemoryS3ObjectSource"/> keeps objects in memory,
/// <see cref="DirectoryS3ObjectSource"/> reads them from a folder; one over an S3 client fits as well. A
/// <see cref="TaskFailedException"/> thrown here (access denied, a throttled call ...) fails the Map with
/// <c>States.ItemReaderFailed</c> and its cause. Must be thread-safe.
/// </summary>
public interface IS3ObjectSource
{
    /// <summary>Whether the bucket exists.</summary>
    ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken);

    /// <summary>
    /// The text of an object, decoded from UTF-8 (a byte order mark may be kept: the reader drops it), or null when there
    /// is no such bucket or no object of that key in it.
    /// </summary>
    ValueTask<string?> GetObjectTextAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>
    /// The objects of an existing bucket whose keys start with <paramref name="prefix"/> (empty: every object), in any
    /// order: the reader sorts them as S3 lists them.
    /// </summary>
    ValueTask<IReadOnlyList<S3ObjectSummary>> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken);
}

/// <summary>One object of a bucket's listing, as S3's ListObjectsV2 describes it.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Size">The object's size in bytes.</param>
/// <param name="LastModified">When the object was last written.</param>
/// <param name="ETag">
/// The entity tag, quotes included as S3 gives it: for an object uploaded in one part, the MD5 of its bytes in hex
/// (<see cref="S3ObjectSummary.ETagOf(ReadOnlySpan{byte})"/>).
/// </param>
/// <param name="StorageClass">The storage class (<c>STANDARD</c> unless told otherwise).</param>
public sealed record S3ObjectSummary(string Key, long Size, DateTimeOffset LastModified, string ETag, string StorageClass = "STANDARD")
{
    /// <summary>The ETag S3 gives an object uploaded in one part: the MD5 of its bytes, lower-case hex, in double quotes.</summary>
    public static string ETagOf(ReadOnlySpan<byte> content) => Quote(Hash(content));

    /// <summary>As <see cref="ETagOf(ReadOnlySpan{byte})"/>, over a stream read to its end.</summary>
    public static string ETagOf(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Quote(Hash(content));
    }

    private static string Quote(byte[] hash) => "\"" + Convert.ToHexStringLower(hash) + "\"";

    // S3's own choice of digest for an ETag: an identifier of the content, not a protection of anything.
#pragma warning disable CA5351
    private static byte[] Hash(ReadOnlySpan<byte> content) => MD5.HashData(content);

    private static byte[] Hash(Stream content) => MD5.HashData(content);
#pragma warning restore CA5351
}
