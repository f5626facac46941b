using System.Text.Json;

namespace AslCompiler.Language.Tests.Jsonata;

/// <summary>One case of the official JSONata test suite (read from ../shared/corpus at test time).</summary>
public sealed record JsonataCorpusCase(string Id, string Expression, string? ExpectedCode, string? ExpectedToken)
{
    public override string ToString() => Id;
}

/// <summary>Loads the JSONata 2.0.6 conformance suite from the shared corpus.</summary>
public static class JsonataCorpus
{
    private static readonly Lazy<List<JsonataCorpusCase>> Cases = new(Load);

    public static IReadOnlyList<JsonataCorpusCase> All => Cases.Value;

    public static string CorpusDirectory => AslCompiler.Language.Tests.Infrastructure.CorpusPaths.Corpus;

    private static List<JsonataCorpusCase> Load()
    {
        var groups = Path.Combine(CorpusDirectory, "jsonata", "v2.0.6", "groups");
        var cases = new List<JsonataCorpusCase>();
        foreach (var file in Directory.GetFiles(groups, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var group = Path.GetFileName(Path.GetDirectoryName(file)!);
            var name = Path.GetFileNameWithoutExtension(file);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    cases.Add(Read(item, $"{group}/{name}[{index}]", Path.GetDirectoryName(file)!));
                    index++;
                }
            }
            else
            {
                cases.Add(Read(root, $"{group}/{name}", Path.GetDirectoryName(file)!));
            }
        }

        return cases;
    }

    /// <summary>Decodes a raw JSON string token, keeping lone surrogates (System.Text.Json refuses them; the suite has some).</summary>
    private static string DecodeString(string raw)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 1; i < raw.Length - 1; i++)
        {
            var c = raw[i];
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            var e = raw[++i];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u':
                    builder.Append((char)Convert.ToInt32(raw.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: builder.Append(e); break;
            }
        }

        return builder.ToString();
    }

    private static JsonataCorpusCase Read(JsonElement item, string id, string directory)
    {
        var expression = item.TryGetProperty("expr", out var expr)
            ? DecodeString(expr.GetRawText())
            : File.ReadAllText(Path.Combine(directory, item.GetProperty("expr-file").GetString()!));
        string? code = null;
        if (item.TryGetProperty("code", out var codeElement))
        {
            code = codeElement.GetString();
        }
        else if (item.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var errorCode))
        {
            code = errorCode.GetString();
        }

        var token = item.TryGetProperty("token", out var tokenElement) ? tokenElement.GetString() : null;
        return new JsonataCorpusCase(id, expression, code, token);
    }
}
