using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// One case of the official JSONata test suite (v2.0.6) in ../shared/corpus/jsonata, and the loader of all of them
/// (linked into the runtime's and the generator's test projects).
/// </summary>
internal sealed record JsonataSuiteCase(string Id, string Expression, JsonValue Input, JsonValue Bindings, JsonValue Case)
{
    public override string ToString() => Id;

    /// <summary>Every case under <paramref name="root"/> (its datasets and groups folders), in group and file order.</summary>
    public static List<JsonataSuiteCase> Load(string root)
    {
        var datasets = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(root, "datasets"), "*.json"))
        {
            datasets[Path.GetFileNameWithoutExtension(file)] = ParseJson(File.ReadAllText(file));
        }

        var cases = new List<JsonataSuiteCase>();
        var groupsDir = Path.Combine(root, "groups");
        foreach (var groupDir in Directory.GetDirectories(groupsDir).Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileName(groupDir);
            foreach (var file in Directory.GetFiles(groupDir, "*.json").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var content = ParseJson(File.ReadAllText(file));
                if (content.IsArray)
                {
                    var items = content.GetArray();
                    for (var i = 0; i < items.Count; i++)
                    {
                        cases.Add(Create($"{group}/{name}[{i}]", groupDir, items[i], datasets));
                    }
                }
                else
                {
                    cases.Add(Create($"{group}/{name}", groupDir, content, datasets));
                }
            }
        }

        return cases;
    }

    /// <summary>
    /// Reads a case file. Three files hold lone surrogates (<c>\ud800</c>), which System.Text.Json rejects; JSON is
    /// also a JSONata expression, so those are read by evaluating them.
    /// </summary>
    private static JsonValue ParseJson(string text)
    {
        try
        {
            if (JsonValue.TryParse(text, out var value, out _))
            {
                return value;
            }
        }
        catch (InvalidOperationException)
        {
            // lone surrogate: fall through
        }

        var result = JsonataExpression.Compile(text).Evaluate(default);
        return result.IsSuccess ? result.Value : throw new InvalidDataException(result.Error!.ToString());
    }

    private static JsonataSuiteCase Create(string id, string groupDir, JsonValue c, Dictionary<string, JsonValue> datasets)
    {
        var expression = c["expr"].TryGetString(out var e) ? e : File.ReadAllText(Path.Combine(groupDir, c["expr-file"].GetString()));
        JsonValue input = default;
        if (c.GetObject().ContainsKey("data"))
        {
            input = c["data"];
        }
        else if (c["dataset"].TryGetString(out var ds))
        {
            input = datasets[ds];
        }

        return new JsonataSuiteCase(id, expression, input, c["bindings"], c);
    }
}
