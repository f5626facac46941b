using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A folder standing in for S3 (<c>root/bucket/key</c>): <see cref="DirectoryS3ObjectSource"/> reads and lists it,
/// <see cref="DirectoryMapResultWriter"/> writes to it, and neither reaches outside a bucket's folder.
/// </summary>
public sealed class S3FolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("asl-s3-folder-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task An_object_past_the_size_a_folder_serves_fails_the_read_naming_it()
    {
        var path = Write("b/huge.csv", string.Empty);
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(DirectoryS3ObjectSource.MaxObjectBytes + 1); // sparse: no disk is written
        }

        var error = await Assert.ThrowsAsync<TaskFailedException>(async () => await new DirectoryS3ObjectSource(_root).GetObjectTextAsync("b", "huge.csv", CancellationToken.None));
        Assert.Equal("S3.ObjectTooLarge", error.Error);
        Assert.StartsWith("s3://b/huge.csv (", error.ErrorCause, StringComparison.Ordinal);
        Assert.Contains("holds 268435457 bytes", error.ErrorCause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_is_the_file_under_its_bucket_folder()
    {
        Write("b/data/in.csv", "a,b\n1,2\n");
        var objects = new DirectoryS3ObjectSource(_root);
        Assert.Equal("a,b\n1,2\n", await objects.GetObjectTextAsync("b", "data/in.csv", CancellationToken.None));
        Assert.Null(await objects.GetObjectTextAsync("b", "data/other.csv", CancellationToken.None));
        Assert.Null(await objects.GetObjectTextAsync("b", "data", CancellationToken.None));
        Assert.True(await objects.BucketExistsAsync("b", CancellationToken.None));
        Assert.False(await objects.BucketExistsAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_read_as_replacement_characters()
    {
        Directory.CreateDirectory(Path.Combine(_root, "b"));
        await File.WriteAllBytesAsync(Path.Combine(_root, "b", "k"), [(byte)'a', 0xFF, (byte)'b']);
        Assert.Equal("a\uFFFDb", await new DirectoryS3ObjectSource(_root).GetObjectTextAsync("b", "k", CancellationToken.None));
    }

    [Fact]
    public async Task A_listing_gives_every_file_under_the_prefix_with_its_key_size_and_ETag()
    {
        Write("b/logs/2024/a.log", "hi");
        Write("b/logs/b.log", "");
        Write("b/other.txt", "x");
        var listed = await new DirectoryS3ObjectSource(_root).ListObjectsAsync("b", "logs/", CancellationToken.None);
        var byKey = listed.ToDictionary(s => s.Key, StringComparer.Ordinal);
        Assert.Equal(["logs/2024/a.log", "logs/b.log"], byKey.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, byKey["logs/2024/a.log"].Size);
        Assert.Equal("\"49f68a5c8493ec2c0bf489821c21fc3b\"", byKey["logs/2024/a.log"].ETag);
        Assert.Equal("\"d41d8cd98f00b204e9800998ecf8427e\"", byKey["logs/b.log"].ETag);
        Assert.Equal("STANDARD", byKey["logs/b.log"].StorageClass);
        Assert.Equal(0, byKey["logs/b.log"].LastModified.Millisecond);
    }

    [Theory]
    [InlineData("../secret.csv")]
    [InlineData("data/../../secret.csv")]
    [InlineData("./in.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("a\0b")]
    public async Task A_key_that_leads_out_of_its_bucket_folder_is_refused(string key)
    {
        Write("secret.csv", "top,secret\n1,2\n");
        Write("b/in.csv", "a\n1\n");
        var objects = new DirectoryS3ObjectSource(_root);
        var e = await Assert.ThrowsAsync<TaskFailedException>(() => objects.GetObjectTextAsync("b", key, CancellationToken.None).AsTask());
        Assert.Equal("S3.AccessDenied", e.Error);
        Assert.Contains("'" + key + "'", e.ErrorCause, StringComparison.Ordinal);

        // Through the reader the refusal is the Map's cause, and nothing of the file outside is read.
        var read = await Assert.ThrowsAsync<TaskFailedException>(() => new S3ItemReader(objects).ReadAsync(
            new ItemReaderRequest("arn:aws:states:::s3:getObject", JsonValue.CreateObject(new("Bucket", "b"), new("Key", key)), JsonValue.Parse("""{"InputType":"CSV"}""")),
            CancellationToken.None).AsTask());
        Assert.DoesNotContain("secret,", read.ErrorCause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task A_bucket_that_is_not_one_folder_name_is_refused(string bucket)
    {
        var e = await Assert.ThrowsAsync<TaskFailedException>(() => new DirectoryS3ObjectSource(_root).GetObjectTextAsync(bucket, "k", CancellationToken.None).AsTask());
        Assert.Equal("S3.InvalidBucketName", e.Error);
    }

    [Fact]
    public async Task The_result_writer_writes_each_object_as_a_file_in_its_bucket_folder()
    {
        Directory.CreateDirectory(Path.Combine(_root, "out"));
        var writer = new DirectoryMapResultWriter(_root);
        await writer.WriteAsync(new MapResultObject("arn:aws:states:::s3:putObject", "out", "results/run-1/manifest.json", """{"é":1}""", "arn:mapRun"), CancellationToken.None);
        var path = Path.Combine(_root, "out", "results", "run-1", "manifest.json");
        Assert.Equal(Encoding.UTF8.GetBytes("""{"é":1}"""), await File.ReadAllBytesAsync(path));

        // What it writes, the folder source reads back.
        Assert.Equal("""{"é":1}""", await new DirectoryS3ObjectSource(_root).GetObjectTextAsync("out", "results/run-1/manifest.json", CancellationToken.None));
    }

    [Fact]
    public async Task The_result_writer_needs_the_bucket_folder_as_S3_needs_the_bucket()
    {
        var e = await Assert.ThrowsAsync<TaskFailedException>(() => new DirectoryMapResultWriter(_root)
            .WriteAsync(new MapResultObject("arn:aws:states:::s3:putObject", "nobucket", "r/manifest.json", "{}", "arn:mapRun"), CancellationToken.None).AsTask());
        Assert.Equal("S3.NoSuchBucket", e.Error);
        Assert.False(Directory.Exists(Path.Combine(_root, "nobucket")));
    }

    [Theory]
    [InlineData("../escaped.json")]
    [InlineData("/tmp/escaped.json")]
    public async Task The_result_writer_refuses_keys_that_lead_out_of_the_bucket_folder(string key)
    {
        Directory.CreateDirectory(Path.Combine(_root, "out"));
        var e = await Assert.ThrowsAsync<TaskFailedException>(() => new DirectoryMapResultWriter(_root)
            .WriteAsync(new MapResultObject("arn:aws:states:::s3:putObject", "out", key, "{}", "arn:mapRun"), CancellationToken.None).AsTask());
        Assert.Equal("S3.AccessDenied", e.Error);
        Assert.False(File.Exists(Path.Combine(_root, "escaped.json")));
    }
}
