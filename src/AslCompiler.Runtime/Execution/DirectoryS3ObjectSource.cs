using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// An <see cref="IS3ObjectSource"/> over a folder: each sub-folder of <see cref="RootDirectory"/> is a bucket, and the
/// object <c>key</c> of bucket <c>b</c> is the file <c>RootDirectory/b/key</c> (<c>/</c> in a key separates
/// folders). Keys that would lead out of their bucket's folder (<c>..</c>, a leading <c>/</c>) are refused with
/// <c>S3.AccessDenied</c>; a file that cannot be read is a <see cref="TaskFailedException"/> naming it. Listings
/// give each file's size, last write time, ETag (the MD5 of its bytes, as S3 gives for a single-part upload) and
/// <c>STANDARD</c>; symbolic links are not followed when listing.
/// </summary>
public sealed class DirectoryS3ObjectSource : IS3ObjectSource
{
    // As Java decodes S3 bytes into a string: invalid UTF-8 becomes U+FFFD rather than an error.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads buckets and objects from <paramref name="rootDirectory"/> (which need not exist yet).</summary>
    public DirectoryS3ObjectSource(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
    }

    /// <summary>The folder holding one folder per bucket (a full path).</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// The largest object read (256 MiB): its text and the items parsed from it must fit in the process, which a file of
    /// gigabytes would not. A larger file fails the read (<c>S3.ObjectTooLarge</c>) rather than the process.
    /// </summary>
    public const long MaxObjectBytes = 256L * 1024 * 1024;

    /// <inheritdoc/>
    public ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return ValueTask.FromResult(Directory.Exists(S3FolderPath.Bucket(RootDirectory, bucket)));
    }

    /// <inheritdoc/>
    public async ValueTask<string?> GetObjectTextAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(key);
        var path = S3FolderPath.Object(RootDirectory, bucket, key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxObjectBytes)
            {
                throw new TaskFailedException(
                    "S3.ObjectTooLarge",
                    S3FolderPath.Uri(bucket, key) + " (" + path + ") holds " + length.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + " bytes; a folder standing in for S3 serves objects of up to " + MaxObjectBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes.");
            }

            return Utf8.GetString(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(S3FolderPath.Uri(bucket, key), path, e);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<S3ObjectSummary>> ListObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        var folder = S3FolderPath.Bucket(RootDirectory, bucket);
        var listed = new List<S3ObjectSummary>();
        if (!Directory.Exists(folder))
        {
            return ValueTask.FromResult<IReadOnlyList<S3ObjectSummary>>(listed);
        }

        try
        {
            // Reparse points are skipped so that a link to a parent folder cannot make the listing endless.
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            foreach (var path in Directory.EnumerateFiles(folder, "*", options))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var file = new FileInfo(path);
                using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 81920, FileOptions.SequentialScan);
                listed.Add(new S3ObjectSummary(key, file.Length, DateTimeOffset.FromUnixTimeSeconds(new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeSeconds()), S3ObjectSummary.ETagOf(content)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead("s3://" + bucket, folder, e);
        }

        return ValueTask.FromResult<IReadOnlyList<S3ObjectSummary>>(listed);
    }

    private static TaskFailedException CannotRead(string name, string path, Exception e) =>
        new("S3.InternalError", "Cannot read " + name + " from " + path + ": " + e.Message);
}
