using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>--s3 DIR</c> of <c>asl run</c> and <c>asl serve</c>: a folder that stands in for Amazon S3, one sub-folder per
/// bucket. A distributed Map's <c>ItemReader</c> reads <c>DIR/bucket/key</c> (<see cref="S3ItemReader"/> over a
/// <see cref="DirectoryS3ObjectSource"/>) and its <c>ResultWriter</c> writes its files there
/// (<see cref="DirectoryMapResultWriter"/>).
/// </summary>
internal static class S3FolderArgument
{
    public const string Name = "--s3";

    public const string Description = "A folder that stands in for Amazon S3, one sub-folder per bucket: a distributed Map's ItemReader reads DIR/<bucket>/<key> "
        + "(s3:getObject as CSV, JSON or JSONL; s3:listObjectsV2) and its ResultWriter writes its result files there.";

    /// <summary>Reads the option (null when absent); false, with a message naming the option, when the folder is not usable.</summary>
    public static bool TryRead(string? path, TextWriter error, out S3Folder? folder)
    {
        folder = null;
        if (path is null)
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            error.WriteLine($"asl: {Name} needs the path of a folder.");
            return false;
        }

        if (File.Exists(path))
        {
            error.WriteLine($"asl: {Name}: '{path}' is a file; give a folder that holds one folder per bucket.");
            return false;
        }

        if (!Directory.Exists(path))
        {
            error.WriteLine($"asl: {Name}: there is no folder '{path}'.");
            return false;
        }

        try
        {
            // A folder that cannot be listed would only fail the first Map that reads from it: say so now.
            using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
            _ = entries.MoveNext();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"asl: {Name}: cannot read '{path}': {e.Message}");
            return false;
        }

        folder = new S3Folder(new S3ItemReader(new DirectoryS3ObjectSource(path)), new DirectoryMapResultWriter(path));
        return true;
    }
}

/// <summary>The readers and writers of an <c>--s3</c> folder, as <see cref="ExecutionOptions"/> takes them.</summary>
internal sealed record S3Folder(S3ItemReader Reader, DirectoryMapResultWriter Writer)
{
    /// <summary>For <see cref="ExecutionOptions.ItemReader"/>.</summary>
    public Func<ItemReaderRequest, CancellationToken, ValueTask<JsonValue>> ItemReader => Reader.ReadAsync;

    /// <summary>For <see cref="ExecutionOptions.ResultWriter"/>.</summary>
    public IMapResultWriter ResultWriter => Writer;
}
