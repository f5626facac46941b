using System.Text;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Language;

/// <summary>
/// Reading a definition of AWS's maximum size (1,048,576 characters) with positions and pointers kept,
/// as JSON and as the ASL model.
/// Goal (issue 2): well under 50 ms. System.Text.Json's JsonDocument is the baseline for scale.
/// </summary>
[MemoryDiagnoser]
public class JsonReaderBenchmarks
{
    private string _text = string.Empty;
    private byte[] _utf8 = [];

    [GlobalSetup]
    public void Setup()
    {
        _text = LargeDefinition.Create(1_048_576);
        _utf8 = Encoding.UTF8.GetBytes(_text);
    }

    [Benchmark(Baseline = true)]
    public int SystemTextJson_JsonDocument()
    {
        using var document = System.Text.Json.JsonDocument.Parse(_utf8);
        return document.RootElement.GetArrayLengthOrPropertyCount();
    }

    [Benchmark]
    public int JsonSyntaxReader_string() => ((JsonObjectSyntax)JsonSyntaxReader.Parse(_text).Root!).Count;

    [Benchmark]
    public int JsonSyntaxReader_utf8() => ((JsonObjectSyntax)JsonSyntaxReader.Parse(_utf8).Root!).Count;

    [Benchmark]
    public int AslDefinitionReader_model() => AslDefinitionReader.Read(_text).Definition!.States.Count;
}

internal static class JsonElementExtensions
{
    public static int GetArrayLengthOrPropertyCount(this System.Text.Json.JsonElement element) =>
        element.ValueKind == System.Text.Json.JsonValueKind.Array ? element.GetArrayLength() : element.GetPropertyCount();
}
