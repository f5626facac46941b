using System;
using System.IO;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Where a folder that stands in for S3 keeps an object: <c>root/bucket/key</c>, the key's <c>/</c> separating folders.
/// A bucket that is not one folder name, and a key that would lead out of its bucket's folder (a <c>.</c> or <c>..</c>
/// segment, a leading <c>/</c>, anything the full path does not keep under the bucket) are refused with a
/// <see cref="TaskFailedException"/>, so a definition cannot read or write files elsewhere.
/// </summary>
internal static class S3FolderPath
{
    /// <summary>The folder of <paramref name="bucket"/> under <paramref name="root"/> (a full path).</summary>
    public static string Bucket(string root, string bucket)
    {
        if (bucket.Length == 0 || bucket is "." or ".." || bucket.AsSpan().IndexOfAny('/', '\\', '\0') >= 0 || bucket.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new TaskFailedException("S3.InvalidBucketName", "The bucket name '" + bucket + "' does not name a folder of " + root + ".");
        }

        return Path.Combine(root, bucket);
    }

    /// <summary>The file of <paramref name="key"/> in <paramref name="bucket"/> under <paramref name="root"/> (a full path).</summary>
    public static string Object(string root, string bucket, string key)
    {
        var folder = Bucket(root, bucket);
        if (key.Length == 0 || key[0] == '/' || key.Contains('\0', StringComparison.Ordinal) || HasDotSegment(key, '/') || (Path.DirectorySeparatorChar == '\\' && HasDotSegment(key, '\\')))
        {
            throw Refused(root, bucket, key);
        }

        string path;
        try
        {
            path = Path.GetFullPath(Path.Combine(folder, key));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Refused(root, bucket, key);
        }

        return path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : throw Refused(root, bucket, key);
    }

    /// <summary>The S3 name of an object, for messages: <c>s3://bucket/key</c>.</summary>
    public static string Uri(string bucket, string key) => "s3://" + bucket + "/" + key;

    private static bool HasDotSegment(string key, char separator)
    {
        foreach (var segment in key.Split(separator))
        {
            if (segment is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    private static TaskFailedException Refused(string root, string bucket, string key) =>
        new("S3.AccessDenied", "The key '" + key + "' of bucket '" + bucket + "' does not name a file inside " + Path.Combine(root, bucket)
            + ": a key may not start with '/' nor hold a '.' or '..' segment.");
}
