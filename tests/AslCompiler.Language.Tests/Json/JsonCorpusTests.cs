using System.Text.Json;
using System.Text.Json.Nodes;
using AslCompiler.Language.Json;
using AslCompiler.Language.Tests.Infrastructure;

namespace AslCompiler.Language.Tests.Json;

/// <summary>Every JSON file of the shared corpus: we accept exactly what System.Text.Json accepts, with the same value.</summary>
public class JsonCorpusTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        var root = FindCorpus();
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Fact]
    public void The_corpus_is_there()
    {
        Assert.True(CorpusFiles().Count > 3000);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_file_reads_like_System_Text_Json(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(FindCorpus(), relativePath));
        var result = JsonSyntaxReader.Parse(bytes);

        JsonNode? expected;
        try
        {
            expected = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 600 });
        }
        catch (JsonException)
        {
            Assert.Null(result.Root);
            Assert.NotNull(result.FatalError);
            return;
        }

        if (result.FatalError?.Kind == JsonErrorKind.LoneSurrogate)
        {
            // System.Text.Json lets an escaped lone surrogate through; RFC 8259 text must be Unicode, so we refuse it.
            Assert.Matches(@"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", System.Text.Encoding.UTF8.GetString(bytes));
            return;
        }

        Assert.True(result.Root is not null, string.Join("; ", result.Diagnostics));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Root.ToJsonString())));
    }

    private static string FindCorpus() => CorpusPaths.Corpus;
}
