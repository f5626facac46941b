using System.Text.Json;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Tests.Infrastructure;

namespace AslCompiler.Language.Tests.Model;

/// <summary>One definition of the shared corpus and whether the corpus marks it valid.</summary>
internal sealed record CorpusDefinition(string Id, bool ExpectedValid)
{
    /// <summary>Reads the definition: the whole file, or the <c>definition</c> member of a LocalStack case.</summary>
    public AslParseResult Read()
    {
        if (Id.EndsWith("#definition", StringComparison.Ordinal))
        {
            var file = Id.Substring(0, Id.Length - "#definition".Length);
            var json = JsonSyntaxReader.Parse(File.ReadAllText(CorpusPaths.InCorpus(file)));
            Assert.True(json.Success, $"{file}: {string.Join("; ", json.Diagnostics)}");
            var definition = ((JsonObjectSyntax)json.Root!)["definition"];
            Assert.NotNull(definition);
            return AslDefinitionReader.Read(definition!);
        }

        var path = Id.StartsWith("bench/", StringComparison.Ordinal)
            ? Path.Combine(CorpusPaths.Shared, Id)
            : CorpusPaths.InCorpus(Id);
        return AslDefinitionReader.Read(File.ReadAllText(path));
    }
}

/// <summary>The corpus definitions the model must read (see each corpus README for the layout).</summary>
internal static class ModelCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusDefinition>> AllLazy = new(Load);

    public static IReadOnlyList<CorpusDefinition> All => AllLazy.Value;

    public static IEnumerable<object[]> AllIds() => All.Select(d => new object[] { d.Id });

    public static IEnumerable<object[]> ValidIds() => All.Where(d => d.ExpectedValid).Select(d => new object[] { d.Id });

    public static CorpusDefinition Get(string id) => All.Single(d => d.Id == id);

    private static List<CorpusDefinition> Load()
    {
        var list = new List<CorpusDefinition>();

        // asl-validator: validity comes from the file name prefix.
        foreach (var file in Files("asl-validator/definitions", "*.json"))
        {
            list.Add(new CorpusDefinition("asl-validator/definitions/" + file, file.StartsWith("valid-", StringComparison.Ordinal)));
        }

        // statelint: validity comes from the manifest.
        var statelintValid = new HashSet<string>(StringComparer.Ordinal);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(CorpusPaths.InCorpus("statelint/manifest.json"))))
        {
            foreach (var item in manifest.RootElement.GetProperty("cases").EnumerateArray())
            {
                if (item.GetProperty("expected").GetString() == "valid")
                {
                    statelintValid.Add("statelint/" + item.GetProperty("file").GetString());
                }
            }
        }

        foreach (var folder in new[] { "statelint/definitions", "statelint/inline" })
        {
            foreach (var file in Files(folder, "*.json"))
            {
                var id = folder + "/" + file;
                list.Add(new CorpusDefinition(id, statelintValid.Contains(id)));
            }
        }

        // asl-service: valid when the manifest expects no diagnostics at all.
        var serviceValid = new HashSet<string>(StringComparer.Ordinal);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(CorpusPaths.InCorpus("asl-service/manifest.json"))))
        {
            foreach (var item in manifest.RootElement.GetProperty("cases").EnumerateArray())
            {
                if (item.TryGetProperty("expectedDiagnostics", out var expected) &&
                    expected.ValueKind == JsonValueKind.Array &&
                    expected.GetArrayLength() == 0)
                {
                    serviceValid.Add("asl-service/" + item.GetProperty("fixture").GetString());
                }
            }
        }

        foreach (var file in Files("asl-service/fixtures", "*"))
        {
            var id = "asl-service/fixtures/" + file;
            list.Add(new CorpusDefinition(id, serviceValid.Contains(id)));
        }

        // LocalStack: every case's definition ran on AWS.
        foreach (var file in Files("localstack/cases", "*.json"))
        {
            list.Add(new CorpusDefinition("localstack/cases/" + file + "#definition", true));
        }

        list.Add(new CorpusDefinition("bench/workflow20.asl.json", true));
        return list;
    }

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.GetFiles(CorpusPaths.InCorpus(folder), pattern)
            .Select(Path.GetFileName)
            .Select(name => name!)
            .OrderBy(name => name, StringComparer.Ordinal);
}
