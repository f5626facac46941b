using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using AslCompiler.Tests.Shared;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>Loads and runs the official JSONata suite cases.</summary>
internal static class JsonataSuite
{
    private static readonly Lazy<IReadOnlyList<JsonataSuiteCase>> LazyCases = new(() => JsonataSuiteCase.Load(Root));

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
