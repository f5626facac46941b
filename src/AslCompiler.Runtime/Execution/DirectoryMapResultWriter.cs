using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// An <see cref="IMapResultWriter"/> that writes each object a <c>ResultWriter</c> puts to S3 as a file:
/// <c>RootDirectory/bucket/key</c> (UTF-8), the folders of the key made as needed. As S3 refuses a write to a bucket
/// that does not exist, the bucket's folder must exist (else <c>S3.NoSuchBucket</c>, which fails the Map with
/// <c>States.ResultWriterFailed</c>). Keys that would lead out of the bucket's folder are refused
/// (<c>S3.AccessDenied</c>). The same layout as <see cref="DirectoryS3ObjectSource"/>, so one folder can stand in for S3
/// on both sides.
/// </summary>
public sealed class DirectoryMapResultWriter : IMapResultWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes under <paramref name="rootDirectory"/>.</summary>
    public DirectoryMapResultWriter(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
    }

    /// <summary>The folder holding one folder per bucket (a full path).</summary>
    public string RootDirectory { get; }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(MapResultObject result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = S3FolderPath.Object(RootDirectory, result.Bucket, result.Key);
        if (!Directory.Exists(S3FolderPath.Bucket(RootDirectory, result.Bucket)))
        {
            throw new TaskFailedException("S3.NoSuchBucket", "The specified bucket does not exist: there is no folder " + S3FolderPath.Bucket(RootDirectory, result.Bucket)
                + " to write " + S3FolderPath.Uri(result.Bucket, result.Key) + " in.");
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, result.Content, Utf8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskFailedException("S3.InternalError", "Cannot write " + S3FolderPath.Uri(result.Bucket, result.Key) + " to " + path + ": " + e.Message);
        }
    }
}
