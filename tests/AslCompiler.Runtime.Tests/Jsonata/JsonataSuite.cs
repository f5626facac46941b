using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>One case of the official JSONata test suite (v2.0.6), read from ../shared/corpus/jsonata.</summary>
internal sealed record JsonataSuiteCase(string Id, string Expression, JsonValue Input, JsonValue Bindings, JsonValue Case)
{
    public override string ToString() => Id;
}

/// <summary>Loads and runs the official JSONata suite cases.</summary>
internal static class JsonataSuite
{
    private static readonly Lazy<IReadOnlyList<JsonataSuiteCase>> LazyCases = new(Load);

    public static string Root => Path.Combine(CorpusLocator.Root, "jsonata", "v2.0.6");

    public static IReadOnlyList<JsonataSuiteCase> Cases => LazyCases.Value;

    /// <summary>Known failures: id → reason (from JsonataSuiteSkips.txt).</summary>
    public static IReadOnlyDictionary<string, string> Skips { get; } = LoadSkips();

    private static Dictionary<string, string> LoadSkips()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Jsonata", "JsonataSuiteSkips.txt");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var bar = line.IndexOf('|', StringComparison.Ordinal);
            result[bar < 0 ? line : line[..bar].Trim()] = bar < 0 ? string.Empty : line[(bar + 1)..].Trim();
        }

        return result;
    }

    private static List<JsonataSuiteCase> Load()
    {
        var datasets = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "datasets"), "*.json"))
        {
            datasets[Path.GetFileNameWithoutExtension(file)] = JsonValue.Parse(File.ReadAllText(file));
        }

        var cases = new List<JsonataSuiteCase>();
        var groupsDir = Path.Combine(Root, "groups");
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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<string?>> Outcomes = new(StringComparer.Ordinal);

    /// <summary>Runs a case once per test run (the per-case theory and the pass-count fact share the outcome).</summary>
    public static string? Outcome(JsonataSuiteCase testCase) =>
        Outcomes.GetOrAdd(testCase.Id, _ => new Lazy<string?>(() => Run(testCase))).Value;

    /// <summary>Runs a case; returns null when it passes, else what went wrong.</summary>
    public static string? Run(JsonataSuiteCase testCase)
    {
        var c = testCase.Case;
        var options = JsonataOptions.Default with
        {
            MaxDepth = c["depth"].TryGetInt32(out var depth) ? depth : JsonataOptions.Default.MaxDepth,
            Timeout = c["timelimit"].TryGetInt32(out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(5),
        };
        var expression = JsonataExpression.Compile(testCase.Expression);
        var result = expression.Evaluate(testCase.Input, JsonataBindings.FromObject(testCase.Bindings), options);
        var expectedCode = c["code"].TryGetString(out var code) ? code : c["error"]["code"].TryGetString(out var code2) ? code2 : null;
        if (expectedCode is not null)
        {
            if (result.Error is null)
            {
                return $"expected error {expectedCode}, got {(result.Value.IsUndefined ? "undefined" : result.Value.ToJsonString())}";
            }

            if (result.Error.Code != expectedCode)
            {
                return $"expected error {expectedCode}, got {result.Error}";
            }

            if (c["error"]["message"].TryGetString(out var message) && message != result.Error.Message)
            {
                return $"expected message '{message}', got '{result.Error.Message}'";
            }

            return null;
        }

        if (result.Error is not null)
        {
            return $"unexpected error {result.Error}";
        }

        if (c["undefinedResult"].IsTrue)
        {
            return result.Value.IsUndefined ? null : $"expected undefined, got {result.Value.ToJsonString()}";
        }

        var expected = c["result"];
        if (result.Value.IsUndefined)
        {
            return $"expected {expected.ToJsonString()}, got undefined";
        }

        if (c["unordered"].IsTrue && expected.IsArray && result.Value.IsArray)
        {
            var remaining = result.Value.GetArray().ToList();
            foreach (var item in expected.GetArray())
            {
                var index = remaining.FindIndex(x => x.Equals(item));
                if (index < 0)
                {
                    return $"expected {expected.ToJsonString()} (any order), got {result.Value.ToJsonString()}";
                }

                remaining.RemoveAt(index);
            }

            return remaining.Count == 0 ? null : $"expected {expected.ToJsonString()} (any order), got {result.Value.ToJsonString()}";
        }

        return result.Value.Equals(expected) ? null : $"expected {expected.ToJsonString()}, got {result.Value.ToJsonString()}";
    }
}
