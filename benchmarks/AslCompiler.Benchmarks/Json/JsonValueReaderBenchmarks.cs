using System.Globalization;
using System.Linq;
using System.Text.Json;
using JsonNode = System.Text.Json.Nodes.JsonNode;
using AslCompiler.Benchmarks.Execution;
using AslCompiler.Runtime.Json;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Json;

/// <summary>
/// Reading an execution's input as the API reads it (<see cref="JsonValue.Parse(string, int)"/> from the request's text):
/// workflow20's input, and a payload near the 256 KiB limit made of 1,500 objects of one shape. System.Text.Json's
/// <see cref="System.Text.Json.Nodes.JsonNode"/> (a mutable tree of the same text) is the baseline; <see cref="JsonDocument"/> (read-only,
/// pooled) is shown for scale.
/// </summary>
[MemoryDiagnoser]
public class JsonValueReaderBenchmarks
{
    private string _text = string.Empty;

    /// <summary>Which document: <c>workflow20</c> (150 bytes) or <c>payload</c> (about 250 KB).</summary>
    [Params("workflow20", "payload")]
    public string Document { get; set; } = "workflow20";

    /// <summary>Reads the document's text.</summary>
    [GlobalSetup]
    public void Setup() => _text = Document == "workflow20"
        ? BenchFiles.Workflow20Input()
        : "{\"orders\":[" + string.Join(",", Enumerable.Range(0, 1_500).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"orderId\":\"A-{i}\",\"customer\":{{\"id\":{i},\"name\":\"Customer {i}\",\"vip\":{(i % 3 == 0 ? "true" : "false")}}},\"items\":[{{\"sku\":\"s{i % 40}\",\"qty\":{i % 9},\"price\":{i % 50}.25}}],\"note\":null}}"))) + "]}";

    /// <summary>System.Text.Json's mutable tree.</summary>
    [Benchmark(Baseline = true)]
    public JsonNode? SystemTextJson_JsonNode() => JsonNode.Parse(_text);

    /// <summary>System.Text.Json's read-only document.</summary>
    [Benchmark]
    public int SystemTextJson_JsonDocument()
    {
        using var document = JsonDocument.Parse(_text);
        return document.RootElement.GetPropertyCount();
    }

    /// <summary>The runtime's immutable values.</summary>
    [Benchmark]
    public JsonValue JsonValue_Parse() => JsonValue.Parse(_text);
}
